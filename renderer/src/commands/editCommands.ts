import { isMacPlatform } from './platform';

/**
 * The Edit and zoom commands where the page must do them itself: in the browser host, whose menu
 * bar is part of the page, and for Select All, which selects a focused list's rows.
 */

/** Marks the menu bar, its menus and the palette: focus there is not where the user was working. */
export const COMMAND_SURFACE = 'data-command-surface';

let lastFocused: HTMLElement | undefined;

/** Remembers where the user was, so that a command chosen from the menu bar acts there. */
export function trackFocus(): () => void {
  const onFocusIn = (event: FocusEvent) => {
    const target = event.target;
    if (target instanceof HTMLElement && !target.closest(`[${COMMAND_SURFACE}]`)) lastFocused = target;
  };
  document.addEventListener('focusin', onFocusIn);
  return () => document.removeEventListener('focusin', onFocusIn);
}

/** The element the user was working in, focused again (the menu took the focus away). */
function workingElement(): HTMLElement | undefined {
  const active = document.activeElement;
  const current =
    active instanceof HTMLElement && active !== document.body && !active.closest(`[${COMMAND_SURFACE}]`)
      ? active
      : lastFocused?.isConnected
        ? lastFocused
        : undefined;
  current?.focus();
  return current;
}

/**
 * In a list, every row; elsewhere, the text. The list is sent the key press its own handler knows
 * (each list selects in its own way: loaded users, every group), which marks it handled.
 */
export function selectAll(): void {
  const element = workingElement();
  if (element?.closest('[role="listbox"], [role="grid"]')) {
    const press = new KeyboardEvent('keydown', {
      key: 'a',
      bubbles: true,
      cancelable: true,
      ctrlKey: !isMacPlatform(),
      metaKey: isMacPlatform(),
    });
    element.dispatchEvent(press);
    if (press.defaultPrevented) return;
  }
  execEdit('selectAll');
}

export type TextEdit = 'undo' | 'redo' | 'cut' | 'copy';

export function editText(edit: TextEdit): void {
  workingElement();
  execEdit(edit);
}

/** Pasting needs the clipboard's text, which the browser hands out only when asked. */
export async function pasteText(): Promise<void> {
  const text = await navigator.clipboard.readText();
  workingElement();
  execEdit('insertText', text);
}

/**
 * The page's only way to edit a text field as the browser's own menu would (with undo history and
 * input events); the replacement APIs cover the clipboard, not undo, redo or typing.
 */
function execEdit(command: string, value?: string): boolean {
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  return document.execCommand(command, false, value);
}

const ZOOM_STEPS = [0.5, 0.67, 0.75, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2];

/** The browser host's zoom; Electron zooms the window itself. */
export function zoom(change: 'in' | 'out' | 'reset'): void {
  const root = document.documentElement;
  const current = Number(root.style.zoom || 1);
  const index = ZOOM_STEPS.findIndex((step) => step >= current);
  const step = Math.min(ZOOM_STEPS.length - 1, Math.max(0, index + (change === 'in' ? 1 : -1)));
  root.style.zoom = String(change === 'reset' ? 1 : (ZOOM_STEPS[step] ?? 1));
}
