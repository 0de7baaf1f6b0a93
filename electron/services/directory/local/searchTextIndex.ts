import type { Database } from 'better-sqlite3';

/** Between records; never typed into a filter, never inside a search text. */
const SEPARATOR = '\u0001';

export interface TextMatches {
  /** Users whose search text contains the query. */
  total: number;
  /** Ids of the matches in [offset, offset + limit), in list order. */
  pageIds: number[];
}

/**
 * An in-memory copy of every user's search text, in list (username) order, as
 * one string. Scanning it with indexOf finds a page of substring matches in
 * list order without sorting them, and counts short queries that no index
 * serves. It is rebuilt when this connection wrote users (`invalidate`) or
 * another connection committed (PRAGMA data_version).
 */
export function createSearchTextIndex(db: Database) {
  const readAll = db.prepare<[], { id: number; username_key: string; search_text: string }>(
    'SELECT id, username_key, search_text FROM users',
  );
  const dataVersion = () => db.pragma('data_version', { simple: true }) as number;
  let built: { version: number; text: string; starts: Int32Array; ids: Int32Array } | undefined;

  const build = () => {
    // Read in table order and sort here: much faster than walking the username index row by row.
    const rows = readAll.all().sort((a, b) => (a.username_key < b.username_key ? -1 : 1));
    const starts = new Int32Array(rows.length + 1);
    const ids = new Int32Array(rows.length);
    const parts: string[] = [];
    let position = 0;
    rows.forEach((row, index) => {
      starts[index] = position;
      ids[index] = row.id;
      parts.push(row.search_text);
      position += row.search_text.length + SEPARATOR.length;
    });
    starts[rows.length] = position;
    return { version: dataVersion(), text: parts.join(SEPARATOR) + SEPARATOR, starts, ids };
  };

  const current = () => {
    if (built?.version !== dataVersion()) built = build();
    return built;
  };

  return {
    /** Counts the users whose search text contains `query` and returns the ids of one page of them. */
    match(query: string, offset: number, limit: number): TextMatches {
      const { text, starts, ids } = current();
      const pageIds: number[] = [];
      let total = 0;
      let record = 0;
      let position = text.indexOf(query);
      while (position !== -1) {
        // Records are visited in order, so the one holding `position` is found by walking forward.
        while ((starts[record + 1] as number) <= position) record++;
        if (total >= offset && pageIds.length < limit) pageIds.push(ids[record] as number);
        total++;
        position = text.indexOf(query, starts[record + 1]);
      }
      return { total, pageIds };
    },
    invalidate() {
      built = undefined;
    },
  };
}
