import type { Database } from 'better-sqlite3';
import type { Page, UserStatus, UserSummary } from '../../../../shared/domain/directory';
import type { UserPageRequest } from '../../../../shared/domain/userListing';
import { ftsPhrase, SPARSE_MAX, usesTrigrams } from './listingText';
import { createSearchTextIndex } from './searchTextIndex';
import { createUserListing, DEEP_OFFSET } from './userListing';
import { hasFilters, listingOf } from './userListingQuery';
import { toUserSummary, userSummaryColumns, type UserSummaryRow } from './usersTable';

/** A page of a plain list (groups, a group's members): text, offset and limit; status is users' own. */
export interface SearchRequest {
  query: string;
  status?: UserStatus;
  offset: number;
  limit: number;
}

export interface UserSearch {
  search: (request: UserPageRequest) => Page<UserSummary>;
  /** Called after this connection wrote these users; other connections' writes are noticed by themselves. */
  changed: (userIds: readonly number[]) => void;
}

/**
 * The users list: substring search over username, email and display name, narrowed by the
 * filters, in the order asked, paged, with an exact total. In username order with no filter but
 * the text (the list as it opens and as it is typed into) it takes the roads tuned for that: the
 * unfiltered list pages through the username index; a text is counted by the FTS5 trigram index
 * when it is rare (3+ characters, at most SPARSE_MAX users), else by the in-memory copy of the
 * search texts and its index (textCopy.ts), and its page is read from that copy, which is already
 * in list order. Any other order or filter goes
 * to the general listing (userListing.ts).
 */
export function createUserSearch(db: Database, now: () => Date = () => new Date()): UserSearch {
  const countAll = db.prepare<[], { total: number }>('SELECT count(*) AS total FROM users');
  // The offset is skipped in the covering username index, not by reading the rows it passes.
  const pageAll = db.prepare<[number, number], UserSummaryRow>(
    `SELECT ${userSummaryColumns()} FROM users
     WHERE username_key >= (SELECT username_key FROM users ORDER BY username_key LIMIT 1 OFFSET ?)
     ORDER BY username_key LIMIT ?`,
  );
  const countSparse = db.prepare<[string, number], { total: number }>(
    'SELECT count(*) AS total FROM (SELECT 1 FROM users_fts WHERE users_fts MATCH ? LIMIT ?)',
  );
  const pageSparse = db.prepare<[string, number, number], UserSummaryRow>(
    `SELECT ${userSummaryColumns('u')} FROM users_fts f JOIN users u ON u.id = f.rowid
     WHERE users_fts MATCH ? ORDER BY u.username_key LIMIT ? OFFSET ?`,
  );
  const texts = createSearchTextIndex(db);
  const listing = createUserListing(db, texts, now);

  const rowsInOrder = (ids: number[]): UserSummaryRow[] => {
    if (ids.length === 0) return [];
    const rows = db
      .prepare<number[], UserSummaryRow>(
        `SELECT ${userSummaryColumns()} FROM users WHERE id IN (${ids.map(() => '?').join(',')})`,
      )
      .all(...ids);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  };

  return {
    search(request) {
      const asked = listingOf(request);
      if (asked.sort !== 'username' || asked.direction !== 'asc' || hasFilters(asked)) {
        return listing.page(asked);
      }
      const { text, offset, limit } = asked;
      if (text === '') {
        // A deep page is the general listing's: it cuts it out of the copy's order.
        if (offset >= DEEP_OFFSET) return listing.page(asked);
        return {
          total: countAll.get()?.total ?? 0,
          offset,
          items: pageAll.all(offset, limit).map(toUserSummary),
        };
      }
      if (usesTrigrams(text)) {
        const phrase = ftsPhrase(text);
        const total = countSparse.get(phrase, SPARSE_MAX + 1)?.total ?? 0;
        if (total <= SPARSE_MAX) {
          return { total, offset, items: pageSparse.all(phrase, limit, offset).map(toUserSummary) };
        }
      }
      const { total, pageIds } = texts.match(text, offset, limit);
      return { total, offset, items: rowsInOrder(pageIds).map(toUserSummary) };
    },
    changed: (userIds) => texts.changed(userIds),
  };
}
