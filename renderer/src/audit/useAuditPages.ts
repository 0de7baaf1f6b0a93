import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { RosterErrorData } from '../../../shared/contract/errors';
import type { AuditEntry, AuditFilters } from '../../../shared/domain/audit';
import type { RowSource } from '../common/useVirtualListNavigation';
import { roster } from '../roster/roster';

const PAGE_SIZE = 100;

export interface AuditPages {
  entries: readonly AuditEntry[];
  /** Whether older entries remain to be read. */
  more: boolean;
  /** Until the first page of the current filters arrives. */
  loading: boolean;
  error: RosterErrorData | undefined;
  /** The entries as a list's rows: one more, still loading, while older ones remain. */
  rows: RowSource<AuditEntry>;
  reload: () => void;
}

/**
 * The log, newest first, a keyset page at a time as the list scrolls to its end. New filters (or a
 * reload) start a new generation; an answer of an older one, such as a slower earlier filter, is
 * dropped, so it never replaces the list. The previous entries stay on screen until fresh ones arrive.
 */
export function useAuditPages(instanceId: string, filters: AuditFilters): AuditPages {
  // The filters by value: a new object with the same filters is no reason to read again.
  const key = JSON.stringify(filters);
  const [entries, setEntries] = useState<readonly AuditEntry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<RosterErrorData>();
  const [reloads, setReloads] = useState(0);
  const generation = useRef(0);
  const asking = useRef<number | null | undefined>(undefined);

  const read = useCallback(
    (before: number | undefined, forGeneration: number) => {
      asking.current = before ?? null;
      void roster()
        .invoke('directory.audit.page', {
          instanceId,
          request: { filters: JSON.parse(key) as AuditFilters, before, limit: PAGE_SIZE },
        })
        .then((result) => {
          if (forGeneration !== generation.current) return;
          asking.current = undefined;
          setLoading(false);
          if (!result.ok) return setError(result.error);
          setError(undefined);
          setEntries((shown) =>
            before === undefined ? result.value.entries : [...shown, ...result.value.entries],
          );
          setNext(result.value.next);
        });
    },
    [instanceId, key],
  );

  useEffect(() => {
    generation.current += 1;
    setLoading(true);
    read(undefined, generation.current);
  }, [read, reloads]);

  const reload = useCallback(() => setReloads((count) => count + 1), []);

  const rows = useMemo<RowSource<AuditEntry>>(
    () => ({
      total: entries.length + (next !== null ? 1 : 0),
      rowAt: (index) => entries[index],
      ensureRange: (_start, end) => {
        if (end >= entries.length && next !== null && asking.current === undefined && !error)
          read(next, generation.current);
      },
    }),
    [entries, next, read, error],
  );

  return { entries, more: next !== null, loading, error, rows, reload };
}
