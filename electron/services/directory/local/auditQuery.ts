import type { Database } from 'better-sqlite3';
import type { AuditAction, AuditFilters, AuditPage, AuditPageRequest } from '../../../../shared/domain/audit';
import { statement } from '../../../database/statements';
import {
  ESTIMATE_CAP,
  evidentDriver,
  fewestEntries,
  filteredActions,
  idRange as idRangeOf,
  indexDrivers,
  isoOf,
  type AuditDriver as Driver,
  type AuditIndexDriver,
  type IdRange,
} from '../rules/auditPlan';
import { auditColumns, toAuditEntry, type AuditRow } from './auditTable';
import { ftsPhrase, usesTrigrams } from './listingText';
/** Of a long text, this many trigrams spread over it are counted. */
const TRIGRAMS_COUNTED = 24;
/** The rarest this many trigrams look the text up; the text itself is then checked in each match. */
const TRIGRAMS_MATCHED = 3;
/** Counting a trigram's entries stops here: the first count is quick, the second only for common ones. */
const TRIGRAM_QUICK_COUNT = 2000;
/** Commoner trigrams are all as common as this: their order no longer matters. */
const TRIGRAM_COUNT_CAP = 10_000;
/** How many common trigrams' counts a connection remembers before starting again. */
const REMEMBERED_MAX = 20_000;

/**
 * How many entries hold each common trigram looked up so far, per connection: a rare one is
 * counted again each time, quickly, so that a text found nowhere is known at once. A common one's
 * count only steers which trigrams a text is looked up by, never what matches, so one grown stale
 * costs time at most; and how common a trigram is changes slowly.
 */
const trigramCounts = new WeakMap<Database, Map<string, number>>();

function trigramCount(db: Database, phrase: string): number {
  let remembered = trigramCounts.get(db);
  if (!remembered) trigramCounts.set(db, (remembered = new Map<string, number>()));
  const known = remembered.get(phrase);
  if (known !== undefined) return known;
  const capped = (cap: number) =>
    statement<[string], number>(
      db,
      `SELECT count(*) FROM (SELECT 1 FROM audit_fts WHERE audit_fts MATCH ? LIMIT ${cap})`,
    )
      .pluck()
      .get(phrase) ?? 0;
  const quick = capped(TRIGRAM_QUICK_COUNT);
  if (quick < TRIGRAM_QUICK_COUNT) return quick;
  const count = capped(TRIGRAM_COUNT_CAP);
  if (remembered.size >= REMEMBERED_MAX) remembered.clear();
  remembered.set(phrase, count);
  return count;
}

/**
 * The text's lookup in the trigram index, as an FTS5 query that every entry holding the text
 * matches, and at most how many entries do. Looking up every trigram of a rare text made of common
 * ones walks all of their entries to find the few holding them all; its rarest few trigrams alone
 * find a small superset quickly, which the check of the text itself then narrows.
 */
function trigramLookup(db: Database, text: string): { match: string; count: number } {
  const characters = Array.from(text);
  const every = [
    ...new Set(characters.slice(0, -2).map((_, index) => characters.slice(index, index + 3).join(''))),
  ];
  const step = Math.max(1, Math.ceil(every.length / TRIGRAMS_COUNTED));
  const rarest = every
    .filter((_, index) => index % step === 0)
    .map((trigram) => ({ phrase: ftsPhrase(trigram), count: trigramCount(db, ftsPhrase(trigram)) }))
    .sort((a, b) => a.count - b.count)
    .slice(0, TRIGRAMS_MATCHED);
  return {
    match: rarest.map((trigram) => trigram.phrase).join(' AND '),
    count: rarest[0]?.count ?? 0,
  };
}

interface Params {
  lo: number;
  hi: number;
  limit: number;
  from?: string;
  to?: string;
  actor?: string;
  targetType?: string;
  targetId?: number;
  actions?: string;
  text?: string;
  match?: string;
  [action: `a${number}`]: string;
}

/** The ids a time range holds, found in the time index (rules/auditPlan.ts). */
function idRange(db: Database, filters: AuditFilters, before: number | undefined): IdRange {
  const firstAtOrAfter = (time: string | undefined) =>
    time === undefined
      ? undefined
      : statement<[string], number>(db, 'SELECT id FROM audit_log WHERE at >= ? ORDER BY at, id LIMIT 1')
          .pluck()
          .get(isoOf(time));
  return idRangeOf(filters, before, { from: firstAtOrAfter(filters.from), to: firstAtOrAfter(filters.to) });
}

function paramsOf(
  db: Database,
  filters: AuditFilters,
  range: IdRange,
  limit: number,
  actions: AuditAction[] | undefined,
) {
  const params: Params = { ...range, limit };
  if (filters.from !== undefined) params.from = isoOf(filters.from);
  if (filters.to !== undefined) params.to = isoOf(filters.to);
  if (filters.actor !== undefined) params.actor = filters.actor;
  if (filters.target) {
    params.targetType = filters.target.type;
    params.targetId = filters.target.id;
  }
  if (actions) {
    params.actions = JSON.stringify(actions);
    actions.forEach((action, index) => (params[`a${index}`] = action));
  }
  if (filters.text !== undefined) {
    params.text = filters.text.toLowerCase();
    if (usesTrigrams(params.text)) {
      const lookup = trigramLookup(db, params.text);
      if (lookup.count === 0) return undefined;
      params.match = lookup.match;
    }
  }
  return params;
}

/** The conditions of every filter but the driver's; a leading `+` keeps SQLite off their indexes. */
function checks(params: Params, driver: Driver): string[] {
  const found: string[] = [];
  if (params.from !== undefined) found.push('+a.at >= @from');
  if (params.to !== undefined) found.push('+a.at < @to');
  if (params.actor !== undefined && driver !== 'actor') found.push('+a.actor = @actor');
  if (params.targetType !== undefined && driver !== 'target')
    found.push(`(+a.target_type = @targetType AND +a.target_id = @targetId OR EXISTS (
      SELECT 1 FROM audit_related r
      WHERE r.target_type = @targetType AND r.target_id = @targetId AND r.entry_id = a.id))`);
  if (params.actions !== undefined && driver !== 'actions')
    found.push('+a.action IN (SELECT value FROM json_each(@actions))');
  // Always, the trigram index's matches too: it only knows that every trigram is there.
  if (params.text !== undefined) found.push('instr(a.search_text, @text) > 0');
  return found;
}

const where = (conditions: readonly string[]) => conditions.join(' AND ');

/** The page's statement, read through `driver`, with `limit` rows newest first. */
function pageSql(params: Params, driver: Driver, actionCount: number): string {
  const columns = auditColumns('a');
  const rest = checks(params, driver);
  if (driver === 'text')
    return `SELECT ${columns} FROM audit_fts JOIN audit_log a ON a.id = audit_fts.rowid
      WHERE ${where(['audit_fts MATCH @match', 'audit_fts.rowid BETWEEN @lo AND @hi', ...rest])}
      ORDER BY audit_fts.rowid DESC LIMIT @limit`;
  const range = 'a.id BETWEEN @lo AND @hi';
  // Each arm reads ids newest first through its index, the other filters checked before its
  // limit; the arms are merged, and only then are the page's rows read: an IN list or an OR would
  // read every entry of the arms to sort them.
  const merged = (arms: readonly string[]) =>
    `SELECT ${columns} FROM audit_log a WHERE a.id IN (
        SELECT id FROM (${arms.map((arm) => `SELECT * FROM (${arm} LIMIT @limit)`).join(' UNION ALL ')})
        ORDER BY id DESC LIMIT @limit)
      ORDER BY a.id DESC`;
  if (driver === 'actions')
    return merged(
      Array.from(
        { length: actionCount },
        (_, index) =>
          `SELECT a.id FROM audit_log a WHERE ${where([`a.action = @a${index}`, range, ...rest])}
          ORDER BY a.id DESC`,
      ),
    );
  if (driver === 'target')
    // The target's own entries, and those relating it (recordAudit never relates an entry's own
    // target, so none is in both).
    return merged([
      `SELECT a.id FROM audit_log a
        WHERE ${where(['a.target_type = @targetType', 'a.target_id = @targetId', range, ...rest])}
        ORDER BY a.id DESC`,
      `SELECT r.entry_id AS id FROM audit_related r JOIN audit_log a ON a.id = r.entry_id
        WHERE ${where([
          'r.target_type = @targetType',
          'r.target_id = @targetId',
          'r.entry_id BETWEEN @lo AND @hi',
          ...rest,
        ])}
        ORDER BY r.entry_id DESC`,
    ]);
  const own = { id: [], actor: ['a.actor = @actor'] }[driver];
  return `SELECT ${columns} FROM audit_log a WHERE ${where([...own, range, ...rest])}
    ORDER BY a.id DESC LIMIT @limit`;
}

/** How many entries the driver's index holds in the range, counted up to ESTIMATE_CAP. */
function estimate(db: Database, params: Params, driver: AuditIndexDriver): number {
  const target = 'target_type = @targetType AND target_id = @targetId';
  const sql = {
    actor: 'SELECT 1 FROM audit_log WHERE actor = @actor AND id BETWEEN @lo AND @hi',
    target: `SELECT 1 FROM audit_log WHERE ${target} AND id BETWEEN @lo AND @hi
      UNION ALL SELECT 1 FROM audit_related WHERE ${target} AND entry_id BETWEEN @lo AND @hi`,
    actions:
      'SELECT 1 FROM audit_log WHERE action IN (SELECT value FROM json_each(@actions)) AND id BETWEEN @lo AND @hi',
    text: 'SELECT 1 FROM audit_fts WHERE audit_fts MATCH @match AND rowid BETWEEN @lo AND @hi',
  }[driver];
  return (
    statement<[Params], number>(db, `SELECT count(*) FROM (${sql} LIMIT ${ESTIMATE_CAP})`)
      .pluck()
      .get(params) ?? 0
  );
}

/** The index with the fewest entries in the range, so that checking the other filters reads the fewest rows. */
function chooseDriver(
  db: Database,
  filters: AuditFilters,
  params: Params,
  actions: AuditAction[] | undefined,
): Driver {
  const choice = evidentDriver(indexDrivers(filters, actions, params.match !== undefined), params);
  if ('driver' in choice) return choice.driver;
  return fewestEntries(
    choice.estimate.map((candidate) => [candidate, estimate(db, params, candidate)] as const),
    params,
  );
}

/**
 * A page of the log, newest first: the entries below `before` that pass every filter. Ids only
 * grow, so a page continued with `before` is the same whatever was written since the first.
 */
export function auditPage(db: Database, request: AuditPageRequest): AuditPage {
  const { filters, before, limit } = request;
  const range = idRange(db, filters, before);
  if (range.lo > range.hi) return { entries: [], next: null };
  const actions = filteredActions(filters);
  const params = paramsOf(db, filters, range, limit + 1, actions);
  // A trigram of the text is nowhere in the log: neither is the text.
  if (!params) return { entries: [], next: null };
  const driver = chooseDriver(db, filters, params, actions);
  const sql = pageSql(params, driver, actions?.length ?? 0);
  const rows = statement<[Params], AuditRow>(db, sql).all(params);
  const entries = rows.slice(0, limit).map(toAuditEntry);
  return { entries, next: rows.length > limit ? (entries.at(-1)?.id ?? null) : null };
}
