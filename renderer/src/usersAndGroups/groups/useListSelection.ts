import { useCallback, useState } from 'react';
import type { ActivateMode } from '../../common/useVirtualListNavigation';
import type { PagedRows } from '../../common/usePagedRows';

export interface ListSelection<T> {
  /** The selected rows by id, kept as they were read so that a confirmation can name them. */
  selected: ReadonlyMap<number, T>;
  /** The row the keyboard is on (the last one clicked or moved to), or -1. */
  activeIndex: number;
  activate: (index: number, row: T, mode: ActivateMode) => void;
  /** Every row of the list (Ctrl/Cmd+A), however many pages it spans. */
  selectAll: () => Promise<void>;
  clear: () => void;
  /** Selects this row alone, wherever it is (a group just added, say, which the filter may hide). */
  selectOnly: (row: T) => void;
  /** Replaces the kept rows with fresher copies (after a reload), dropping those no longer listed. */
  refresh: (rows: readonly T[]) => void;
}

/**
 * Desktop list selection: a click selects one row, Ctrl/Cmd+click toggles one, Shift+click (or
 * Shift+arrow) selects the range from the anchor (the last row clicked without Shift).
 */
export function useListSelection<T extends { id: number }>(paged: PagedRows<T>): ListSelection<T> {
  const [selected, setSelected] = useState<ReadonlyMap<number, T>>(new Map());
  const [activeIndex, setActiveIndex] = useState(-1);
  const [anchorIndex, setAnchorIndex] = useState(-1);
  const { rowAt, loadAll } = paged;

  const activate = useCallback(
    (index: number, row: T, mode: ActivateMode) => {
      setActiveIndex(index);
      if (mode === 'range' && anchorIndex >= 0) {
        const next = new Map<number, T>();
        for (let i = Math.min(anchorIndex, index); i <= Math.max(anchorIndex, index); i++) {
          const other = rowAt(i);
          if (other) next.set(other.id, other);
        }
        setSelected(next);
        return;
      }
      setAnchorIndex(index);
      if (mode === 'toggle')
        setSelected((current) => {
          const next = new Map(current);
          if (next.has(row.id)) next.delete(row.id);
          else next.set(row.id, row);
          return next;
        });
      else setSelected(new Map([[row.id, row]]));
    },
    [anchorIndex, rowAt],
  );

  const selectAll = useCallback(async () => {
    const rows = await loadAll();
    if (rows) setSelected(new Map(rows.map((row) => [row.id, row])));
  }, [loadAll]);

  const clear = useCallback(() => {
    setSelected(new Map());
    setActiveIndex(-1);
    setAnchorIndex(-1);
  }, []);

  const selectOnly = useCallback((row: T) => {
    setSelected(new Map([[row.id, row]]));
    setActiveIndex(-1);
    setAnchorIndex(-1);
  }, []);

  const refresh = useCallback((rows: readonly T[]) => {
    setSelected((current) => {
      const next = new Map<number, T>();
      for (const row of rows) if (current.has(row.id)) next.set(row.id, row);
      return next;
    });
  }, []);

  return { selected, activeIndex, activate, selectAll, clear, selectOnly, refresh };
}
