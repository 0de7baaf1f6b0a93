import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Result, RosterErrorData } from '../../../shared/contract/errors';
import type { Page } from '../../../shared/domain/directory';

export const ROWS_PER_PAGE = 100;
/** The largest page the directory answers: reading a whole list (Ctrl+A) takes as few calls as it can. */
const WHOLE_LIST_PAGE = 500;

export type FetchRows<T> = (query: string, offset: number, limit: number) => Promise<Result<Page<T>>>;

export interface PagedRows<T> {
  total: number;
  /** The row at an index, or undefined while its page loads. */
  rowAt: (index: number) => T | undefined;
  /** Asks for the pages that cover these rows. */
  ensureRange: (start: number, end: number) => void;
  /** Every row of the current query (for selecting them all), or undefined when the query changed meanwhile. */
  loadAll: () => Promise<T[] | undefined>;
  loading: boolean;
  error: RosterErrorData | undefined;
  /** Moves whenever rows arrive, so that lists holding on to this object draw again. */
  version: number;
  /**
   * Moves when the first page of another query or order arrives (not of a reload): the list then
   * shows another set of rows, and goes back to its top.
   */
  listed: number;
  reload: () => void;
  /**
   * Asks for the first page of the query about to be set, from the keystroke itself: the request
   * is on its way while the list draws the keystroke, rather than after.
   */
  askAhead: (query: string) => void;
}

type Answer<T> = Promise<Result<Page<T>>>;

/** A first page asked for ahead, and what it was asked with. */
interface AskedAhead<T> {
  query: string;
  fetchRows: FetchRows<T>;
  sentAt: number;
  answer: Answer<T>;
}

/**
 * A page's request sent to its answer received, as a User Timing span: seen in the developer tools'
 * performance panel, and read by bench:ui. Only the latest is kept in the timeline, which would
 * otherwise grow by one entry a keystroke for as long as the window is open.
 */
function measurePage(name: string, sentAt: number, page: number) {
  performance.clearMeasures(name);
  performance.measure(name, { start: sentAt, detail: { page } });
}

/**
 * Rows of a list of any length, fetched a page at a time as they scroll into view. A new query or
 * a reload starts a new generation; an answer of an older generation (an earlier search that
 * finished after a newer one) is dropped, so it never replaces the rows on screen.
 *
 * `measure` names the User Timing span each page's round trip is recorded as.
 *
 * The object returned stays the same until rows, the total, the loading state or the error change:
 * a keystroke alone does not draw a list again that holds on to it, only its answer does.
 */
export function usePagedRows<T>(query: string, fetchRows: FetchRows<T>, measure?: string): PagedRows<T> {
  const pages = useRef(new Map<number, T[]>());
  // The previous rows stay on screen until fresh ones arrive: no flash of empty rows while typing.
  const shown = useRef(new Map<number, T[]>());
  const requested = useRef(new Set<number>());
  const generation = useRef(0);
  const ahead = useRef<AskedAhead<T>>(undefined);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<RosterErrorData>();
  const [version, setVersion] = useState(0);
  const [listed, setListed] = useState(0);
  const [reloads, setReloads] = useState(0);
  // Whether the generation now loading is another query or order, not a reload of the same.
  const anotherList = useRef(false);
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
      const early = pageIndex === 0 && asked?.query === query && asked.fetchRows === fetchRows;
      const sentAt = early ? asked.sentAt : performance.now();
      const answer = early ? asked.answer : fetchRows(query, pageIndex * ROWS_PER_PAGE, ROWS_PER_PAGE);
      void answer.then((result) => {
        if (measure) measurePage(measure, sentAt, pageIndex);
        if (forGeneration !== generation.current) return;
        setLoading(false);
        if (!result.ok) {
          requested.current.delete(pageIndex);
          setError(result.error);
          return;
        }
        setError(undefined);
        if (pageIndex === 0) {
          shown.current = new Map();
          if (anotherList.current) setListed((value) => value + 1);
          anotherList.current = false;
        }
        pages.current.set(pageIndex, result.value.items);
        setTotal(result.value.total);
        setVersion((value) => value + 1);
      });
    },
    [query, fetchRows, measure],
  );

  const loaded = useRef(load);
  useEffect(() => {
    if (loaded.current !== load) anotherList.current = true;
    loaded.current = load;
    generation.current += 1;
    shown.current = new Map([...shown.current, ...pages.current]);
    pages.current = new Map();
    requested.current = new Set();
    load(0, generation.current);
    ahead.current = undefined;
  }, [load, reloads]);

  // What the stable functions below read: the latest query and its fetch, as of the last commit.
  const latest = useRef({ query, fetchRows, load });
  useLayoutEffect(() => {
    latest.current = { query, fetchRows, load };
  });

  const askAhead = useCallback((next: string) => {
    const { query: current, fetchRows: fetchNow } = latest.current;
    if (next === current) return;
    ahead.current = {
      query: next,
      fetchRows: fetchNow,
      sentAt: performance.now(),
      answer: fetchNow(next, 0, ROWS_PER_PAGE),
    };
  }, []);

  const loadAll = useCallback(async (): Promise<T[] | undefined> => {
    const { query: current, fetchRows: fetchNow } = latest.current;
    const forGeneration = generation.current;
    const rows: T[] = [];
    for (;;) {
      const result = await fetchNow(current, rows.length, WHOLE_LIST_PAGE);
      if (forGeneration !== generation.current) return undefined;
      if (!result.ok) {
        setError(result.error);
        return undefined;
      }
      rows.push(...result.value.items);
      if (result.value.items.length === 0 || rows.length >= result.value.total) return rows;
    }
  }, []);

  const rowAt = useCallback((index: number) => {
    const page = Math.floor(index / ROWS_PER_PAGE);
    return (pages.current.get(page) ?? shown.current.get(page))?.[index % ROWS_PER_PAGE];
  }, []);

  const ensureRange = useCallback((start: number, end: number) => {
    for (let page = Math.floor(start / ROWS_PER_PAGE); page <= Math.floor(end / ROWS_PER_PAGE); page++)
      latest.current.load(page, generation.current);
  }, []);

  return useMemo(
    () => ({ total, loading, error, version, listed, rowAt, ensureRange, loadAll, reload, askAhead }),
    [total, loading, error, version, listed, rowAt, ensureRange, loadAll, reload, askAhead],
  );
}
