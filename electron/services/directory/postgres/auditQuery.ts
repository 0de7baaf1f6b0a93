import type { AuditAction, AuditFilters, AuditPage, AuditPageRequest } from '../../../../shared/domain/audit';
import type { Sql } from '../../../database/postgres/sql';
import { auditColumns, toAuditEntry, type AuditRow } from '../local/auditTable';
import { usesTrigrams } from '../local/listingText';
import {
  ESTIMATE_CAP,
  evidentDriver,
  fewestEntries,
  filteredActions,
  idRange,
  indexDrivers,
  isoOf,
  type AuditDriver,
  type AuditIndexDriver,
  type IdRange,
} from '../rules/auditPlan';
import { containsPattern } from './likePattern';

/** A page's filters as its statements bind them. */
interface PageFilters extends IdRange {
  limit: number;
  from?: string;
  to?: string;
  actor?: string;
  target?: { type: string; id: number };
  actions?: readonly AuditAction[];
  /** The text as a LIKE pattern: the trigram index serves it from three characters on. */
  pattern?: string;
}

/** A statement's placeholders, one per name however often it is used. */
function placeholders() {
  const values: unknown[] = [];
  const slots = new Map<string, string>();
  const bind = (name: string, value: unknown, cast = ''): string => {
    let slot = slots.get(name);
    if (slot === undefined) {
      values.push(value);
      slot = `$${values.length}${cast}`;
      slots.set(name, slot);
    }
    return slot;
  };
  return { values, bind };
}

type Bind = ReturnType<typeof placeholders>['bind'];

/** The range's ends are bigints: an open end is larger than an integer column holds. */
const between = (column: string, f: PageFilters, bind: Bind) =>
  `${column} BETWEEN ${bind('lo', f.lo, '::bigint')} AND ${bind('hi', f.hi, '::bigint')}`;

/** The conditions of every filter but the driver's, for the rows the driver's index yields. */
function checks(f: PageFilters, driver: AuditDriver, bind: Bind): string[] {
  const found: string[] = [];
  if (f.from !== undefined) found.push(`a.at >= ${bind('from', f.from)}`);
  if (f.to !== undefined) found.push(`a.at < ${bind('to', f.to)}`);
  if (f.actor !== undefined && driver !== 'actor') found.push(`a.actor = ${bind('actor', f.actor)}`);
  if (f.target && driver !== 'target') {
    const type = bind('targetType', f.target.type);
    const id = bind('targetId', f.target.id);
    found.push(`(a.target_type = ${type} AND a.target_id = ${id} OR EXISTS (
      SELECT 1 FROM audit_related r
      WHERE r.target_type = ${type} AND r.target_id = ${id} AND r.entry_id = a.id))`);
  }
  if (f.actions && driver !== 'actions')
    found.push(`a.action = ANY(${bind('actions', f.actions, '::text[]')})`);
  if (f.pattern !== undefined) found.push(`a.search_text LIKE ${bind('pattern', f.pattern)}`);
  return found;
}

const where = (conditions: readonly string[]) => conditions.join(' AND ');

/** The page's statement, read through `driver`, with `limit` rows newest first. */
function pageStatement(f: PageFilters, driver: AuditDriver): { text: string; values: unknown[] } {
  const { values, bind } = placeholders();
  const columns = auditColumns('a');
  const rest = checks(f, driver, bind);
  const limit = bind('limit', f.limit);
  const range = between('a.id', f, bind);
  // Each arm reads ids newest first through its index, the other filters checked before its
  // limit; the arms are merged, and only then are the page's rows read.
  const merged = (arms: readonly string[]) =>
    `SELECT ${columns} FROM (
        SELECT id FROM (${arms.map((arm) => `(${arm} LIMIT ${limit})`).join(' UNION ALL ')}) AS arms
        ORDER BY id DESC LIMIT ${limit}) AS page
      JOIN audit_log a ON a.id = page.id
      ORDER BY a.id DESC`;
  let text: string;
  if (driver === 'actions')
    text = merged(
      (f.actions ?? []).map(
        (action, index) =>
          `SELECT a.id FROM audit_log a WHERE ${where([`a.action = ${bind(`a${index}`, action)}`, range, ...rest])}
          ORDER BY a.id DESC`,
      ),
    );
  else if (driver === 'target' && f.target) {
    // The target's own entries, and those relating it (recordAudit never relates an entry's own
    // target, so none is in both).
    const type = bind('targetType', f.target.type);
    const id = bind('targetId', f.target.id);
    text = merged([
      `SELECT a.id FROM audit_log a
        WHERE ${where([`a.target_type = ${type}`, `a.target_id = ${id}`, range, ...rest])}
        ORDER BY a.id DESC`,
      `SELECT r.entry_id AS id FROM audit_related r JOIN audit_log a ON a.id = r.entry_id
        WHERE ${where([`r.target_type = ${type}`, `r.target_id = ${id}`, between('r.entry_id', f, bind), ...rest])}
        ORDER BY r.entry_id DESC`,
    ]);
  } else {
    // The actor's index yields its entries newest first; the text's trigram index, or the id, are
    // left to the planner, which knows how common the text is.
    const own = driver === 'actor' ? [`a.actor = ${bind('actor', f.actor)}`] : [];
    text = `SELECT ${columns} FROM audit_log a WHERE ${where([...own, range, ...rest])}
      ORDER BY a.id DESC LIMIT ${limit}`;
  }
  return { text, values };
}

/** How many entries the driver's index holds in the range, counted up to ESTIMATE_CAP. */
async function estimate(sql: Sql, f: PageFilters, driver: AuditIndexDriver): Promise<number> {
  const { values, bind } = placeholders();
  const range = between('id', f, bind);
  const target = () =>
    `target_type = ${bind('targetType', f.target?.type)} AND target_id = ${bind('targetId', f.target?.id)}`;
  const counted = {
    actor: () => `SELECT 1 FROM audit_log WHERE actor = ${bind('actor', f.actor)} AND ${range}`,
    target: () => `SELECT 1 FROM audit_log WHERE ${target()} AND ${range}
      UNION ALL SELECT 1 FROM audit_related WHERE ${target()} AND ${between('entry_id', f, bind)}`,
    actions: () =>
      `SELECT 1 FROM audit_log WHERE action = ANY(${bind('actions', f.actions, '::text[]')}) AND ${range}`,
    text: () => `SELECT 1 FROM audit_log WHERE search_text LIKE ${bind('pattern', f.pattern)} AND ${range}`,
  }[driver]();
  return (
    (await sql.value<number>(`SELECT count(*) FROM (${counted} LIMIT ${ESTIMATE_CAP}) AS counted`, values)) ??
    0
  );
}

/** The ids the time filter and `before` leave, found in the time index. */
async function idRangeOf(sql: Sql, filters: AuditFilters, before: number | undefined): Promise<IdRange> {
  const firstAtOrAfter = async (time: string | undefined) =>
    time === undefined
      ? undefined
      : sql.value<number>('SELECT id FROM audit_log WHERE at >= $1 ORDER BY at, id LIMIT 1', [isoOf(time)]);
  return idRange(filters, before, {
    from: await firstAtOrAfter(filters.from),
    to: await firstAtOrAfter(filters.to),
  });
}

/** The driver (rules/auditPlan.ts); the text is looked up in its index only from three characters on. */
async function chooseDriver(
  sql: Sql,
  filters: AuditFilters,
  f: PageFilters,
  textIndexed: boolean,
): Promise<AuditDriver> {
  const choice = evidentDriver(indexDrivers(filters, f.actions, textIndexed), f);
  if ('driver' in choice) return choice.driver;
  const counts: [AuditIndexDriver, number][] = [];
  for (const candidate of choice.estimate) counts.push([candidate, await estimate(sql, f, candidate)]);
  return fewestEntries(counts, f);
}

/**
 * A page of the log, newest first, as the SQLite directory reads it (local/auditQuery.ts): the
 * entries below `before` that pass every filter. Ids only grow, so a page continued with `before`
 * is the same whatever was written since the first.
 */
export async function auditPage(sql: Sql, request: AuditPageRequest): Promise<AuditPage> {
  const { filters, before, limit } = request;
  const range = await idRangeOf(sql, filters, before);
  if (range.lo > range.hi) return { entries: [], next: null };
  const actions = filteredActions(filters);
  const f: PageFilters = { ...range, limit: limit + 1 };
  if (filters.from !== undefined) f.from = isoOf(filters.from);
  if (filters.to !== undefined) f.to = isoOf(filters.to);
  if (filters.actor !== undefined) f.actor = filters.actor;
  if (filters.target) f.target = filters.target;
  if (actions) f.actions = actions;
  const lowered = filters.text?.toLowerCase();
  if (lowered !== undefined) f.pattern = containsPattern(lowered);
  const driver = await chooseDriver(sql, filters, f, lowered !== undefined && usesTrigrams(lowered));
  const { text, values } = pageStatement(f, driver);
  const rows = await sql.rows<AuditRow>(text, values);
  const entries = rows.slice(0, limit).map(toAuditEntry);
  return { entries, next: rows.length > limit ? (entries.at(-1)?.id ?? null) : null };
}
