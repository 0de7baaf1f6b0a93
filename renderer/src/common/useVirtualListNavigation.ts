import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';

export type ActivateMode = 'single' | 'toggle' | 'range';

/** What a list needs of its rows: how many, the loaded ones, and a way to ask for more. */
export interface RowSource<T> {
  total: number;
  rowAt: (index: number) => T | undefined;
  ensureRange: (start: number, end: number) => void;
}

interface Args<T> {
  rows: RowSource<T>;
  rowHeight: number;
  /** The row the keyboard is on, or -1. */
  activeIndex: number;
  onActivate: (index: number, row: T, mode: ActivateMode) => void;
  /** Ctrl/Cmd+A, when the list selects everything itself. */
  onSelectAll?: () => void;
}

/**
 * A virtualized list's rows and keys as in a desktop list: only the rows on screen exist in the
 * page, their pages are asked for as they come into view, and arrows, Page Up/Down and Home/End
 * move (Shift for a range, Space toggles). A key may reach a row whose page is still on its way: it
 * is activated when the page arrives.
 */
export function useVirtualListNavigation<T>({
  rows,
  rowHeight,
  activeIndex,
  onActivate,
  onSelectAll,
}: Args<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.total,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (rows.total > 0) rows.ensureRange(first, last);
  }, [rows, first, last]);

  useEffect(() => {
    if (activeIndex >= 0) virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
  }, [activeIndex, virtualizer]);

  const [pending, setPending] = useState<{ index: number; mode: ActivateMode }>();
  const activate = (index: number, mode: ActivateMode) => {
    const row = rows.rowAt(index);
    if (row === undefined) {
      setPending({ index, mode });
      return;
    }
    setPending(undefined);
    onActivate(index, row, mode);
  };

  useEffect(() => {
    const row = pending && rows.rowAt(pending.index);
    if (pending && row !== undefined) {
      setPending(undefined);
      onActivate(pending.index, row, pending.mode);
    }
  }, [rows, pending, onActivate]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (onSelectAll && (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      onSelectAll();
      return;
    }
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? rowHeight) / rowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: activeIndex + 1,
      ArrowUp: activeIndex - 1,
      PageDown: activeIndex + page,
      PageUp: activeIndex - page,
      Home: 0,
      End: rows.total - 1,
    };
    const target = moves[event.key];
    if (target !== undefined && rows.total > 0) {
      event.preventDefault();
      const index = Math.min(rows.total - 1, Math.max(0, target));
      rows.ensureRange(index, index);
      activate(index, event.shiftKey ? 'range' : 'single');
    } else if (event.key === ' ' && activeIndex >= 0) {
      event.preventDefault();
      activate(activeIndex, 'toggle');
    }
  };

  // Stable across renders, so that memoised rows whose content did not change skip drawing again.
  const latestActivate = useRef(activate);
  useEffect(() => {
    latestActivate.current = activate;
  });
  const onRowClick = useCallback((index: number, event: MouseEvent) => {
    latestActivate.current(
      index,
      event.shiftKey ? 'range' : event.ctrlKey || event.metaKey ? 'toggle' : 'single',
    );
  }, []);

  /** The option the keyboard is on, when it is drawn (aria-activedescendant must name an element). */
  const activeOnScreen = activeIndex >= 0 && activeIndex >= first && activeIndex <= last;

  return { scroller, virtualizer, items, activeOnScreen, onKeyDown, onRowClick };
}
