import {
  auditActionKinds,
  auditActions,
  type AuditAction,
  type AuditFilters,
} from '../../../../shared/domain/audit';

/**
 * How a page of the audit log is read, decided the same way over either storage: which ids the
 * filters leave, and which index the page walks newest first while every other filter is checked
 * on the rows it yields.
 */

/**
 * Up to this many matches, counting an index's entries is quick enough to do for each filter when
 * several are given, to read the page through the one with the fewest.
 */
export const ESTIMATE_CAP = 1000;

/** What a page is read through: the id alone, or the index of one filter. */
export type AuditDriver = 'id' | 'actor' | 'target' | 'actions' | 'text';
export type AuditIndexDriver = Exclude<AuditDriver, 'id'>;

/** The actions the filter allows, `kinds` and `actions` together; undefined when it allows every one. */
export function filteredActions(filters: AuditFilters): AuditAction[] | undefined {
  if (!filters.kinds && !filters.actions) return undefined;
  const chosen = new Set<AuditAction>(filters.actions);
  for (const kind of filters.kinds ?? []) for (const action of auditActionKinds[kind]) chosen.add(action);
  return chosen.size === auditActions.length ? undefined : [...chosen];
}

/** A filter's time as stored: ISO 8601 in UTC. */
export const isoOf = (time: string): string => new Date(time).toISOString();

/** The ids a page may come from, both ends included; the time filter and `before` narrow it. */
export interface IdRange {
  lo: number;
  hi: number;
}

/**
 * The ids the time filter and `before` leave. Times never go backwards in id order (recordAudit),
 * so the first entry at or after a time is where the entries at or after it begin: `firstAtOrAfter`
 * holds that entry's id for each time filter given (undefined when no entry is that late).
 */
export function idRange(
  filters: AuditFilters,
  before: number | undefined,
  firstAtOrAfter: { from?: number | undefined; to?: number | undefined },
): IdRange {
  let lo = 1;
  let hi = before === undefined ? Number.MAX_SAFE_INTEGER : before - 1;
  if (filters.from !== undefined) lo = firstAtOrAfter.from ?? hi + 1;
  if (filters.to !== undefined && firstAtOrAfter.to !== undefined) hi = Math.min(hi, firstAtOrAfter.to - 1);
  return { lo, hi };
}

/** The indexes of the filters given; `textIndexed` when the text can be looked up in the trigram index. */
export function indexDrivers(
  filters: AuditFilters,
  actions: readonly AuditAction[] | undefined,
  textIndexed: boolean,
): AuditIndexDriver[] {
  const candidates: AuditIndexDriver[] = [];
  if (filters.target) candidates.push('target');
  if (filters.actor !== undefined) candidates.push('actor');
  if (textIndexed) candidates.push('text');
  if (actions) candidates.push('actions');
  return candidates;
}

/**
 * The driver, when it is clear without counting: the id when no filter has an index or the range
 * is small enough to read through, the only index when there is one. Otherwise the candidates to
 * count the entries of (up to ESTIMATE_CAP each), for `fewestEntries` to choose from.
 */
export function evidentDriver(
  candidates: readonly AuditIndexDriver[],
  range: IdRange,
): { driver: AuditDriver } | { estimate: readonly AuditIndexDriver[] } {
  const span = range.hi - range.lo + 1;
  if (candidates.length === 0 || span <= ESTIMATE_CAP) return { driver: 'id' };
  const [only] = candidates;
  if (candidates.length === 1 && only) return { driver: only };
  return { estimate: candidates };
}

/** The index with the fewest entries in the range, so that checking the other filters reads the fewest rows. */
export function fewestEntries(
  counts: readonly (readonly [AuditIndexDriver, number])[],
  range: IdRange,
): AuditDriver {
  let best: AuditDriver = 'id';
  let fewest = range.hi - range.lo + 1;
  for (const [candidate, count] of counts)
    if (count < fewest) {
      best = candidate;
      fewest = count;
    }
  return best;
}
