import type { Database, Statement } from 'better-sqlite3';
import type { Page, UserStatus, UserSummary } from '../../../../shared/domain/directory';
import { createSearchTextIndex } from './searchTextIndex';
import { toUserSummary, userSummaryColumns, type UserSummaryRow } from './usersTable';

export interface SearchRequest {
  query: string;
  status?: UserStatus;
  offset: number;
  limit: number;
}

export interface UserSearch {
  search: (request: SearchRequest) => Page<UserSummary>;
  /** Called after this connection wrote these users; other connections' writes are noticed by themselves. */
  changed: (userIds: readonly number[]) => void;
}

/** The trigram index needs three characters. */
const TRIGRAM_MIN = 3;
/**
 * Up to this many matches the trigram index gives the exact count and the
 * matches are sorted; above it the in-memory copy, already in list order, is
 * faster for both (measured: see README's performance section).
 */
const SPARSE_MAX = 1000;

/** Quotes the typed text as one FTS5 phrase, so its characters are never read as query syntax. */
const ftsPhrase = (text: string) => `"${text.replaceAll('"', '""')}"`;

/**
 * Substring search over username, email and display name, sorted by username,
 * paged, with an exact total. The unfiltered list pages through the username
 * index. A filtered one is counted by the FTS5 trigram index (3+ characters)
 * or by scanning the in-memory copy of the search texts (shorter queries), and
 * its page is read from that copy, which is already in list order.
 */
export function createUserSearch(db: Database): UserSearch {
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
  const byStatus = createStatusSearch(db);

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
    search({ query, status = 'any', offset, limit }) {
      const text = query.trim().toLowerCase();
      if (status !== 'any') return byStatus(status, text, offset, limit);
      if (text === '') {
        return {
          total: countAll.get()?.total ?? 0,
          offset,
          items: pageAll.all(offset, limit).map(toUserSummary),
        };
      }
      // Characters, not UTF-16 units: an emoji is one character to the trigram tokenizer.
      if (Array.from(text).length >= TRIGRAM_MIN) {
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

/** Which rows a status means; an Invited user has no password yet, whether enabled or not. */
const STATUS_CONDITIONS: Readonly<Record<Exclude<UserStatus, 'any'>, string>> = {
  enabled: "enabled = 1 AND password_hash <> ''",
  disabled: 'enabled = 0',
  invited: "password_hash = ''",
};

/**
 * A list narrowed to a status, and to the typed text if any: plain SQL in username order. Invited
 * users are few and have an index of their own; the others scan, as a status filter of a whole
 * directory must.
 */
function createStatusSearch(db: Database) {
  const statements = Object.fromEntries(
    Object.entries(STATUS_CONDITIONS).map(([status, condition]) => {
      const where = `WHERE ${condition} AND (@text = '' OR instr(search_text, @text) > 0)`;
      return [
        status,
        {
          count: db.prepare<[{ text: string }], { total: number }>(
            `SELECT count(*) AS total FROM users ${where}`,
          ),
          page: db.prepare<[{ text: string; limit: number; offset: number }], UserSummaryRow>(
            `SELECT ${userSummaryColumns()} FROM users ${where} ORDER BY username_key LIMIT @limit OFFSET @offset`,
          ),
        },
      ];
    }),
  ) as Record<
    Exclude<UserStatus, 'any'>,
    {
      count: Statement<[{ text: string }], { total: number }>;
      page: Statement<[{ text: string; limit: number; offset: number }], UserSummaryRow>;
    }
  >;
  return (
    status: Exclude<UserStatus, 'any'>,
    text: string,
    offset: number,
    limit: number,
  ): Page<UserSummary> => {
    const { count, page } = statements[status];
    return {
      total: count.get({ text })?.total ?? 0,
      offset,
      items: page.all({ text, limit, offset }).map(toUserSummary),
    };
  };
}
