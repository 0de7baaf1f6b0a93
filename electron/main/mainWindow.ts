import { BrowserWindow } from 'electron';
import path from 'node:path';
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
  // Navigation, new windows and permissions are guarded for every web contents: hardenElectron.ts.
  void window.loadURL(rendererUrl);
  return window;
}
