import Box from '@mui/material/Box';
import type { Theme } from '@mui/material/styles';
import type { VirtualItem } from '@tanstack/react-virtual';
import { useId, type CSSProperties, type ReactNode } from 'react';
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
}

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
}: Props) {
  const { scroller, virtualizer, items, activeOnScreen, onKeyDown } = navigation;
  const emptyId = useId();
  return (
    <>
      {empty ? <div id={emptyId}>{empty}</div> : null}
      <Box
        ref={scroller}
        role="listbox"
        aria-label={label}
        aria-describedby={empty ? emptyId : undefined}
        aria-multiselectable={multiselectable || undefined}
        aria-activedescendant={activeOnScreen ? optionId(activeIndex) : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        sx={sx}
        style={style}
      >
        {/* Inline, not sx: each total would otherwise mint a CSS class, and a style recalculation. */}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map(renderItem)}
        </div>
      </Box>
    </>
  );
}

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
