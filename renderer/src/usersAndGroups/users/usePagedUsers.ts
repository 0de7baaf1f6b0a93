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
  /**
   * Asks for the first page of the query about to be set, from the keystroke itself: the request
   * is on its way while the list draws the keystroke, rather than after.
   */
  askAhead: (query: string) => void;
}

type Answer = Promise<Result<Page<UserSummary>>>;

/** A first page asked for ahead, and what it was asked with. */
interface AskedAhead {
  query: string;
  fetchPage: FetchPage;
  sentAt: number;
  answer: Answer;
}

const PAGE_MEASURE = 'users page';

/**
 * A page's request sent to its answer received, as a User Timing span: seen in the developer tools'
 * performance panel, and read by bench:ui. Only the latest is kept in the timeline, which would
 * otherwise grow by one entry a keystroke for as long as the window is open.
 */
function measurePage(sentAt: number, page: number) {
  performance.clearMeasures(PAGE_MEASURE);
  performance.measure(PAGE_MEASURE, { start: sentAt, detail: { page } });
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
  const ahead = useRef<AskedAhead>(undefined);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<RosterErrorData>();
  const [version, setVersion] = useState(0);
  const [reloads, setReloads] = useState(0);
  // Stable, so that effects which reload on a change do not loop. A page asked ahead may predate
  // what prompted the reload: it is not used.
  const reload = useCallback(() => {
    ahead.current = undefined;
    setReloads((value) => value + 1);
  }, []);

  const load = useCallback(
    (pageIndex: number, forGeneration: number) => {
      if (requested.current.has(pageIndex)) return;
      requested.current.add(pageIndex);
      const asked = ahead.current;
      const early = pageIndex === 0 && asked?.query === query && asked.fetchPage === fetchPage;
      const sentAt = early ? asked.sentAt : performance.now();
      const answer = early ? asked.answer : fetchPage(query, pageIndex * PAGE_SIZE, PAGE_SIZE);
      void answer.then((result) => {
        measurePage(sentAt, pageIndex);
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
    ahead.current = undefined;
  }, [load, reloads]);

  const askAhead = useCallback(
    (next: string) => {
      if (next === query) return;
      const sentAt = performance.now();
      ahead.current = { query: next, fetchPage, sentAt, answer: fetchPage(next, 0, PAGE_SIZE) };
    },
    [query, fetchPage],
  );

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
    askAhead,
  };
}
