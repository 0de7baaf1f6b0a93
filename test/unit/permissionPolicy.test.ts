import { describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../electron/common/logger';
import {
  createPermissionGuard,
  isPermissionGranted,
  type PermissionSession,
} from '../../electron/main/hardening/permissionPolicy';

const APP = ['app://roster'];

type RequestHandler = Parameters<PermissionSession['setPermissionRequestHandler']>[0];
type CheckHandler = Parameters<PermissionSession['setPermissionCheckHandler']>[0];

/** A session that keeps the handlers it is given, as Electron's does. */
function fakeSession() {
  const held: { request?: RequestHandler; check?: CheckHandler } = {};
  const session = {
    setPermissionRequestHandler: vi.fn((handler: RequestHandler) => (held.request = handler)),
    setPermissionCheckHandler: vi.fn((handler: CheckHandler) => (held.check = handler)),
  };
  const request = (permission: string, details: { requestingUrl?: string; isMainFrame?: boolean }) => {
    if (!held.request) throw new Error('no request handler');
    let answer: boolean | undefined;
    held.request(null, permission, (granted) => (answer = granted), details);
    return answer;
  };
  const check = (
    permission: string,
    origin: string,
    details: { requestingUrl?: string; isMainFrame?: boolean },
  ) => {
    if (!held.check) throw new Error('no check handler');
    return held.check(null, permission, origin, details);
  };
  return { session, request, check };
}

const fakeLogger = () => ({
  info: vi.fn<Logger['info']>(),
  warn: vi.fn<Logger['warn']>(),
  error: vi.fn<Logger['error']>(),
});

describe('isPermissionGranted', () => {
  it.each([
    'media',
    'geolocation',
    'notifications',
    'clipboard-read',
    'openExternal',
    'fullscreen',
    'hid',
    'unknown',
  ])('denies %s even to the app itself', (permission) => {
    expect(isPermissionGranted(permission, { url: 'app://roster/index.html', isMainFrame: true }, APP)).toBe(
      false,
    );
  });

  it('lets the app’s own top-level page write to the clipboard (its Copy buttons)', () => {
    expect(
      isPermissionGranted(
        'clipboard-sanitized-write',
        { url: 'app://roster/index.html', isMainFrame: true },
        APP,
      ),
    ).toBe(true);
  });

  it.each([
    ['another origin', { url: 'https://evil.example/', isMainFrame: true }],
    ['a subframe of the app', { url: 'app://roster/frame.html', isMainFrame: false }],
    ['an unknown asker', { url: undefined, isMainFrame: true }],
    ['something that is not a URL', { url: 'not a url', isMainFrame: true }],
  ])('denies the clipboard to %s', (_label, asker) => {
    expect(isPermissionGranted('clipboard-sanitized-write', asker, APP)).toBe(false);
  });
});

describe('createPermissionGuard', () => {
  it('answers every request and check of a session by the policy, and logs denied requests', () => {
    const logger = fakeLogger();
    const { session, request, check } = fakeSession();
    createPermissionGuard(APP, logger)(session);

    expect(request('media', { requestingUrl: 'app://roster/index.html', isMainFrame: true })).toBe(false);
    expect(
      request('geolocation', { requestingUrl: 'https://evil.example/page?token=abc', isMainFrame: true }),
    ).toBe(false);
    expect(
      request('clipboard-sanitized-write', { requestingUrl: 'app://roster/index.html', isMainFrame: true }),
    ).toBe(true);
    expect(check('notifications', 'app://roster', { isMainFrame: true })).toBe(false);
    expect(check('clipboard-sanitized-write', 'app://roster', { isMainFrame: true })).toBe(true);
    expect(check('clipboard-sanitized-write', 'https://evil.example', { isMainFrame: true })).toBe(false);

    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(logger.warn).toHaveBeenCalledWith('permission request denied', {
      permission: 'media',
      origin: 'app://roster',
    });
    // The origin, never the page's address with its query.
    expect(logger.warn).toHaveBeenCalledWith('permission request denied', {
      permission: 'geolocation',
      origin: 'https://evil.example',
    });
  });

  it('sets a shared session’s handlers once', () => {
    const guard = createPermissionGuard(APP, fakeLogger());
    const { session } = fakeSession();
    guard(session);
    guard(session);
    expect(session.setPermissionRequestHandler).toHaveBeenCalledTimes(1);
    expect(session.setPermissionCheckHandler).toHaveBeenCalledTimes(1);
    const other = fakeSession();
    guard(other.session);
    expect(other.session.setPermissionRequestHandler).toHaveBeenCalledTimes(1);
  });
});
