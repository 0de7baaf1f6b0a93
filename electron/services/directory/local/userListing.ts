import type { Database } from 'better-sqlite3';
import type { Page, UserSummary } from '../../../../shared/domain/directory';
import { flagTest } from '../listing/listingFlags';
import { isKept, pageInOrder, pageOfOrder } from '../listing/keptOrders';
import { ftsPhrase, SPARSE_MAX, usesTrigrams } from './listingText';
import type { SearchTextIndex } from './searchTextIndex';
import { createListingQueries, hasFilters, type Listing, type Matches } from './userListingQuery';
import { toUserSummary, type UserSummaryRow } from './usersTable';

/**
 * A group or the locked accounts with up to this many rows are read through their index and
 * sorted: a few milliseconds. Larger ones are tested in memory like the other filters.
 */
const DRIVEN_MAX = 5_000;
/**
 * Up to this many matches found in memory are read by id and sorted (2 ms for 1,000 on the bench);
 * more are picked out of the order in memory (listingOrders.ts), or for last sign-in from the
 * sort's covering index. Not a guess from their density: matches may bunch together in list order
 * (one first name, one department), where a walk reads far more.
 */
const GATHER_MAX = 2_000;

/**
 * From this offset on, a page of the whole list is cut out of the order kept in memory: the sort's
 * index would walk every entry before it (about 60 ms at 900,000). Nearer pages read the index,
 * which needs no copy of the list to be made first.
 */
export const DEEP_OFFSET = 20_000;
/**
 * Up to this many matches, a walk of last sign-in's index that finds them bunched far into it is
 * finished by SQLite, given their ids (about 6 ms for 4,000 on the bench); more ids would cost more
 * to hand over than stepping through the rest of the index.
 */
const HANDOVER_MAX = 20_000;

/** The ids whose mark is set. */
function idsMarked(marks: Uint8Array): number[] {
  const ids: number[] = [];
  for (let id = 0; id < marks.length; id++) if (marks[id] === 1) ids.push(id);
  return ids;
}

/**
 * Any order and any filters, with an exact total. Which rows a page reads depends on how many
 * match, which is always known first:
 *
 * 1. No text and no filter: the sort's covering index, the offset skipped inside it.
 * 2. A group's members or the locked accounts, when few: read through their index, the other
 *    filters tested on each, sorted.
 * 3. A text of 3+ characters that the trigram index finds in at most SPARSE_MAX users: the same,
 *    through users_fts.
 * 4. Otherwise the in-memory copy counts: the text is scanned, the filters on columns that move
 *    a user's version are one flag test per user, and a large group or lock set is a set lookup.
 *    In username order, the copy's own, the page is cut out of the matches. Otherwise few matches
 *    are read by id and sorted; many are picked out of the order kept in memory beside the copy
 *    or, by last sign-in, from the sort's covering index, walked in list order (by SQLite, given
 *    their ids, when they turn out to bunch far into it); only the page's rows are read.
 */
export function createUserListing(db: Database, texts: SearchTextIndex, now: () => Date) {
  const queries = createListingQueries(db);
  const countAll = db.prepare<[], number>('SELECT count(*) FROM users').pluck();
  const countSparse = db
    .prepare<[string, number], number>(
      'SELECT count(*) FROM (SELECT 1 FROM users_fts WHERE users_fts MATCH ? LIMIT ?)',
    )
    .pluck();

  return {
    page(listing: Listing): Page<UserSummary> {
      const answer = (total: number, rows: UserSummaryRow[]): Page<UserSummary> => ({
        total,
        offset: listing.offset,
        items: rows.map(toUserSummary),
      });
      if (listing.text === '' && !hasFilters(listing)) {
        const total = countAll.get() ?? 0;
        if (listing.offset >= DEEP_OFFSET && (listing.sort === 'username' || isKept(listing.sort)))
          return answer(total, queries.rowsInOrder(pageOfOrder(texts.inOrder(listing.sort), listing)));
        return answer(total, queries.sortedPage(listing));
      }
      const at = now().toISOString();
      const drivers = queries.driverSizes(listing, at).sort((a, b) => a.size - b.size);
      const smallest = drivers[0];
      if (smallest && smallest.size <= DRIVEN_MAX) {
        const through = { driver: smallest.driver, now: at };
        return answer(queries.count(listing, through), queries.page(listing, through));
      }
      if (usesTrigrams(listing.text)) {
        const phrase = ftsPhrase(listing.text);
        if ((countSparse.get(phrase, SPARSE_MAX + 1) ?? 0) <= SPARSE_MAX) {
          const through = { driver: 'fts' as const, now: at, phrase };
          return answer(queries.count(listing, through), queries.page(listing, through));
        }
      }
      const sets = drivers.map(({ driver }) => queries.driverIds(driver, listing, at));
      const keep = sets.length === 0 ? undefined : (id: number) => sets.every((set) => set.has(id));
      // The copy is in username order: in that order the matches up to the page (all of them,
      // descending) are collected, and the page is cut out of them, from either end.
      const byUsername = listing.sort === 'username';
      const { total, ids, marks } = texts.collect(
        listing.text,
        flagTest(listing),
        keep,
        !byUsername
          ? GATHER_MAX + 1
          : listing.direction === 'asc'
            ? listing.offset + listing.limit
            : Number.POSITIVE_INFINITY,
      );
      if (byUsername) {
        const { offset, limit } = listing;
        const pageIds =
          listing.direction === 'asc'
            ? ids.slice(offset, offset + limit)
            : ids.slice(Math.max(0, total - offset - limit), Math.max(0, total - offset)).reverse();
        return answer(total, queries.rowsInOrder(pageIds));
      }
      if (total <= GATHER_MAX) return answer(total, queries.pageOf(listing, ids));
      if (isKept(listing.sort)) {
        return answer(total, queries.rowsInOrder(pageInOrder(texts.order(listing.sort), marks, listing)));
      }
      const matches: Matches = {
        has: (id) => marks[id] === 1,
        // Where matches are spread evenly, a page needs (offset + limit) / density index entries.
        expected: ((listing.offset + listing.limit) * (countAll.get() ?? 0)) / total,
        ids: total <= HANDOVER_MAX ? () => idsMarked(marks) : undefined,
      };
      return answer(total, queries.walk(listing, matches));
    },
  };
}
