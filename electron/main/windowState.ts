import { screen, type BrowserWindow, type Rectangle } from 'electron';
import type { WindowState } from '../settings/settingsSchema';
import type { SettingsStore } from '../settings/settingsStore';

const DEFAULT_STATE: WindowState = { width: 1280, height: 800, maximized: false };
const SAVE_DELAY_MS = 400;

/** The saved bounds, unless they would put the window off every connected display. */
export function restoredWindowState(settings: SettingsStore): WindowState {
  const saved = settings.get('window') ?? DEFAULT_STATE;
  if (saved.x === undefined || saved.y === undefined) return saved;
  const bounds: Rectangle = { x: saved.x, y: saved.y, width: saved.width, height: saved.height };
  const visible = screen.getAllDisplays().some(({ workArea }) => overlaps(workArea, bounds));
  return visible ? saved : { width: saved.width, height: saved.height, maximized: saved.maximized };
}

export function rememberWindowState(window: BrowserWindow, settings: SettingsStore): void {
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    if (window.isDestroyed() || window.isMinimized()) return;
    const maximized = window.isMaximized();
    const bounds = maximized ? window.getNormalBounds() : window.getBounds();
    settings.set('window', { ...bounds, maximized });
  };
  const saveSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
  };
  window.on('resize', saveSoon);
  window.on('move', saveSoon);
  window.on('close', () => {
    clearTimeout(timer);
    save();
  });
}

function overlaps(a: Rectangle, b: Rectangle): boolean {
  const MIN_VISIBLE = 50;
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width >= MIN_VISIBLE && height >= MIN_VISIBLE;
}
