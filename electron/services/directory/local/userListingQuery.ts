import type { Database, Statement } from 'better-sqlite3';
import type { UserStatus } from '../../../../shared/domain/directory';
import type { Role } from '../../../../shared/domain/roles';
import type { SortDirection, UserPageRequest, UserSortKey } from '../../../../shared/domain/userListing';
import { listKeys } from '../../../database/migrations/0080-list-indexes';
import { sortKeysOf } from '../listing/sortKeys';
import { userSummaryColumns, type UserSummaryRow } from './usersTable';

/** A users page with every default filled in and the text as the filter matches it. */
export interface Listing {
  text: string;
  status: UserStatus;
  locked: boolean;
  mustChangePassword: boolean;
  role: Role | undefined;
  groupId: number | undefined;
  noGroup: boolean;
  sort: UserSortKey;
  direction: SortDirection;
  offset: number;
  limit: number;
}

export const listingOf = (request: UserPageRequest): Listing => ({
  text: request.query.trim().toLowerCase(),
  status: request.status ?? 'any',
  locked: request.locked ?? false,
  mustChangePassword: request.mustChangePassword ?? false,
  role: request.role,
  groupId: request.groupId,
  noGroup: request.noGroup ?? false,
  sort: request.sort ?? 'username',
  direction: request.direction ?? 'asc',
  offset: request.offset,
  limit: request.limit,
});

/** Whether anything besides the text narrows the list. */
export const hasFilters = (listing: Listing): boolean =>
  listing.status !== 'any' ||
  listing.locked ||
  listing.mustChangePassword ||
  listing.role !== undefined ||
  listing.groupId !== undefined ||
  listing.noGroup;

/**
 * What each order reads first (migration 0080 indexes each with username_key after it).
 * Descending reverses the whole order, ties included, so that one index serves both directions;
 * last sign-in keeps SQLite's NULLs-first, "never" being the oldest sign-in of all.
 */
export const sortKeys = (sort: UserSortKey, prefix: string): readonly string[] =>
  sortKeysOf(listKeys(prefix), sort, prefix);

export const orderBy = (listing: Pick<Listing, 'sort' | 'direction'>, prefix: string) =>
  sortKeys(listing.sort, prefix)
    .map((key) => `${key}${listing.direction === 'desc' ? ' DESC' : ''}`)
    .join(', ');

/** As the status rank's bits have it (migration 0080): invited has no password; enabled is neither. */
const STATUS_SQL: Readonly<Record<Exclude<UserStatus, 'any'>, string>> = {
  enabled: "+u.enabled = 1 AND +u.password_hash <> ''",
  disabled: '+u.enabled = 0',
  invited: "+u.password_hash = ''",
};

/** Which filter the query reads its rows through; every other condition is only tested. */
export type Driver = SetDriver | 'fts';
/** The filters whose rows are a set an index lists: a group's members, the accounts locked now. */
export type SetDriver = 'group' | 'locked';

/** How a query reads its rows, and the values besides the listing's that its conditions need. */
export interface Through {
  driver: Driver;
  now: string;
  phrase?: string;
}

/**
 * The filters as SQL over `users u`, whose rows come through the driver (or, with none, in the
 * sort's order); a unary + keeps SQLite from reading them through an index of the tested column
 * instead.
 */
function conditions(listing: Listing, driver: Driver | 'none'): string[] {
  const where: string[] = [];
  if (listing.status !== 'any') where.push(STATUS_SQL[listing.status]);
  if (listing.role !== undefined) where.push('+u.role = @role');
  if (listing.mustChangePassword) where.push('+u.must_change_password = 1');
  if (listing.locked && driver !== 'locked') where.push('+u.locked_until > @now');
  if (listing.groupId !== undefined && driver !== 'group') {
    where.push('EXISTS (SELECT 1 FROM memberships m WHERE m.group_id = @groupId AND m.user_id = u.id)');
  }
  if (listing.noGroup) where.push('NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id)');
  if (listing.text !== '' && driver !== 'fts') where.push('instr(u.search_text, @text) > 0');
  return where;
}

export interface ListingParams {
  text: string;
  phrase: string;
  now: string;
  role: string;
  groupId: number;
  limit: number;
  offset: number;
  ids: string;
}

const paramsOf = (listing: Listing, extra: { now: string; phrase?: string | undefined; ids?: number[] }) => ({
  text: listing.text,
  phrase: extra.phrase ?? '',
  now: extra.now,
  role: listing.role ?? '',
  groupId: listing.groupId ?? 0,
  limit: listing.limit,
  offset: listing.offset,
  ids: JSON.stringify(extra.ids ?? []),
});

/** Users known to match a listing, from the list's in-memory copy, for a walk of a sort's index. */
export interface Matches {
  has: (id: number) => boolean;
  /** How many index entries a page of them takes where they are spread evenly. */
  expected: number;
  /** Every match's id, for SQLite to finish a walk the matches are too far into; none when too many. */
  ids: (() => number[]) | undefined;
}

/**
 * A walk steps at least this many index entries, and this many times the expected number, before
 * it hands over to SQLite: a few milliseconds, about what the hand-over costs.
 */
const WALK_STEPS_MIN = 2_000;
const WALK_SPREAD = 4;

/**
 * The statements of the general list, prepared once per shape (sort, direction, which filters,
 * which driver) and kept: their number is bounded by those combinations.
 */
export function createListingQueries(db: Database) {
  const prepared = new Map<string, Statement>();
  const statement = <Row>(sql: string) => {
    let found = prepared.get(sql);
    if (!found) {
      found = db.prepare(sql);
      prepared.set(sql, found);
    }
    return found as Statement<[Partial<ListingParams>], Row>;
  };
  const columns = userSummaryColumns('u');
  // CROSS JOIN fixes the join order: the driver's few rows first, then each user by id. Left to
  // itself SQLite may walk the whole list in order to avoid sorting a few hundred rows.
  const DRIVERS: Readonly<Record<Driver, string>> = {
    group: '(SELECT user_id AS id FROM memberships WHERE group_id = @groupId)',
    locked: '(SELECT id FROM users WHERE locked_until > @now)',
    fts: '(SELECT rowid AS id FROM users_fts WHERE users_fts MATCH @phrase)',
  };
  const from = (driver: Driver) => `${DRIVERS[driver]} AS driver CROSS JOIN users u ON u.id = driver.id`;
  const where = (listing: Listing, driver: Driver) => {
    const all = conditions(listing, driver);
    return all.length === 0 ? '' : `WHERE ${all.join(' AND ')}`;
  };
  const rowsOf = statement<UserSummaryRow>(
    `SELECT ${columns} FROM users u WHERE u.id IN (SELECT value FROM json_each(@ids))`,
  );
  const rowsInOrder = (ids: number[]): UserSummaryRow[] => {
    if (ids.length === 0) return [];
    const byId = new Map(rowsOf.all({ ids: JSON.stringify(ids) }).map((row) => [row.id, row]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  };
  // Only the parameters a statement names may be passed to it.
  const bind = (sql: string, params: ReturnType<typeof paramsOf>): Partial<ListingParams> =>
    Object.fromEntries(Object.entries(params).filter(([name]) => sql.includes(`@${name}`)));

  return {
    /** These users' rows, in this order. */
    rowsInOrder,
    /** Every user in a sorted order: the offset is skipped inside the sort's covering index. */
    sortedPage(listing: Listing): UserSummaryRow[] {
      const sql = `SELECT ${columns} FROM users u
        WHERE u.id IN (SELECT id FROM users ORDER BY ${orderBy(listing, '')} LIMIT @limit OFFSET @offset)
        ORDER BY ${orderBy(listing, 'u.')}`;
      return statement<UserSummaryRow>(sql).all(bind(sql, paramsOf(listing, { now: '' })));
    },
    /**
     * Every match's id in list order, by one statement that tests each filter on each user (the
     * sort's index, or the table and a sort): for an export, which wants them all, not a page.
     */
    orderedIds(listing: Listing, now: string): number[] {
      const all = conditions(listing, 'none');
      const sql = `SELECT u.id FROM users u ${all.length === 0 ? '' : `WHERE ${all.join(' AND ')}`}
        ORDER BY ${orderBy(listing, 'u.')}`;
      return statement<number>(sql)
        .pluck()
        .all(bind(sql, paramsOf(listing, { now })));
    },
    /** Counts the matches of a filter read through its driver (few rows: a group, the locked, a rare text). */
    count(listing: Listing, through: Through): number {
      const sql = `SELECT count(*) AS total FROM ${from(through.driver)} ${where(listing, through.driver)}`;
      return statement<{ total: number }>(sql).get(bind(sql, paramsOf(listing, through)))?.total ?? 0;
    },
    /** A page of the matches read through a driver: its rows, tested and sorted. */
    page(listing: Listing, through: Through): UserSummaryRow[] {
      const sql = `SELECT ${columns} FROM ${from(through.driver)} ${where(listing, through.driver)}
        ORDER BY ${orderBy(listing, 'u.')} LIMIT @limit OFFSET @offset`;
      return statement<UserSummaryRow>(sql).all(bind(sql, paramsOf(listing, through)));
    },
    /**
     * A page of users known to match (from the in-memory copy), found by walking the sort's
     * covering index in list order: ids only, no table row, until the page is full. Quick when the
     * matches are many; only the page's rows are then read.
     */
    walk(listing: Listing, matches: Matches): UserSummaryRow[] {
      // One statement stepped row by row, left as soon as the page is full: reading ids in chunks
      // with LIMIT and OFFSET went over the skipped part of the index again for every chunk.
      const sql = `SELECT id FROM users ORDER BY ${orderBy(listing, '')}`;
      const budget = matches.ids ? Math.max(WALK_STEPS_MIN, WALK_SPREAD * matches.expected) : Infinity;
      const pageIds: number[] = [];
      let skipped = 0;
      let steps = 0;
      for (const { id } of statement<{ id: number }>(sql).iterate({})) {
        if (pageIds.length === listing.limit || ++steps > budget) break;
        if (!matches.has(id)) continue;
        if (skipped < listing.offset) skipped++;
        else pageIds.push(id);
      }
      if (steps <= budget || !matches.ids) return rowsInOrder(pageIds);
      // The matches bunch up further on (one first name, in name order): SQLite walks the index
      // instead, testing each entry against them with no call into JavaScript for each.
      const scan = `SELECT id FROM users WHERE +id IN (SELECT value FROM json_each(@ids))
        ORDER BY ${orderBy(listing, '')} LIMIT @limit OFFSET @offset`;
      const params = { ids: JSON.stringify(matches.ids()), limit: listing.limit, offset: listing.offset };
      return rowsInOrder(
        statement<{ id: number }>(scan)
          .all(params)
          .map(({ id }) => id),
      );
    },
    /** A page of users known to match (found in the in-memory copy), read by id and sorted. */
    pageOf(listing: Listing, ids: number[]): UserSummaryRow[] {
      const sql = `SELECT ${columns} FROM users u WHERE u.id IN (SELECT value FROM json_each(@ids))
        ORDER BY ${orderBy(listing, 'u.')} LIMIT @limit OFFSET @offset`;
      return statement<UserSummaryRow>(sql).all(bind(sql, paramsOf(listing, { now: '', ids })));
    },
    /** How many rows a driver reads: a group's members, or the accounts locked now. */
    driverSizes(listing: Listing, now: string): { driver: SetDriver; size: number }[] {
      const sizes: { driver: SetDriver; size: number }[] = [];
      if (listing.groupId !== undefined) {
        const sql = 'SELECT count(*) AS total FROM memberships WHERE group_id = @groupId';
        sizes.push({
          driver: 'group',
          size: statement<{ total: number }>(sql).get({ groupId: listing.groupId })?.total ?? 0,
        });
      }
      if (listing.locked) {
        const sql = 'SELECT count(*) AS total FROM users WHERE locked_until > @now';
        sizes.push({ driver: 'locked', size: statement<{ total: number }>(sql).get({ now })?.total ?? 0 });
      }
      return sizes;
    },
    /** The ids a driver reads, for the in-memory path when a driver has too many to sort. */
    driverIds(driver: SetDriver, listing: Listing, now: string): Set<number> {
      const sql =
        driver === 'group'
          ? 'SELECT user_id FROM memberships WHERE group_id = @groupId'
          : 'SELECT id FROM users WHERE locked_until > @now';
      const params = driver === 'group' ? { groupId: listing.groupId ?? 0 } : { now };
      return new Set(statement<number>(sql).pluck().all(params));
    },
  };
}

export type ListingQueries = ReturnType<typeof createListingQueries>;
