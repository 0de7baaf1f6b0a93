import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page, UserSummary } from '../../../../shared/domain/directory';
import type { Result, RosterErrorData } from '../../../../shared/contract/errors';

export const PAGE_SIZE = 100;

export type FetchPage = (query: string, offset: number, limit: number) => Promise<Result<Page<UserSummary>>>;

export interface PagedUsers {
  total: number;
  /** The row at an index, or undefined while its page loads. */
  rowAt: (index: number) => UserSummary | undefined;
  /** Asks for the pages that cover these rows. */
  ensureRange: (start: number, end: number) => void;
  loading: boolean;
  error: RosterErrorData | undefined;
  /** When the first page for the current query arrived (for the benchmark and tests). */
  version: number;
  reload: () => void;
}

/**
 * Rows of a long, filtered list fetched a page at a time as they scroll into
 * view. A new query starts over; answers to an older query are dropped.
 */
export function usePagedUsers(query: string, fetchPage: FetchPage): PagedUsers {
  const pages = useRef(new Map<number, UserSummary[]>());
  /**
   * After a reload or a new query, the previous rows stay on screen until fresh
   * ones arrive: no flash of empty rows or "Loading…" between keystrokes.
   */
  const stale = useRef(new Map<number, UserSummary[]>());
  const requested = useRef(new Set<number>());
  const generation = useRef(0);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<RosterErrorData>();
  const [version, setVersion] = useState(0);
  const [reloads, setReloads] = useState(0);
  // Stable, so that effects which reload on a change do not loop.
  const reload = useCallback(() => setReloads((value) => value + 1), []);

  const load = useCallback(
    (pageIndex: number, forGeneration: number) => {
      if (requested.current.has(pageIndex)) return;
      requested.current.add(pageIndex);
      void fetchPage(query, pageIndex * PAGE_SIZE, PAGE_SIZE).then((result) => {
        if (forGeneration !== generation.current) return;
        setLoading(false);
        if (!result.ok) {
          requested.current.delete(pageIndex);
          setError(result.error);
          return;
        }
        setError(undefined);
        if (pageIndex === 0) stale.current = new Map();
        pages.current.set(pageIndex, result.value.items);
        setTotal(result.value.total);
        setVersion((value) => value + 1);
      });
    },
    [query, fetchPage],
  );

  useEffect(() => {
    generation.current += 1;
    stale.current = new Map([...stale.current, ...pages.current]);
    pages.current = new Map();
    requested.current = new Set();
    load(0, generation.current);
  }, [load, reloads]);

  return {
    total,
    loading,
    error,
    version,
    rowAt: (index) => {
      const page = Math.floor(index / PAGE_SIZE);
      return (pages.current.get(page) ?? stale.current.get(page))?.[index % PAGE_SIZE];
    },
    ensureRange: (start, end) => {
      for (let page = Math.floor(start / PAGE_SIZE); page <= Math.floor(end / PAGE_SIZE); page++) {
        load(page, generation.current);
      }
    },
    reload,
  };
}
