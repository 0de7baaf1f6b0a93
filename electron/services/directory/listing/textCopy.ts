import type { FlagTest } from './listingFlags';

/** Between records; never typed into a filter, never inside a search text. */
const SEPARATOR = '\u0001';

/** One user as the copy holds it. */
export interface CopiedUser {
  id: number;
  username_key: string;
  search_text: string;
  /** The listing flags (listingFlags.ts). */
  flags: number;
  version: number;
}

export interface TextMatches {
  /** Users whose search text contains the query. */
  total: number;
  /** Ids of the matches in [offset, offset + limit), in list order. */
  pageIds: number[];
}

/** Users passing a filter: how many, and the ids of the first of them. */
export interface Collected {
  total: number;
  /** Up to the number asked for, in username order. */
  ids: number[];
  /** 1 at the id of every user that passed. */
  marks: Uint8Array;
}

/** All search texts joined into one string, with where each record starts. */
interface Scan {
  text: string;
  starts: Int32Array;
  ids: Int32Array;
}

const byKey = (a: CopiedUser, b: CopiedUser) => (a.username_key < b.username_key ? -1 : 1);

function join(rows: readonly CopiedUser[]): Scan {
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
function insertionPoint(rows: readonly CopiedUser[], row: CopiedUser): number {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((rows[middle] as CopiedUser).username_key < row.username_key) low = middle + 1;
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
function paste(scan: Scan, index: number, row: CopiedUser): Scan {
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

function flagsOf(rows: readonly CopiedUser[]): Uint8Array {
  const flags = new Uint8Array(rows.reduce((max, row) => Math.max(max, row.id), 0) + 1);
  for (const row of rows) flags[row.id] = row.flags;
  return flags;
}

/**
 * An in-memory copy of every user's search text, in list (username) order, as one string, with
 * each user's listing flags (listingFlags.ts) beside it. Scanning it with indexOf finds a page of
 * substring matches in list order without sorting them, and counts short queries that no index
 * serves; with the flags it counts a filtered list too. Whoever keeps it (the SQLite or the
 * PostgreSQL directory) reads the rows and tells it which users changed: a few are cut out of and
 * pasted into the joined text, many mean joining the texts again; neither reads the table.
 */
export function createTextCopy(all: CopiedUser[]) {
  let rows = all.sort(byKey);
  let scan: Scan | undefined;
  let flags = flagsOf(rows);

  const setFlags = (row: CopiedUser) => {
    if (row.id >= flags.length) {
      const grown = new Uint8Array(Math.max(row.id + 1, flags.length * 2));
      grown.set(flags);
      flags = grown;
    }
    flags[row.id] = row.flags;
  };
  const current = (): Scan => (scan ??= join(rows));

  return {
    get size() {
      return rows.length;
    },
    /** Every user's id in username order, ascending. */
    ids(): Int32Array {
      return current().ids;
    },
    /**
     * Takes the users `leaving` out and puts `fresh` (their rows as they are now; a deleted user
     * has none) in. Says whether every position moved (many users joined again), so that orders
     * kept beside the copy are read again rather than patched.
     */
    patch(leaving: ReadonlySet<number>, fresh: readonly CopiedUser[]): 'rejoined' | 'patched' {
      for (const row of fresh) setFlags(row);
      if (leaving.size > PATCH_MAX) {
        // One pass, not a splice per row: deleting 50,000 users must not take seconds.
        const kept = rows.filter((row) => !leaving.has(row.id));
        kept.push(...fresh);
        if (fresh.length > 0) kept.sort(byKey);
        rows = kept;
        scan = undefined;
        return 'rejoined';
      }
      for (let index = rows.length - 1; index >= 0; index--) {
        if (!leaving.has((rows[index] as CopiedUser).id)) continue;
        rows.splice(index, 1);
        if (scan) scan = cut(scan, index);
      }
      for (const row of fresh) {
        const index = insertionPoint(rows, row);
        rows.splice(index, 0, row);
        if (scan) scan = paste(scan, index, row);
      }
      return 'patched';
    },
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
    /**
     * Counts the users whose search text contains `query` (everyone, for an empty one) and whose
     * flags pass `test` and `keep`, and returns the ids of the first `max` of them.
     */
    collect(
      query: string,
      test: FlagTest,
      keep: ((id: number) => boolean) | undefined,
      max: number,
    ): Collected {
      const { mask, want } = test;
      const { text, starts, ids: recordIds } = current();
      const ids: number[] = [];
      const marks = new Uint8Array(flags.length);
      let total = 0;
      const take = (id: number) => {
        if (((flags[id] as number) & mask) !== want || (keep && !keep(id))) return;
        if (ids.length < max) ids.push(id);
        marks[id] = 1;
        total++;
      };
      if (query === '') {
        for (const id of recordIds) take(id);
        return { total, ids, marks };
      }
      let record = 0;
      let position = text.indexOf(query);
      while (position !== -1) {
        while ((starts[record + 1] as number) <= position) record++;
        take(recordIds[record] as number);
        position = text.indexOf(query, starts[record + 1]);
      }
      return { total, ids, marks };
    },
  };
}

export type TextCopy = ReturnType<typeof createTextCopy>;
