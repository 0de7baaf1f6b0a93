import type { Database } from 'better-sqlite3';
import { FLAGS_SQL, type FlagTest } from './listingFlags';
import { createListingOrders, type KeptSort } from './listingOrders';

/** Between records; never typed into a filter, never inside a search text. */
const SEPARATOR = '\u0001';

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

interface Row {
  id: number;
  username_key: string;
  search_text: string;
  /** The listing flags (listingFlags.ts). */
  flags: number;
  version: number;
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
 * one string, with each user's listing flags (listingFlags.ts) beside it.
 * Scanning it with indexOf finds a page of substring matches in list order
 * without sorting them, and counts short queries that no index serves; with the
 * flags it counts a filtered list too. Another connection's commit (PRAGMA
 * data_version) means reading it all again; this connection's own writes are
 * patched in (`changed`): a few users are cut out of and pasted into the joined
 * text, many mean joining the texts again, and neither reads the table. Writes
 * on this connection that nobody reports (the sign-in service's, a membership
 * trigger's) still move the instance clock and the version of every user they
 * touch, so a moved clock means reading those users again (users_by_version).
 * The orders kept in memory (listingOrders.ts) follow the copy: dropped when
 * it is read or joined again, moved for the users patched into it.
 */
export function createSearchTextIndex(db: Database) {
  const columns = `id, username_key, search_text, ${FLAGS_SQL} AS flags, version`;
  const readAll = db.prepare<[], Row>(`SELECT ${columns} FROM users`);
  const readOne = db.prepare<[number], Row>(`SELECT ${columns} FROM users WHERE id = ?`);
  const readWrittenSince = db.prepare<[number], { id: number; version: number }>(
    'SELECT id, version FROM users WHERE version > ?',
  );
  const readClock = db.prepare<[], number>('SELECT version FROM instance_clock').pluck();
  const countUsers = db.prepare<[], number>('SELECT count(*) FROM users').pluck();
  const dataVersion = () => db.pragma('data_version', { simple: true }) as number;
  let copy:
    { version: number; clock: number; rows: Row[]; scan: Scan | undefined; flags: Uint8Array } | undefined;
  /** The version each user had when `changed` read it again: the clock's next look skips those. */
  const patchedAt = new Map<number, number>();
  // Kept beside the copy so that whatever brings the copy up to date brings them too.
  const orders = createListingOrders(db);

  const flagsOf = (rows: readonly Row[]) => {
    const flags = new Uint8Array(rows.reduce((max, row) => Math.max(max, row.id), 0) + 1);
    for (const row of rows) flags[row.id] = row.flags;
    return flags;
  };
  const setFlags = (row: Row) => {
    if (!copy) return;
    if (row.id >= copy.flags.length) {
      const grown = new Uint8Array(Math.max(row.id + 1, copy.flags.length * 2));
      grown.set(copy.flags);
      copy.flags = grown;
    }
    copy.flags[row.id] = row.flags;
  };

  const rebuild = (version: number) => {
    // The clock first: a write after it is read again at the next look, never missed.
    const clock = readClock.get() ?? 0;
    // Read in table order and sort here: much faster than walking the username index row by row.
    const rows = readAll.all().sort(byKey);
    copy = { version, clock, rows, scan: undefined, flags: flagsOf(rows) };
    patchedAt.clear();
    orders.clear();
  };

  const currentCopy = () => {
    const version = dataVersion();
    if (copy?.version !== version) rebuild(version);
    else {
      // This connection's writes that nobody reported (a sign-in's password change, a membership)
      // still moved the instance clock, and the users they touched carry the new version.
      const clock = readClock.get() ?? 0;
      if (clock !== copy.clock) {
        const unseen = readWrittenSince
          .all(copy.clock)
          .filter((row) => patchedAt.get(row.id) !== row.version)
          .map((row) => row.id);
        patch(unseen);
        patchedAt.clear();
        copy.clock = clock;
      }
      // A delete nobody reported leaves a user too many; only reading everything again finds which.
      if (copy.rows.length !== countUsers.get()) rebuild(version);
    }
    return copy as NonNullable<typeof copy>;
  };
  const current = (): Scan => {
    const fresh = currentCopy();
    fresh.scan ??= join(fresh.rows);
    return fresh.scan;
  };

  /** Reads these users again: the changed ones are cut out and pasted back in, the deleted ones cut out. */
  function patch(userIds: readonly number[]) {
    if (!copy || userIds.length === 0) return;
    const leaving = new Set(userIds);
    const fresh = [...leaving].flatMap((id) => readOne.get(id) ?? []);
    for (const row of fresh) {
      setFlags(row);
      patchedAt.set(row.id, row.version);
    }
    if (leaving.size > PATCH_MAX) {
      // One pass, not a splice per row: deleting 50,000 users must not take seconds.
      const rows = copy.rows.filter((row) => !leaving.has(row.id));
      rows.push(...fresh);
      if (fresh.length > 0) rows.sort(byKey);
      copy.rows = rows;
      copy.scan = undefined;
      orders.clear();
      return;
    }
    orders.moved([...leaving]);
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
  }

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
      const scan = current();
      const flags = (copy as NonNullable<typeof copy>).flags;
      const { text, starts, ids: recordIds } = scan;
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
    /**
     * Every user's id in a sort's order, ascending, as of the last `match` or `collect`: a page of
     * the users it marked is one pass over it.
     */
    order(sort: KeptSort): Int32Array {
      return orders.of(sort);
    },
    /** This connection created, changed or deleted these users: their rows are read again. */
    changed(userIds: readonly number[]) {
      patch(userIds);
    },
  };
}

export type SearchTextIndex = ReturnType<typeof createSearchTextIndex>;
