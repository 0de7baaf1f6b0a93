import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../electron/common/logger';
import type { PermissionSession } from '../../electron/main/hardening/permissionPolicy';
import { guardWebContents, mayNavigate } from '../../electron/main/hardening/webContentsGuard';

const APP = ['app://roster'];

/** Web contents as far as the guard sees them: events it can prevent, a window-open handler, a session. */
class FakeContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
  readonly session: PermissionSession = {
    setPermissionRequestHandler: () => undefined,
    setPermissionCheckHandler: () => undefined,
  };
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }) {
    this.windowOpenHandler = handler;
  }
  /** Emits `name` as Electron does and says whether a listener prevented it. */
  fire(name: string, details: Record<string, unknown> = {}): boolean {
    let prevented = false;
    this.emit(name, { ...details, preventDefault: () => (prevented = true) });
    return prevented;
  }
}

function guarded() {
  const contents = new FakeContents();
  const logger = {
    info: vi.fn<Logger['info']>(),
    warn: vi.fn<Logger['warn']>(),
    error: vi.fn<Logger['error']>(),
  };
  const openExternal = vi.fn<(url: string) => Promise<string>>(() => Promise.resolve('opened'));
  const guardPermissions = vi.fn<(session: PermissionSession) => void>();
  guardWebContents(contents, {
    appOrigins: APP,
    openExternal,
    guardPermissions,
    logger,
  });
  return { contents, logger, openExternal, guardPermissions };
}

describe('mayNavigate', () => {
  it.each([
    ['app://roster/index.html', true],
    ['app://roster/#/instances', true],
    ['app://other/index.html', false],
    ['https://evil.example/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('%s → %s', (url, allowed) => {
    expect(mayNavigate(url, APP)).toBe(allowed);
  });
});

describe('guardWebContents', () => {
  it('guards the permissions of the session the contents use', () => {
    const { contents, guardPermissions } = guarded();
    expect(guardPermissions).toHaveBeenCalledExactlyOnceWith(contents.session);
  });

  it('refuses every webview', () => {
    const { contents, logger } = guarded();
    expect(contents.fire('will-attach-webview')).toBe(true);
    expect(logger.warn).toHaveBeenCalledWith('a webview was refused');
  });

  it.each(['will-navigate', 'will-redirect'])('%s stays within the app’s origin', (event) => {
    const { contents, logger } = guarded();
    expect(contents.fire(event, { url: 'app://roster/index.html#/x' })).toBe(false);
    expect(logger.warn).not.toHaveBeenCalled();
    expect(contents.fire(event, { url: 'https://evil.example/login?token=abc' })).toBe(true);
    expect(logger.warn).toHaveBeenCalledOnce();
    // The origin only: the rest of an address may carry a token.
    expect(JSON.stringify(logger.warn.mock.calls)).not.toContain('token=abc');
    expect(logger.warn.mock.calls[0]?.[1]).toEqual({ origin: 'https://evil.example' });
  });

  it('blocks a subframe leaving the app, and leaves the top frame to will-navigate', () => {
    const { contents, logger } = guarded();
    expect(contents.fire('will-frame-navigate', { url: 'https://evil.example/', isMainFrame: false })).toBe(
      true,
    );
    expect(contents.fire('will-frame-navigate', { url: 'app://roster/frame.html', isMainFrame: false })).toBe(
      false,
    );
    expect(contents.fire('will-frame-navigate', { url: 'https://evil.example/', isMainFrame: true })).toBe(
      false,
    );
    expect(logger.warn).toHaveBeenCalledOnce();
  });

  it('opens no window: the link goes to the guarded external opener', () => {
    const { contents, openExternal } = guarded();
    expect(contents.windowOpenHandler?.({ url: 'https://docs.example/page' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    // The opener judges every address (it refuses file:); the guard only never opens a window.
    expect(openExternal.mock.calls).toEqual([['https://docs.example/page'], ['file:///etc/passwd']]);
  });

  it('logs an opener that fails rather than leaving the rejection unhandled', async () => {
    const { contents, openExternal, logger } = guarded();
    const failure = new Error('no browser');
    openExternal.mockRejectedValueOnce(failure);
    contents.windowOpenHandler?.({ url: 'https://docs.example/' });
    await vi.waitFor(() => expect(logger.error).toHaveBeenCalledWith('opening a link failed', failure));
  });
});
