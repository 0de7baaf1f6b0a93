import { commandOf, type CommandId } from './commands';

/** The modifier and key state of a keyboard event, as both DOM and Electron events have it. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

interface Chord {
  ctrl: boolean;
  meta: boolean;
  shift: boolean;
  alt: boolean;
  key: string;
}

/** Reads Electron's accelerator syntax ("CmdOrCtrl+Shift+P") for one platform. */
export function parseAccelerator(accelerator: string, mac: boolean): Chord {
  const parts = accelerator.split('+');
  // "CmdOrCtrl++" names the plus key itself.
  const key = accelerator.endsWith('++') ? '+' : (parts.pop() ?? '');
  const modifiers = new Set(parts.filter(Boolean).map((part) => part.toLowerCase()));
  const has = (...names: string[]) => names.some((name) => modifiers.has(name));
  const cmdOrCtrl = has('cmdorctrl', 'commandorcontrol');
  return {
    ctrl: has('ctrl', 'control') || (cmdOrCtrl && !mac),
    meta: has('cmd', 'command', 'super', 'meta') || (cmdOrCtrl && mac),
    shift: has('shift'),
    alt: has('alt', 'option'),
    key: key.toLowerCase(),
  };
}

/** The keys that name the same key as an accelerator's, whatever the keyboard's shift state. */
const SAME_KEY: Record<string, string> = { '=': '+', '+': '=', '-': '_', _: '-' };

export function matchesAccelerator(press: KeyPress, accelerator: string, mac: boolean): boolean {
  const chord = parseAccelerator(accelerator, mac);
  const key = press.key.toLowerCase();
  return (
    press.ctrlKey === chord.ctrl &&
    press.metaKey === chord.meta &&
    press.altKey === chord.alt &&
    (press.shiftKey === chord.shift || SAME_KEY[chord.key] === key) &&
    (key === chord.key || SAME_KEY[chord.key] === key)
  );
}

const MAC_SYMBOLS: Record<string, string> = { backspace: '⌫', delete: '⌦', enter: '↩' };

/** How a menu or the palette shows an accelerator: "Ctrl+Shift+P", or "⇧⌘P" on macOS. */
export function displayAccelerator(accelerator: string, mac: boolean): string {
  const chord = parseAccelerator(accelerator, mac);
  const key =
    chord.key.length === 1 ? chord.key.toUpperCase() : chord.key.charAt(0).toUpperCase() + chord.key.slice(1);
  if (mac) {
    const symbol = MAC_SYMBOLS[chord.key] ?? key;
    return `${chord.ctrl ? '⌃' : ''}${chord.alt ? '⌥' : ''}${chord.shift ? '⇧' : ''}${chord.meta ? '⌘' : ''}${symbol}`;
  }
  return [chord.ctrl && 'Ctrl', chord.alt && 'Alt', chord.shift && 'Shift', chord.meta && 'Meta', key]
    .filter(Boolean)
    .join('+');
}

/** The shortcut a command shows on this platform: its accelerator, or its key where it applies. */
export function shortcutOf(id: CommandId, mac: boolean): string | undefined {
  const command = commandOf(id);
  const accelerator = command.accelerator ?? command.contextKey?.[mac ? 'mac' : 'other'];
  return accelerator === undefined ? undefined : displayAccelerator(accelerator, mac);
}

/** Whether a key press is the command's key where it applies (Delete on a navigator node, say). */
export function isContextKey(press: KeyPress, id: CommandId, mac: boolean): boolean {
  const key = commandOf(id).contextKey?.[mac ? 'mac' : 'other'];
  return key !== undefined && matchesAccelerator(press, key, mac);
}
