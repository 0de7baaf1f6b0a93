import Box from '@mui/material/Box';
import type { Theme } from '@mui/material/styles';
import type { VirtualItem } from '@tanstack/react-virtual';
import { useId, useState, type CSSProperties, type FocusEvent, type MouseEvent, type ReactNode } from 'react';
import type { useVirtualListNavigation } from './useVirtualListNavigation';

/** The look every virtualized list's rows share; each list adds its own layout of cells. */
export const virtualRowSx = (height?: number) =>
  ({
    position: 'absolute',
    top: 0,
    left: 0,
    right: 0,
    height,
    alignItems: 'center',
    gap: 1,
    px: 1.5,
    cursor: 'default',
    userSelect: 'none',
    borderBottom: 1,
    borderColor: 'divider',
    typography: 'body2',
    outlineColor: 'primary.main',
    outlineOffset: -1,
    '& > .cell': { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
    '&[aria-selected="true"]': { bgcolor: 'action.selected' },
    '&[aria-selected="false"]:hover': { bgcolor: 'action.hover' },
    // High-contrast modes replace every background: selected rows take the system's selection
    // colours instead, so that the selection still shows.
    '@media (forced-colors: active)': {
      '&[aria-selected="true"]': {
        forcedColorAdjust: 'none',
        bgcolor: 'Highlight',
        color: 'HighlightText',
        '& *': { color: 'inherit' },
      },
    },
  }) as const;

interface Props {
  navigation: ReturnType<typeof useVirtualListNavigation>;
  /** The listbox's accessible name. */
  label: string;
  multiselectable?: boolean;
  activeIndex: number;
  optionId: (index: number) => string;
  /** From `virtualListboxSx`, made once per kind of list. */
  sx: ReturnType<typeof virtualListboxSx>;
  style?: CSSProperties;
  /**
   * What the list says when it is empty, shown above it and read as its description: a listbox
   * may hold only options.
   */
  empty?: ReactNode;
  /** A row on screen, positioned by its `start`. */
  renderItem: (item: VirtualItem) => ReactNode;
  /**
   * Buttons for one row (say, Delete), or null when that row has none. They show over the end of
   * the row under the pointer, or of the keyboard's row while the list has focus, and Tab reaches
   * them from the list. They live beside the listbox, which may hold only options.
   */
  rowActions?: (index: number) => ReactNode;
}

/** Where the focus is, as far as the row actions care. */
type FocusIn = 'none' | 'list' | 'actions';

/**
 * The scrolling listbox of a virtualized list: only the rows on screen exist in the page, inside a
 * spacer as tall as all of them. The keyboard's row is the active descendant while it is drawn.
 */
export function VirtualListbox({
  navigation,
  label,
  multiselectable = false,
  activeIndex,
  optionId,
  sx,
  style,
  empty,
  renderItem,
  rowActions,
}: Props) {
  const { scroller, virtualizer, items, activeOnScreen, onKeyDown } = navigation;
  const emptyId = useId();
  const [hovered, setHovered] = useState<number>();
  const [focusIn, setFocusIn] = useState<FocusIn>('none');
  // While the focus is in the row's buttons they stay on that row, wherever the pointer goes.
  const [heldRow, setHeldRow] = useState<number>();
  const shownRow =
    focusIn === 'actions'
      ? heldRow
      : (hovered ?? (focusIn === 'list' && activeIndex >= 0 ? activeIndex : undefined));
  const offset = virtualizer.scrollOffset ?? 0;
  const shownItem = rowActions && items.find((item) => item.index === shownRow);
  // Only over a row wholly in view: one half scrolled away would put its buttons over the header.
  const inView =
    shownItem !== undefined &&
    shownItem.start >= offset &&
    shownItem.end <= offset + (virtualizer.scrollRect?.height ?? 0);
  const actions = shownItem && inView ? rowActions(shownItem.index) : null;

  const onMouseMove = (event: MouseEvent) => {
    const option = (event.target as Element).closest('[role="option"]');
    setHovered(option ? items.find((item) => optionId(item.index) === option.id)?.index : undefined);
  };
  const onFocus = (event: FocusEvent) => {
    const inActions = event.target.closest('[data-row-actions]') !== null;
    if (inActions && focusIn !== 'actions') setHeldRow(shownRow);
    setFocusIn(inActions ? 'actions' : 'list');
  };
  const onBlur = (event: FocusEvent) => {
    if (!event.currentTarget.contains(event.relatedTarget)) setFocusIn('none');
  };

  return (
    <>
      {empty ? <div id={emptyId}>{empty}</div> : null}
      <Box
        sx={{ position: 'relative', display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }}
        onMouseLeave={() => setHovered(undefined)}
        onFocus={rowActions ? onFocus : undefined}
        onBlur={rowActions ? onBlur : undefined}
      >
        <Box
          ref={scroller}
          role="listbox"
          aria-label={label}
          aria-describedby={empty ? emptyId : undefined}
          aria-multiselectable={multiselectable || undefined}
          aria-activedescendant={activeOnScreen ? optionId(activeIndex) : undefined}
          tabIndex={0}
          onKeyDown={onKeyDown}
          onMouseMove={rowActions ? onMouseMove : undefined}
          sx={sx}
          style={style}
        >
          {/* Inline, not sx: each total would otherwise mint a CSS class, and a style recalculation. */}
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map(renderItem)}
          </div>
        </Box>
        {shownItem && actions ? (
          <Box
            data-row-actions
            // A click acts on the row and may open a dialog: the focus goes back to the list first,
            // so that closing the dialog returns there, not to a button that has since moved.
            onClickCapture={() => scroller.current?.focus()}
            sx={ROW_ACTIONS_SX}
            style={{
              // The listbox's top border is the 1 px above its first row.
              top: 1 + shownItem.start - offset,
              height: shownItem.size,
            }}
          >
            {actions}
          </Box>
        ) : null}
      </Box>
    </>
  );
}

const ROW_ACTIONS_SX = {
  position: 'absolute',
  right: 20,
  display: 'flex',
  alignItems: 'center',
  gap: 0.25,
  px: 0.5,
  bgcolor: 'background.paper',
  borderLeft: 1,
  borderColor: 'divider',
} as const;

const LISTBOX_SX = {
  flex: 1,
  minHeight: 0,
  overflow: 'auto',
  outline: 'none',
  borderTop: 1,
  borderColor: 'divider',
  '&:focus-visible': { boxShadow: (theme: Theme) => `inset 0 0 0 2px ${theme.palette.primary.main}` },
  // High-contrast modes drop box shadows: the focus ring is an outline there.
  '@media (forced-colors: active)': {
    '&:focus-visible': { outline: '2px solid Highlight', outlineOffset: -2 },
  },
} as const;

/**
 * A list's look, its rows' given once to the list rather than to each row, which is then a plain
 * element: drawing a row costs no style work.
 */
export const virtualListboxSx = (rowSx: ReturnType<typeof virtualRowSx> & Record<string, unknown>) =>
  ({ ...LISTBOX_SX, '& [role="option"]': rowSx }) as const;
