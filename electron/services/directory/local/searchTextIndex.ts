import type { Database } from 'better-sqlite3';
import { listKeys } from '../../../database/migrations/0080-list-indexes';
import type { KeptSort } from '../listing/keptOrders';
import { flagsSql } from '../listing/listingFlags';
import { createTextCopy, type CopiedUser, type TextCopy } from '../listing/textCopy';
import { createListingOrders } from './listingOrders';

const keys = listKeys('users.');
const FLAGS_SQL = flagsSql({
  statusRank: keys.statusRank,
  roleRank: keys.roleRank,
  mustChange: 'users.must_change_password',
  noGroup: 'NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id)',
});

/**
 * The SQLite directory's copy of the users list (textCopy.ts), kept up to date. Another
 * connection's commit (PRAGMA data_version) means reading it all again; this connection's own
 * writes are patched in (`changed`), without reading the table. Writes on this connection that
 * nobody reports (the sign-in service's, a membership trigger's) still move the instance clock and
 * the version of every user they touch, so a moved clock means reading those users again
 * (users_by_version). The orders kept in memory (listingOrders.ts) follow the copy: dropped when
 * it is read or joined again, moved for the users patched into it.
 */
export function createSearchTextIndex(db: Database) {
  const columns = `id, username_key, search_text, ${FLAGS_SQL} AS flags, version`;
  const readAll = db.prepare<[], CopiedUser>(`SELECT ${columns} FROM users`);
  const readOne = db.prepare<[number], CopiedUser>(`SELECT ${columns} FROM users WHERE id = ?`);
  const readWrittenSince = db.prepare<[number], { id: number; version: number }>(
    'SELECT id, version FROM users WHERE version > ?',
  );
  const readClock = db.prepare<[], number>('SELECT version FROM instance_clock').pluck();
  const countUsers = db.prepare<[], number>('SELECT count(*) FROM users').pluck();
  const dataVersion = () => db.pragma('data_version', { simple: true }) as number;
  let copy: { version: number; clock: number; texts: TextCopy } | undefined;
  /** The version each user had when `changed` read it again: the clock's next look skips those. */
  const patchedAt = new Map<number, number>();
  // Kept beside the copy so that whatever brings the copy up to date brings them too.
  const orders = createListingOrders(db);

  const rebuild = (version: number) => {
    // The clock first: a write after it is read again at the next look, never missed.
    const clock = readClock.get() ?? 0;
    // Read in table order and sorted by the copy: much faster than walking the username index row by row.
    copy = { version, clock, texts: createTextCopy(readAll.all()) };
    patchedAt.clear();
    orders.clear();
  };

  const current = (): TextCopy => {
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
      if (copy.texts.size !== countUsers.get()) rebuild(version);
    }
    return (copy as NonNullable<typeof copy>).texts;
  };

  /** Reads these users again: the changed ones are cut out and pasted back in, the deleted ones cut out. */
  function patch(userIds: readonly number[]) {
    if (!copy || userIds.length === 0) return;
    const leaving = new Set(userIds);
    const fresh = [...leaving].flatMap((id) => readOne.get(id) ?? []);
    for (const row of fresh) patchedAt.set(row.id, row.version);
    if (copy.texts.patch(leaving, fresh) === 'rejoined') orders.clear();
    else orders.moved([...leaving]);
  }

  return {
    match: (...args: Parameters<TextCopy['match']>) => current().match(...args),
    collect: (...args: Parameters<TextCopy['collect']>) => current().collect(...args),
    /**
     * Every user's id in a sort's order, ascending, as of the last `match` or `collect`: a page of
     * the users it marked is one pass over it.
     */
    order(sort: KeptSort): Int32Array {
      return orders.of(sort);
    },
    /** Every user's id in username order or a kept sort's, ascending, as of now. */
    inOrder(sort: KeptSort | 'username'): Int32Array {
      const texts = current();
      return sort === 'username' ? texts.ids() : orders.of(sort);
    },
    /** This connection created, changed or deleted these users: their rows are read again. */
    changed(userIds: readonly number[]) {
      patch(userIds);
    },
  };
}

export type SearchTextIndex = ReturnType<typeof createSearchTextIndex>;
