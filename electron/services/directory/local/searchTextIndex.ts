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

/** Takes record `index` out of the joined copy: the text after it, and where those records start, move back. */
function cut(scan: Scan, index: number): Scan {
  const start = scan.starts[index] as number;
  const length = (scan.starts[index + 1] as number) - start;
  const starts = new Int32Array(scan.starts.length - 1);
  starts.set(scan.starts.subarray(0, index));
  for (let i = index + 1; i < scan.starts.length; i++) starts[i - 1] = (scan.starts[i] as number) - length;
  const ids = new Int32Array(scan.ids.length - 1);
  ids.set(scan.ids.subarray(0, index));
  ids.set(scan.ids.subarray(index + 1), index);
  return { text: scan.text.slice(0, start) + scan.text.slice(start + length), starts, ids };
}

/** Puts a record in at `index`: the text after it, and where those records start, move on. */
function paste(scan: Scan, index: number, row: Row): Scan {
  const piece = row.search_text + SEPARATOR;
  const start = scan.starts[index] as number;
  const starts = new Int32Array(scan.starts.length + 1);
  starts.set(scan.starts.subarray(0, index + 1));
  for (let i = index; i < scan.starts.length; i++) starts[i + 1] = (scan.starts[i] as number) + piece.length;
  const ids = new Int32Array(scan.ids.length + 1);
  ids.set(scan.ids.subarray(0, index));
  ids[index] = row.id;
  ids.set(scan.ids.subarray(index), index + 1);
  return { text: scan.text.slice(0, start) + piece + scan.text.slice(start), starts, ids };
}

/** Above this many changed users at once, joining every text again is quicker than patching one by one. */
const PATCH_MAX = 64;

/**
 * An in-memory copy of every user's search text, in list (username) order, as
 * one string. Scanning it with indexOf finds a page of substring matches in
 * list order without sorting them, and counts short queries that no index
 * serves. Another connection's commit (PRAGMA data_version) means reading it
 * all again; this connection's own writes are patched in (`changed`): a few
 * users are cut out of and pasted into the joined text, many mean joining the
 * texts again, and neither reads the table.
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
      const fresh = [...leaving].flatMap((id) => readOne.get(id) ?? []);
      if (leaving.size > PATCH_MAX) {
        // One pass, not a splice per row: deleting 50,000 users must not take seconds.
        const rows = copy.rows.filter((row) => !leaving.has(row.id));
        rows.push(...fresh);
        if (fresh.length > 0) rows.sort(byKey);
        copy = { version: copy.version, rows, scan: undefined };
        return;
      }
      const { rows } = copy;
      let scan = copy.scan;
      for (let index = rows.length - 1; index >= 0; index--) {
        if (!leaving.has((rows[index] as Row).id)) continue;
        rows.splice(index, 1);
        if (scan) scan = cut(scan, index);
      }
      for (const row of fresh) {
        const index = insertionPoint(rows, row);
        rows.splice(index, 0, row);
        if (scan) scan = paste(scan, index, row);
      }
      copy.scan = scan;
    },
  };
}
