import { describe, expect, it } from 'vitest';
import { isTrustedSender, originOf } from '../../electron/rpc/trustedSender';

/** The origins the desktop app allows: its packaged page, and the dev server while developing. */
const allowed = ['app://roster', 'http://localhost:5173'] as const;
const mainFrame = (url: string) => ({ url, isMainFrame: true });

describe('isTrustedSender', () => {
  it.each(['app://roster/index.html', 'app://roster/', 'app://roster/index.html#/instances?x=1'])(
    'accepts the packaged page %s in the main frame',
    (url) => {
      expect(isTrustedSender(mainFrame(url), allowed)).toBe(true);
    },
  );

  it('accepts the dev server only while it is an allowed origin', () => {
    expect(isTrustedSender(mainFrame('http://localhost:5173/'), allowed)).toBe(true);
    expect(isTrustedSender(mainFrame('http://localhost:5173/'), ['app://roster'])).toBe(false);
  });

  it('refuses the app page when it is loaded in an iframe', () => {
    expect(isTrustedSender({ url: 'app://roster/index.html', isMainFrame: false }, allowed)).toBe(false);
    expect(isTrustedSender({ url: 'http://localhost:5173/', isMainFrame: false }, allowed)).toBe(false);
  });

  it('refuses a sender whose frame is gone', () => {
    expect(isTrustedSender(null, allowed)).toBe(false);
  });

  it.each([
    'https://evil.example/',
    'http://localhost:5174/',
    'https://localhost:5173/',
    'http://127.0.0.1:5173/',
    'http://localhost:5173.evil.example/',
    'http://evil.example/?u=http://localhost:5173',
    'app://evil/index.html',
    'app://roster.evil/index.html',
    'app://roster:8080/index.html',
    'app://user@evil/index.html',
    'myapp://roster/index.html',
    'file:///index.html',
    'file:///home/someone/roster/index.html',
    'file://roster/index.html',
    'data:text/html,<script>1</script>',
    'blob:app://roster/0b6c7a2e-59a4-4f7e-8a43-1d2c3b4a5f60',
    'about:blank',
    'javascript:alert(1)',
  ])('refuses the main frame at %s', (url) => {
    expect(isTrustedSender(mainFrame(url), allowed)).toBe(false);
  });

  it.each(['', 'not a url', 'app//roster/index.html', '//roster/index.html', 'http://', 'http://[::1/'])(
    'refuses the malformed URL %j',
    (url) => {
      expect(isTrustedSender(mainFrame(url), allowed)).toBe(false);
    },
  );

  it('refuses everything when no origin is allowed', () => {
    expect(isTrustedSender(mainFrame('app://roster/index.html'), [])).toBe(false);
  });

  it('accepts the page whose own URL the allowed origin was derived from (as electron/main/index.ts derives it)', () => {
    // electron/main/index.ts passes `[originOf(rendererUrl)]`; the packaged renderer is app://roster/index.html.
    for (const rendererUrl of ['app://roster/index.html', 'http://localhost:5173/']) {
      expect(isTrustedSender(mainFrame(rendererUrl), [originOf(rendererUrl) ?? '']), rendererUrl).toBe(true);
    }
  });

  it('gives custom schemes their own origin, where WHATWG URL says "null"', () => {
    expect(new URL('app://roster/index.html').origin).toBe('null');
    expect(originOf('app://roster/index.html')).toBe('app://roster');
    expect(originOf('app://other/index.html')).toBe('app://other');
    expect(originOf('http://localhost:5173/x?y')).toBe('http://localhost:5173');
    expect(originOf('not a url')).toBeUndefined();
  });
});
