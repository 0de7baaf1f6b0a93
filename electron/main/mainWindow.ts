import { BrowserWindow, shell } from 'electron';
import path from 'node:path';
import { originOf } from '../rpc/trustedSender';
import type { SettingsStore } from '../settings/settingsStore';
import { rememberWindowState, restoredWindowState } from './windowState';

export interface MainWindowOptions {
  settings: SettingsStore;
  /** app://roster/index.html, or the dev server's address under `electron-vite dev`. */
  rendererUrl: string;
  backgroundColor: string;
}

export function createMainWindow({
  settings,
  rendererUrl,
  backgroundColor,
}: MainWindowOptions): BrowserWindow {
  const state = restoredWindowState(settings);
  const window = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Roster',
    backgroundColor,
    webPreferences: {
      preload: path.join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  if (state.maximized) window.maximize();
  rememberWindowState(window, settings);
  window.once('ready-to-show', () => window.show());

  const allowedOrigin = originOf(rendererUrl);
  window.webContents.on('will-navigate', (event, url) => {
    if (originOf(url) !== allowedOrigin) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    // Links to the web (documentation, say) open in the user's browser, never in an app window.
    if (url.startsWith('https:')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  void window.loadURL(rendererUrl);
  return window;
}
