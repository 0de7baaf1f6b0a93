import type { MouseEvent } from 'react';

/** Where a context menu appears: at the pointer, or under the focused node when opened from the keyboard. */
export type MenuAnchor =
  { kind: 'point'; left: number; top: number } | { kind: 'element'; element: HTMLElement };

/** The context-menu key also fires `contextmenu`, with no pointer position: anchor to the node then. */
export function anchorOf(event: MouseEvent<HTMLElement>): MenuAnchor {
  const fromKeyboard = event.button !== 2 || (event.clientX === 0 && event.clientY === 0);
  return fromKeyboard
    ? { kind: 'element', element: event.currentTarget }
    : { kind: 'point', left: event.clientX, top: event.clientY };
}

/** A MUI Menu's placement for an anchor. */
export const menuPlacement = (anchor: MenuAnchor) =>
  anchor.kind === 'point'
    ? ({ anchorReference: 'anchorPosition', anchorPosition: { left: anchor.left, top: anchor.top } } as const)
    : ({ anchorEl: anchor.element, anchorOrigin: { vertical: 'bottom', horizontal: 'left' } } as const);

/** Shift+F10 and the context-menu key open a node's menu from the keyboard, as in desktop trees. */
export const isMenuKey = (event: { key: string; shiftKey: boolean }) =>
  event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10');
