import { describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../electron/common/logger';
import {
  confirmInMessageBox,
  createExternalOpener,
  remoteInstanceOrigins,
  type ShowMessageBox,
} from '../../electron/main/hardening/externalOpener';
import type { StoredInstance } from '../../shared/domain/instance';

const INSTANCE = 'https://integrate.example.com:8443';

function opener(options: { confirms?: boolean; trusted?: string[] } = {}) {
  const openExternal = vi.fn<(url: string) => Promise<void>>(() => Promise.resolve());
  const confirm = vi.fn<(url: string) => Promise<boolean>>(() => Promise.resolve(options.confirms ?? false));
  let trusted = options.trusted ?? [INSTANCE];
  const logger = {
    info: vi.fn<Logger['info']>(),
    warn: vi.fn<Logger['warn']>(),
    error: vi.fn<Logger['error']>(),
  };
  const open = createExternalOpener({ openExternal, confirm, trustedOrigins: () => trusted, logger });
  return { open, openExternal, confirm, logger, setTrusted: (next: string[]) => (trusted = next) };
}

const logged = (logger: { info: { mock: { calls: unknown[] } }; warn: { mock: { calls: unknown[] } } }) =>
  JSON.stringify([logger.info.mock.calls, logger.warn.mock.calls]);

describe('the external opener', () => {
  it('opens an https address on a remote instance at once', async () => {
    const { open, openExternal, confirm } = opener();
    expect(await open(`${INSTANCE}/api/docs`)).toBe('opened');
    expect(openExternal).toHaveBeenCalledExactlyOnceWith(`${INSTANCE}/api/docs`);
    expect(confirm).not.toHaveBeenCalled();
  });

  it('reads the trusted origins at every call', async () => {
    const { open, confirm, setTrusted } = opener({ confirms: false });
    setTrusted([]);
    expect(await open(`${INSTANCE}/`)).toBe('declined');
    setTrusted(['https://new.example']);
    expect(await open('https://new.example/help')).toBe('opened');
    expect(confirm).toHaveBeenCalledOnce();
  });

  it('asks first for any other https address, showing it whole, and opens it when the user agrees', async () => {
    const { open, openExternal, confirm } = opener({ confirms: true });
    const url = 'https://elsewhere.example/a/b?c=d#e';
    expect(await open(url)).toBe('opened');
    expect(confirm).toHaveBeenCalledExactlyOnceWith(url);
    expect(openExternal).toHaveBeenCalledExactlyOnceWith(url);
  });

  it('opens nothing when the user declines', async () => {
    const { open, openExternal, logger } = opener({ confirms: false });
    expect(await open('https://elsewhere.example/invite/SECRET-TOKEN')).toBe('declined');
    expect(openExternal).not.toHaveBeenCalled();
    expect(logger.info).toHaveBeenCalledWith('the user chose not to open an address', {
      origin: 'https://elsewhere.example',
    });
    expect(logged(logger)).not.toContain('SECRET-TOKEN');
  });

  it('does not take an instance’s host on another port or scheme for the instance', async () => {
    const { open, confirm } = opener({ confirms: false });
    expect(await open('https://integrate.example.com/')).toBe('declined');
    expect(await open('https://integrate.example.com.evil.example:8443/')).toBe('declined');
    expect(confirm).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['http', `http://integrate.example.com:8443/`],
    ['file', 'file:///etc/passwd'],
    ['javascript', 'javascript:alert(1)'],
    ['a custom scheme', 'ms-settings:privacy'],
    ['mailto', 'mailto:someone@example.com?subject=token-123'],
  ])('refuses %s without asking, logs it, never opens it', async (_label, url) => {
    const { open, openExternal, confirm, logger } = opener({ confirms: true });
    expect(await open(url)).toBe('refused');
    expect(openExternal).not.toHaveBeenCalled();
    expect(confirm).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledWith('refused to open a non-https address', {
      scheme: new URL(url).protocol,
    });
    expect(logged(logger)).not.toContain('token-123');
  });

  it('refuses what is not a URL at all', async () => {
    const { open, openExternal, logger } = opener({ confirms: true });
    expect(await open('not a url')).toBe('refused');
    expect(openExternal).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledWith('refused to open an address that is not a URL');
  });

  it('logs what it opened by origin only', async () => {
    const { open, logger } = opener();
    await open(`${INSTANCE}/invite/SECRET-TOKEN?x=1`);
    expect(logger.info).toHaveBeenCalledWith('opened an address in the browser', {
      origin: INSTANCE,
      asked: false,
    });
    expect(logged(logger)).not.toContain('SECRET-TOKEN');
  });
});

describe('remoteInstanceOrigins', () => {
  it('gives the origin of every remote instance and none of a local one', () => {
    const instances = [
      { id: 'a', kind: 'local', name: 'Local', file: 'x.sqlite' },
      {
        id: 'b',
        kind: 'remote',
        name: 'R',
        url: 'https://integrate.example.com:8443/',
        username: 'u',
        timeoutSeconds: 5,
      },
      { id: 'c', kind: 'remote', name: 'S', url: 'https://other.example', username: 'u', timeoutSeconds: 5 },
    ] as unknown as StoredInstance[];
    expect(remoteInstanceOrigins(instances)).toEqual([INSTANCE, 'https://other.example']);
    expect(remoteInstanceOrigins(undefined)).toEqual([]);
  });
});

describe('confirmInMessageBox', () => {
  it('shows the whole address with Cancel as the default, and is true only for Open', async () => {
    const showMessageBox = vi.fn<ShowMessageBox>(() => Promise.resolve({ response: 0 }));
    const confirm = confirmInMessageBox(showMessageBox);
    const url = 'https://elsewhere.example/a?b=c';
    expect(await confirm(url)).toBe(true);
    const [options] = showMessageBox.mock.calls[0] ?? [];
    expect(options).toMatchObject({ detail: url, defaultId: 1, cancelId: 1 });
    expect(options?.buttons[0]).toBe('Open in browser');
    showMessageBox.mockResolvedValueOnce({ response: 1 });
    expect(await confirm(url)).toBe(false);
  });
});
