import type { FlagTest } from './listingFlags';
import { bothOf, buildRunGrams, recordsWithPair, recordsWithUnit, type RunGrams } from './runGrams';

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

/** A run of records' search texts joined into one string, with where each record starts. */
interface Scan {
  text: string;
  starts: Int32Array;
}

/** Every place a query occurs in a run's joined text, overlapping ones too, in order. */
interface Found {
  query: string;
  at: Int32Array;
}

/**
 * A run of users in list order, fewer than twice CHUNK_ROWS, each run after the one before. A write
 * touches one run: its rows move, and its joined text and index are made again when next needed,
 * in a millisecond or two; the rest of the copy stays as it is.
 */
interface Chunk {
  rows: CopiedUser[];
  scan: Scan | undefined;
  grams: RunGrams | undefined;
  /** The rows' ids: visiting a match reads a number here, not a row object somewhere in the heap. */
  ids: Int32Array | undefined;
  /**
   * The last query the run was scanned for: a text typed on from it occurs only where it did, so
   * the next keystroke checks those places, not the whole run.
   */
  found: Found | undefined;
}

/** Rows per run when the copy is made; a run that grows to twice as many is halved. */
const CHUNK_ROWS = 2048;

/** Candidates above 1 in DENSE_SHARE of a run's users are found by scanning the run instead. */
const DENSE_SHARE = 4;

/** Above this many changed users at once, making every run again is quicker than moving them one by one. */
const PATCH_MAX = 64;

const byKey = (a: CopiedUser, b: CopiedUser) => (a.username_key < b.username_key ? -1 : 1);

function join(rows: readonly CopiedUser[]): Scan {
  const starts = new Int32Array(rows.length + 1);
  const parts: string[] = [];
  let position = 0;
  rows.forEach((row, index) => {
    starts[index] = position;
    parts.push(row.search_text);
    position += row.search_text.length + SEPARATOR.length;
  });
  starts[rows.length] = position;
  return { text: parts.join(SEPARATOR) + SEPARATOR, starts };
}

const scanOf = (chunk: Chunk): Scan => (chunk.scan ??= join(chunk.rows));

const gramsOf = (chunk: Chunk): RunGrams =>
  (chunk.grams ??= buildRunGrams(chunk.rows.map((row) => row.search_text)));

const idsOf = (chunk: Chunk): Int32Array => (chunk.ids ??= Int32Array.from(chunk.rows, (row) => row.id));

const newChunk = (rows: CopiedUser[]): Chunk => ({
  rows,
  scan: undefined,
  grams: undefined,
  ids: undefined,
  found: undefined,
});

/** Its rows changed: what was made from them is made again when next needed. */
function touched(chunk: Chunk): void {
  chunk.scan = undefined;
  chunk.grams = undefined;
  chunk.ids = undefined;
  chunk.found = undefined;
}

/** Where `row` goes among rows sorted by username key. */
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

/** The run `row` belongs in: the last whose first user does not sort after it. */
function chunkFor(chunks: readonly Chunk[], row: CopiedUser): number {
  let low = 1;
  let high = chunks.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (((chunks[middle] as Chunk).rows[0] as CopiedUser).username_key <= row.username_key) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

/** Grows as needed and is copied out of: one scan's occurrences, before their number is known. */
let scratch = new Int32Array(4096);

/** Appends `position` at `count` in the scratch list, growing it, and returns the new count. */
function note(count: number, position: number): number {
  if (count === scratch.length) {
    const grown = new Int32Array(scratch.length * 2);
    grown.set(scratch);
    scratch = grown;
  }
  scratch[count] = position;
  return count + 1;
}

/** Calls `visit` with the index of every record of `scan` whose text contains `query`, once each, in order. */
function eachMatch(scan: Scan, query: string, visit: (record: number) => void): void {
  const { text, starts } = scan;
  let record = 0;
  let position = text.indexOf(query);
  while (position !== -1) {
    // Records are visited in order, so the one holding `position` is found by walking forward.
    while ((starts[record + 1] as number) <= position) record++;
    visit(record);
    position = text.indexOf(query, starts[record + 1]);
  }
}

/**
 * As eachMatch, and says every place the query occurs, for the next keystroke to start from. A
 * query never holds the separator, so it never spans two records.
 */
function eachOccurrence(scan: Scan, query: string, visit: (record: number) => void): Found {
  const { text, starts } = scan;
  let count = 0;
  let record = 0;
  let visited = -1;
  let position = text.indexOf(query);
  while (position !== -1) {
    count = note(count, position);
    while ((starts[record + 1] as number) <= position) record++;
    if (record !== visited) visit((visited = record));
    position = text.indexOf(query, position + 1);
  }
  return { query, at: scratch.slice(0, count) };
}

/**
 * As eachOccurrence, for a query that `known.query` begins: it can only occur where that did, so
 * only the characters typed since are compared, at each of those places; the text is not searched.
 */
function eachOccurrenceAfter(
  scan: Scan,
  known: Found,
  query: string,
  visit: (record: number) => void,
): Found {
  const { text, starts } = scan;
  const typed = known.query.length;
  let count = 0;
  let record = 0;
  let visited = -1;
  for (const position of known.at) {
    let at = typed;
    while (at < query.length && text.charCodeAt(position + at) === query.charCodeAt(at)) at++;
    if (at < query.length) continue;
    count = note(count, position);
    while ((starts[record + 1] as number) <= position) record++;
    if (record !== visited) visit((visited = record));
  }
  return { query, at: scratch.slice(0, count) };
}

/**
 * The run's records holding every pair of adjacent characters in `query` (two or more
 * characters), rarest first: for two characters exactly the matches, for more the few to read.
 */
function candidatesIn(grams: RunGrams, query: string): Uint16Array {
  const lists: Uint16Array[] = [];
  for (let at = 0; at + 1 < query.length; at++) {
    const holders = recordsWithPair(grams, query, at);
    if (holders.length === 0) return holders;
    lists.push(holders);
  }
  lists.sort((a, b) => a.length - b.length);
  return lists.reduce((both, list) => (both.length === 0 || list === both ? both : bothOf(both, list)));
}

/**
 * How many of the run's records hold `query`, when the run's index says without reading a text
 * (one or two characters); undefined otherwise.
 */
function countIn(chunk: Chunk, query: string): number | undefined {
  if (query.length === 1) return recordsWithUnit(gramsOf(chunk), query.charCodeAt(0));
  if (query.length === 2) return recordsWithPair(gramsOf(chunk), query, 0).length;
  return undefined;
}

/** Calls `visit` with the index of every record of the run whose text contains `query`, once each, in order. */
function eachMatchIn(chunk: Chunk, query: string, visit: (record: number) => void): void {
  if (query.length === 1) {
    // Only runs that hold the character are scanned; a page needs one or two of them.
    if (recordsWithUnit(gramsOf(chunk), query.charCodeAt(0)) > 0) eachMatch(scanOf(chunk), query, visit);
    return;
  }
  const known = chunk.found;
  // The same query again (its next page) or one typed on from it.
  if (known && query.startsWith(known.query)) {
    chunk.found = eachOccurrenceAfter(scanOf(chunk), known, query, visit);
    return;
  }
  const grams = gramsOf(chunk);
  const candidates = candidatesIn(grams, query);
  if (query.length === 2) {
    for (const record of candidates) visit(record);
    return;
  }
  if (candidates.length * DENSE_SHARE > chunk.rows.length) {
    // Most of the run holds every pair (an "mple" among addresses at example.com): one indexOf
    // pass over its joined text beats reading that many texts one by one.
    chunk.found = eachOccurrence(scanOf(chunk), query, visit);
    return;
  }
  const { texts } = grams;
  for (const record of candidates) if ((texts[record] as string).includes(query)) visit(record);
}

/**
 * An in-memory copy of every user's search text, in list (username) order, with each user's
 * listing flags (listingFlags.ts) beside it, in runs of a few thousand users. Each run has an index
 * of the characters and pairs of characters its users hold (runGrams.ts): a query's matches are
 * counted and a page of them found in list order, run after run, without sorting them, for short
 * queries that no database index serves; a 1-character page scans the run's texts joined into one
 * string with indexOf. A query typed on from the run's last (the next keystroke) is only looked for
 * where that one occurred. With the flags it counts a filtered list too. Whoever keeps it (the SQLite
 * or the PostgreSQL directory) reads the rows and tells it which users changed: a few are moved
 * within their runs, many mean making the runs again; neither reads the table.
 */
export function createTextCopy(all: CopiedUser[], chunkRows = CHUNK_ROWS) {
  let chunks: Chunk[] = [];
  /** The run each user is in, by id. */
  let owner: (Chunk | undefined)[] = [];
  let size = 0;
  let flags = new Uint8Array(0);
  let allIds: Int32Array | undefined;

  const setFlags = (row: CopiedUser) => {
    if (row.id >= flags.length) {
      const grown = new Uint8Array(Math.max(row.id + 1, flags.length * 2));
      grown.set(flags);
      flags = grown;
    }
    flags[row.id] = row.flags;
  };

  const build = (rows: CopiedUser[]) => {
    rows.sort(byKey);
    chunks = [];
    // Sized once, so that setting users in any order keeps it a plain array, not a dictionary.
    owner = new Array<Chunk | undefined>(rows.reduce((max, row) => Math.max(max, row.id), 0) + 1);
    for (let at = 0; at < rows.length; at += chunkRows) {
      const chunk = newChunk(rows.slice(at, at + chunkRows));
      for (const row of chunk.rows) owner[row.id] = chunk;
      chunks.push(chunk);
    }
    size = rows.length;
    allIds = undefined;
  };

  const remove = (id: number) => {
    const chunk = owner[id];
    if (!chunk) return;
    chunk.rows.splice(
      chunk.rows.findIndex((row) => row.id === id),
      1,
    );
    touched(chunk);
    owner[id] = undefined;
    size--;
    if (chunk.rows.length === 0) chunks.splice(chunks.indexOf(chunk), 1);
  };

  const insert = (row: CopiedUser) => {
    if (chunks.length === 0) chunks.push(newChunk([]));
    const index = chunkFor(chunks, row);
    const chunk = chunks[index] as Chunk;
    chunk.rows.splice(insertionPoint(chunk.rows, row), 0, row);
    touched(chunk);
    owner[row.id] = chunk;
    size++;
    if (chunk.rows.length >= 2 * chunkRows) {
      const second = newChunk(chunk.rows.splice(chunkRows));
      for (const moved of second.rows) owner[moved.id] = second;
      chunks.splice(index + 1, 0, second);
    }
  };

  for (const row of all) setFlags(row);
  build(all);

  return {
    get size() {
      return size;
    },
    /** Every user's id in username order, ascending. */
    ids(): Int32Array {
      if (!allIds) {
        allIds = new Int32Array(size);
        let at = 0;
        for (const chunk of chunks) {
          allIds.set(idsOf(chunk), at);
          at += chunk.rows.length;
        }
      }
      return allIds;
    },
    /**
     * Takes the users `leaving` out and puts `fresh` (their rows as they are now; a deleted user
     * has none) in. Says whether every position moved (the runs were made again), so that orders
     * kept beside the copy are read again rather than patched.
     */
    patch(leaving: ReadonlySet<number>, fresh: readonly CopiedUser[]): 'rejoined' | 'patched' {
      for (const row of fresh) setFlags(row);
      allIds = undefined;
      if (leaving.size > PATCH_MAX) {
        // One pass, not a move per row: deleting 50,000 users must not take seconds.
        const kept = chunks.flatMap((chunk) => chunk.rows.filter((row) => !leaving.has(row.id)));
        kept.push(...fresh);
        build(kept);
        return 'rejoined';
      }
      for (const id of leaving) remove(id);
      for (const row of fresh) insert(row);
      return 'patched';
    },
    /** Counts the users whose search text contains `query` and returns the ids of one page of them. */
    match(query: string, offset: number, limit: number): TextMatches {
      const pageIds: number[] = [];
      let total = 0;
      for (const chunk of chunks) {
        const count = countIn(chunk, query);
        // A run the page does not reach is only counted, when its index can count it.
        if (count !== undefined && (total + count <= offset || pageIds.length >= limit)) {
          total += count;
          continue;
        }
        const runIds = idsOf(chunk);
        eachMatchIn(chunk, query, (record) => {
          if (total >= offset && pageIds.length < limit) pageIds.push(runIds[record] as number);
          total++;
        });
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
      const ids: number[] = [];
      const marks = new Uint8Array(flags.length);
      let total = 0;
      const take = (id: number) => {
        if (((flags[id] as number) & mask) !== want || (keep && !keep(id))) return;
        if (ids.length < max) ids.push(id);
        marks[id] = 1;
        total++;
      };
      for (const chunk of chunks) {
        // Not `ids`: that is the answer's list, which `take` fills.
        const runIds = idsOf(chunk);
        if (query === '') {
          for (const id of runIds) take(id);
          continue;
        }
        eachMatchIn(chunk, query, (record) => take(runIds[record] as number));
      }
      return { total, ids, marks };
    },
  };
}

export type TextCopy = ReturnType<typeof createTextCopy>;
