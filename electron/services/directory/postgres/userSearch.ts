import type { Page, UserSummary } from '../../../../shared/domain/directory';
import type { UserPageRequest } from '../../../../shared/domain/userListing';
import type { Sql } from '../../../database/postgres/sql';
import { isKept, pageInOrder, pageOfOrder } from '../listing/keptOrders';
import { flagTest } from '../listing/listingFlags';
import { hasFilters, listingOf, type Listing } from '../local/userListingQuery';
import { toUserSummary, type UserSummaryRow } from '../rules/userRows';
import type { DirectoryContext } from './directoryContext';
import type { ListingCopy } from './listingCopy';
import { filtersOf, orderBy, SUMMARY_COLUMNS } from './userListingQuery';

/** Up to this many matches are read by id and sorted by PostgreSQL; more are picked out of a kept order. */
const GATHER_MAX = 2_000;

async function rowsInOrder(tx: Sql, ids: readonly number[]): Promise<UserSummaryRow[]> {
  if (ids.length === 0) return [];
  const rows = await tx.rows<UserSummaryRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM users u WHERE u.id = ANY($1::int[])`,
    [ids],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The filters the copy does not hold (lock state moves no version; memberships are not copied) as id sets. */
async function idSets(tx: Sql, listing: Listing, now: string): Promise<Set<number>[]> {
  const sets: Set<number>[] = [];
  const idsOf = async (text: string, values: unknown[]) =>
    new Set((await tx.rows<{ id: number }>(text, values)).map((row) => row.id));
  if (listing.groupId !== undefined) {
    sets.push(await idsOf('SELECT user_id AS id FROM memberships WHERE group_id = $1', [listing.groupId]));
  }
  if (listing.locked) sets.push(await idsOf('SELECT id FROM users WHERE locked_until > $1', [now]));
  return sets;
}

/**
 * The users list: any order, any filters, the text as a substring of the search text, an offset
 * page and the exact total, as the SQLite directory answers it and the same way: the counting
 * and most pages come from this process's copy of the list (listingCopy.ts), and only a page's
 * rows are read. Few matches are sorted by PostgreSQL; last sign-in, which moves no version and
 * so is not kept, walks its index with the filters in SQL.
 */
export function createUserSearch(context: DirectoryContext, copy: ListingCopy) {
  return (request: UserPageRequest): Promise<Page<UserSummary>> => {
    const listing = listingOf(request);
    return copy.use(async ({ texts, order, tx }) => {
      const answer = async (total: number, ids: readonly number[]): Promise<Page<UserSummary>> => ({
        total,
        offset: listing.offset,
        items: (await rowsInOrder(tx, ids)).map(toUserSummary),
      });
      const sqlPage = async (total: number, ids?: readonly number[]): Promise<Page<UserSummary>> => {
        const filtered = ids
          ? { where: 'WHERE u.id = ANY($1::int[])', values: [ids] }
          : filtersOf(listing, now);
        const { where, values } = filtered;
        const rows = await tx.rows<UserSummaryRow>(
          `SELECT ${SUMMARY_COLUMNS} FROM users u ${where} ORDER BY ${orderBy(listing)}
           LIMIT $${values.length + 1} OFFSET $${values.length + 2}`,
          [...values, listing.limit, listing.offset],
        );
        return { total, offset: listing.offset, items: rows.map(toUserSummary) };
      };
      const now = context.timestamp();
      const { sort, direction, offset, limit } = listing;

      if (listing.text === '' && !hasFilters(listing)) {
        if (sort === 'username') return answer(texts.size, pageOfOrder(texts.ids(), listing));
        if (isKept(sort)) return answer(texts.size, pageOfOrder(await order(sort), listing));
        return sqlPage(texts.size);
      }
      if (!hasFilters(listing) && sort === 'username' && direction === 'asc') {
        // The list as it is typed into: the copy counts the text and finds its page at once.
        const { total, pageIds } = texts.match(listing.text, offset, limit);
        return answer(total, pageIds);
      }
      const sets = await idSets(tx, listing, now);
      const keep = sets.length === 0 ? undefined : (id: number) => sets.every((set) => set.has(id));
      // The copy is in username order: in that order the matches up to the page (all of them,
      // descending) are collected, and the page is cut out of them, from either end.
      const byUsername = sort === 'username';
      const max = !byUsername
        ? GATHER_MAX + 1
        : direction === 'asc'
          ? offset + limit
          : Number.POSITIVE_INFINITY;
      const { total, ids, marks } = texts.collect(listing.text, flagTest(listing), keep, max);
      if (byUsername) {
        const pageIds =
          direction === 'asc'
            ? ids.slice(offset, offset + limit)
            : ids.slice(Math.max(0, total - offset - limit), Math.max(0, total - offset)).reverse();
        return answer(total, pageIds);
      }
      if (total <= GATHER_MAX) return sqlPage(total, ids);
      if (isKept(sort)) return answer(total, pageInOrder(await order(sort), marks, listing));
      return sqlPage(total);
    });
  };
}
