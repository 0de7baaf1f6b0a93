import Box from '@mui/material/Box';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import type { ActivateMode, ListSelection } from './useListSelection';
import type { PagedRows } from './usePagedRows';

interface Props<T> {
  paged: PagedRows<T>;
  selection: ListSelection<T>;
  /** The listbox's accessible name. */
  label: string;
  /** Makes the options' ids unique in the page. */
  idPrefix: string;
  rowHeight: number;
  /** What a row shows; its text is also the option's accessible name. */
  renderRow: (row: T) => ReactNode;
  /** Shown instead of the rows when the list is empty. */
  empty?: ReactNode;
}

/**
 * A virtualized, multi-select listbox: only the rows on screen exist in the page, and the keyboard
 * selects as in a desktop list (arrows, Page Up/Down, Home/End, Shift for a range, Space to toggle,
 * Ctrl/Cmd+A for all).
 */
export function VirtualListbox<T extends { id: number }>({
  paged,
  selection,
  label,
  idPrefix,
  rowHeight,
  renderRow,
  empty,
}: Props<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: paged.total,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  const { activeIndex, activate: onActivate } = selection;

  useEffect(() => {
    if (paged.total > 0) paged.ensureRange(first, last);
  }, [paged, first, last]);

  useEffect(() => {
    if (activeIndex >= 0) virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
  }, [activeIndex, virtualizer]);

  // A key can reach a row whose page is still on its way; it is activated when the page arrives.
  const [pending, setPending] = useState<{ index: number; mode: ActivateMode }>();
  const activate = (index: number, mode: ActivateMode) => {
    const row = paged.rowAt(index);
    if (row) {
      setPending(undefined);
      onActivate(index, row, mode);
    } else {
      setPending({ index, mode });
    }
  };

  useEffect(() => {
    const row = pending && paged.rowAt(pending.index);
    if (pending && row) {
      setPending(undefined);
      onActivate(pending.index, row, pending.mode);
    }
  }, [paged, pending, onActivate]);

  const onKeyDown = (event: KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      void selection.selectAll();
      return;
    }
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? rowHeight) / rowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: activeIndex + 1,
      ArrowUp: activeIndex < 0 ? 0 : activeIndex - 1,
      PageDown: activeIndex + page,
      PageUp: activeIndex - page,
      Home: 0,
      End: paged.total - 1,
    };
    const target = moves[event.key];
    if (target !== undefined && paged.total > 0) {
      event.preventDefault();
      const index = Math.min(paged.total - 1, Math.max(0, target));
      paged.ensureRange(index, index);
      activate(index, event.shiftKey ? 'range' : 'single');
    } else if (event.key === ' ' && activeIndex >= 0) {
      event.preventDefault();
      activate(activeIndex, 'toggle');
    }
  };

  const onRowClick = (index: number, event: MouseEvent) =>
    activate(index, event.shiftKey ? 'range' : event.ctrlKey || event.metaKey ? 'toggle' : 'single');

  const optionId = (index: number) => `${idPrefix}-option-${index}`;

  return (
    <Box
      ref={scroller}
      role="listbox"
      aria-label={label}
      aria-multiselectable
      aria-activedescendant={
        activeIndex >= 0 && activeIndex >= first && activeIndex <= last ? optionId(activeIndex) : undefined
      }
      tabIndex={0}
      onKeyDown={onKeyDown}
      sx={{
        flex: 1,
        minHeight: 0,
        overflow: 'auto',
        outline: 'none',
        borderTop: 1,
        borderColor: 'divider',
        '&:focus-visible': { boxShadow: (theme) => `inset 0 0 0 2px ${theme.palette.primary.main}` },
      }}
    >
      {paged.total === 0 && !paged.loading ? empty : null}
      <Box sx={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const row = paged.rowAt(item.index);
          return (
            <Box
              key={item.key}
              id={optionId(item.index)}
              role="option"
              aria-selected={row !== undefined && selection.selected.has(row.id)}
              className={item.index === activeIndex ? 'active' : undefined}
              onClick={(event) => onRowClick(item.index, event)}
              // Inline, not sx: every scroll position would otherwise mint a new CSS class.
              style={{ transform: `translateY(${item.start}px)`, height: rowHeight }}
              sx={ROW_SX}
            >
              {row ? renderRow(row) : <span className="loading">Loading…</span>}
            </Box>
          );
        })}
      </Box>
    </Box>
  );
}

const ROW_SX = {
  position: 'absolute',
  top: 0,
  left: 0,
  right: 0,
  display: 'flex',
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
  '& .loading': { color: 'text.disabled' },
  '&[aria-selected="true"]': { bgcolor: 'action.selected' },
  '&[aria-selected="false"]:hover': { bgcolor: 'action.hover' },
  '&.active': { outline: 1 },
} as const;
