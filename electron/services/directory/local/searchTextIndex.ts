import type { Database } from 'better-sqlite3';

/** Between records; never typed into a filter, never inside a search text. */
const SEPARATOR = '\u0001';

export interface TextMatches {
  /** Users whose search text contains the query. */
  total: number;
  /** Ids of the matches in [offset, offset + limit), in list order. */
  pageIds: number[];
}

interface Row {
  id: number;
  username_key: string;
  search_text: string;
}

/** All search texts joined into one string, with where each record starts. */
interface Scan {
  text: string;
  starts: Int32Array;
  ids: Int32Array;
}

const byKey = (a: Row, b: Row) => (a.username_key < b.username_key ? -1 : 1);

function join(rows: readonly Row[]): Scan {
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
  return { text: parts.join(SEPARATOR) + SEPARATOR, starts, ids };
}

/** Where `row` goes in rows sorted by username key. */
function insertionPoint(rows: readonly Row[], row: Row): number {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((rows[middle] as Row).username_key < row.username_key) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * An in-memory copy of every user's search text, in list (username) order, as
 * one string. Scanning it with indexOf finds a page of substring matches in
 * list order without sorting them, and counts short queries that no index
 * serves. Another connection's commit (PRAGMA data_version) means reading it
 * all again; this connection's own writes are patched in (`changed`), which
 * costs a join of the texts rather than a read of the table.
 */
export function createSearchTextIndex(db: Database) {
  const readAll = db.prepare<[], Row>('SELECT id, username_key, search_text FROM users');
  const readOne = db.prepare<[number], Row>('SELECT id, username_key, search_text FROM users WHERE id = ?');
  const dataVersion = () => db.pragma('data_version', { simple: true }) as number;
  let copy: { version: number; rows: Row[]; scan: Scan | undefined } | undefined;

  const current = (): Scan => {
    const version = dataVersion();
    if (copy?.version !== version) {
      // Read in table order and sort here: much faster than walking the username index row by row.
      copy = { version, rows: readAll.all().sort(byKey), scan: undefined };
    }
    copy.scan ??= join(copy.rows);
    return copy.scan;
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
    /** This connection created, changed or deleted these users: their rows are read again. */
    changed(userIds: readonly number[]) {
      if (!copy) return;
      const leaving = new Set(userIds);
      const before = new Map<number, Row>();
      const rows = copy.rows.filter((row) => {
        if (!leaving.has(row.id)) return true;
        before.set(row.id, row);
        return false;
      });
      let same = true;
      for (const id of leaving) {
        const row = readOne.get(id);
        const old = before.get(id);
        if (row?.search_text !== old?.search_text || row?.username_key !== old?.username_key) same = false;
        if (row) rows.splice(insertionPoint(rows, row), 0, row);
      }
      // Enabling or disabling a user, say, leaves its search text as it was: the joined copy still holds.
      copy = { version: copy.version, rows, scan: same ? copy.scan : undefined };
    },
  };
}
