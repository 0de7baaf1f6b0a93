import { useMemo, useState, type KeyboardEvent } from 'react';
import { BULK_MAX, type UserSummary } from '../../../../../shared/domain/directory';
import type { UserFilters } from '../filters/userFilters';
import { ROWS_PER_PAGE, type PagedRows } from '../../../common/usePagedRows';
import { EveryUserBut, listingFilters, selectedCount, toggled, type ListSelection } from './selection';

interface Args {
  query: string;
  filters: UserFilters;
  paged: PagedRows<UserSummary>;
  /** The list's selection by id, which the Users tab keeps (clicks, Shift and Ctrl ranges). */
  selectedIds: ReadonlySet<number>;
  setSelectedIds: (ids: ReadonlySet<number>) => void;
}

/** Whether every loaded row is selected, and how many rows are loaded. */
export interface LoadedRows {
  count: number;
  allSelected: boolean;
}

/**
 * The Users tab's selection, widened to "every matching user": the tab keeps its selection by id,
 * and this adds the other kind over it, with Select all (Ctrl+A) and Clear.
 */
export function useBulkSelection({ query, filters, paged, selectedIds, setSelectedIds }: Args) {
  const listing = listingFilters(query, filters);
  const key = JSON.stringify(listing);
  const [matching, setMatching] = useState<{ key: string; except: ReadonlySet<number> }>();
  // A "matching" selection made under other filters is void: derived here, so that no render shows it.
  const active = matching?.key === key ? matching : undefined;

  // The same objects while nothing they hold changes: the tab's actions, memoised, skip keystrokes.
  const byIds: ListSelection = useMemo(() => ({ kind: 'ids', ids: selectedIds }), [selectedIds]);
  const matchingAll = useMemo(
    (): ListSelection | undefined =>
      active && {
        kind: 'matching',
        filters: listingFilters(query, filters),
        total: paged.total,
        except: active.except,
      },
    [active, query, filters, paged.total],
  );
  const selection = matchingAll ?? byIds;

  const shownIds = useMemo(
    () => (active ? new EveryUserBut(active.except) : selectedIds),
    [active, selectedIds],
  );

  /** The rows loaded now, in list order (up to what one request may name). */
  const loadedRows = (): UserSummary[] => {
    const rows: UserSummary[] = [];
    for (let index = 0; index < paged.total && rows.length < BULK_MAX; index++) {
      const row = paged.rowAt(index);
      if (row) rows.push(row);
      // A page is loaded whole or not at all: the rest of this one is skipped, not asked for one by
      // one, as the selection bar asks on every render, across 100,000 rows.
      else index += ROWS_PER_PAGE - 1 - (index % ROWS_PER_PAGE);
    }
    return rows;
  };

  const loaded = (): LoadedRows => {
    const rows = loadedRows();
    return {
      count: rows.length,
      allSelected: rows.length > 0 && rows.every((row) => selectedIds.has(row.id)),
    };
  };

  const selectAllLoaded = () => {
    setMatching(undefined);
    setSelectedIds(new Set(loadedRows().map((row) => row.id)));
  };

  const selectAllMatching = () => setMatching({ key, except: new Set() });

  const clear = () => {
    setMatching(undefined);
    setSelectedIds(new Set());
  };

  return {
    selection,
    /** What the list draws as selected. */
    shownIds,
    count: selectedCount(selection),
    loaded,
    selectAllLoaded,
    selectAllMatching,
    clear,
    /**
     * A click in the list while every matching user is selected: Ctrl-click unticks (or ticks) the
     * one row and is handled here (true); any other click starts a selection by id again (false).
     */
    intercept: (user: UserSummary, mode: 'single' | 'toggle' | 'range'): boolean => {
      if (!active) return false;
      if (mode === 'toggle') {
        // Unticked users are left out of the request by id: "all matching but these".
        setMatching({ key, except: toggled(active.except, user.id) });
        return true;
      }
      setMatching(undefined);
      return false;
    },
    /** Ctrl/Cmd+A in the list selects every loaded row (and then offers every matching one). */
    onListKeyDown: (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a') {
        event.preventDefault();
        event.stopPropagation();
        selectAllLoaded();
      }
    },
  };
}

export type BulkSelection = ReturnType<typeof useBulkSelection>;
