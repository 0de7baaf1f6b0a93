import { describe, expect, it } from 'vitest';
import { APP_RENDERER_URL, rendererUrlFor } from '../../electron/main/hardening/rendererUrl';

const DEV_SERVER = 'http://localhost:5173';

describe('rendererUrlFor', () => {
  it('loads the built renderer from app://roster when nothing else is asked', () => {
    expect(rendererUrlFor({ isPackaged: false, env: {} })).toBe('app://roster/index.html');
    expect(APP_RENDERER_URL).toBe('app://roster/index.html');
  });

  it('follows ELECTRON_RENDERER_URL while developing', () => {
    expect(rendererUrlFor({ isPackaged: false, env: { ELECTRON_RENDERER_URL: DEV_SERVER } })).toBe(
      DEV_SERVER,
    );
  });

  it('ignores ELECTRON_RENDERER_URL in a packaged app', () => {
    expect(
      rendererUrlFor({ isPackaged: true, env: { ELECTRON_RENDERER_URL: 'https://attacker.example' } }),
    ).toBe(APP_RENDERER_URL);
  });

  it('ignores an empty ELECTRON_RENDERER_URL', () => {
    expect(rendererUrlFor({ isPackaged: false, env: { ELECTRON_RENDERER_URL: '' } })).toBe(APP_RENDERER_URL);
  });
});
