import { listKeys } from '../../../database/postgres/migrations/0010-directory';
import type { PostgresDatabase } from '../../../database/postgres/postgresDatabase';
import type { Sql } from '../../../database/postgres/sql';
import type { KeptSort } from '../listing/keptOrders';
import { flagsSql } from '../listing/listingFlags';
import { createTextCopy, type CopiedUser, type TextCopy } from '../listing/textCopy';
import { createListingOrders } from './listingOrders';

const keys = listKeys('u.');
const COLUMNS = `u.id, u.username_key, u.search_text, ${flagsSql({
  statusRank: keys.statusRank,
  roleRank: keys.roleRank,
  mustChange: 'u.must_change_password::int',
  noGroup: '(NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id))::int',
})} AS flags, u.version`;

/** The newest version the snapshot has seen in the users, their tombstones and the pruning. */
const NEWEST = `SELECT greatest(
  (SELECT coalesce(max(version), 0) FROM users),
  (SELECT coalesce(max(version), 0) FROM deleted_users),
  (SELECT through FROM deleted_users_pruned))`;

/** What a listing reads from the copy, as of the snapshot it runs in. */
export interface ListingView {
  texts: TextCopy;
  /** Every user's id in a kept order, ascending. */
  order: (sort: KeptSort) => Promise<Int32Array>;
  tx: Sql;
}

/**
 * This process's in-memory copy of the users list (the text copy, and the orders kept beside it),
 * as the SQLite directory keeps one, for any number of processes sharing the database. It is
 * brought up to date at the start of every listing, in the listing's own snapshot, by reading
 * only what changed since the newest version it has seen: the users written since
 * (users_by_version) and the users deleted since (deleted_users, migration 0120). Writers take
 * turns under one advisory lock and take their versions while they hold it, so versions are given
 * out in commit order and a snapshot that shows one version shows every smaller one: nothing is
 * missed. A copy older than the tombstones kept is read again whole.
 *
 * Listings take turns over the copy, so that each sees the copy exactly as of its snapshot; each
 * takes a few milliseconds.
 */
export function createListingCopy(database: PostgresDatabase) {
  let copy: { version: number; texts: TextCopy } | undefined;
  const orders = createListingOrders();
  let turn: Promise<unknown> = Promise.resolve();

  const rebuild = async (tx: Sql) => {
    const version = (await tx.value<number>(NEWEST)) ?? 0;
    copy = { version, texts: createTextCopy(await tx.rows<CopiedUser>(`SELECT ${COLUMNS} FROM users u`)) };
    orders.clear();
  };

  const bringUpToDate = async (tx: Sql) => {
    if (!copy || ((await tx.value<number>('SELECT through FROM deleted_users_pruned')) ?? 0) > copy.version) {
      await rebuild(tx);
      return;
    }
    const since = copy.version;
    const changed = await tx.rows<CopiedUser>(`SELECT ${COLUMNS} FROM users u WHERE u.version > $1`, [since]);
    const deleted = await tx.rows<{ id: number; version: number }>(
      'SELECT id, version FROM deleted_users WHERE version > $1',
      [since],
    );
    if (changed.length === 0 && deleted.length === 0) return;
    const leaving = new Set([...changed, ...deleted].map((row) => row.id));
    copy.version = [...changed, ...deleted].reduce((newest, row) => Math.max(newest, row.version), since);
    if (copy.texts.patch(leaving, changed) === 'rejoined') orders.clear();
    else {
      await orders.moved(
        tx,
        [...leaving],
        changed.map((row) => row.id),
      );
    }
  };

  return {
    /** Runs `work` over the copy as of a fresh snapshot of the database. */
    use<T>(work: (view: ListingView) => Promise<T>): Promise<T> {
      const run = () =>
        database.snapshot(async (tx) => {
          await bringUpToDate(tx).catch((error: unknown) => {
            // Half brought up to date is out of date in ways nobody knows: read it all next time.
            copy = undefined;
            orders.clear();
            throw error;
          });
          const texts = (copy as NonNullable<typeof copy>).texts;
          return work({ texts, order: (sort) => orders.of(tx, sort), tx });
        });
      const result = turn.then(run, run);
      turn = result.catch(() => undefined);
      return result;
    },
  };
}

export type ListingCopy = ReturnType<typeof createListingCopy>;
