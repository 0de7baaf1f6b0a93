import { postgresText } from '../../../database/portable/postgresRunner';
import type { Sql } from '../../../database/postgres/sql';
import { moveIn, sortsBeforeSql, type KeptSort } from '../listing/keptOrders';
import { orderBy, sortKeys } from './userListingQuery';

/**
 * Each kept order as every user's id in list order (ascending; descending reads it backwards),
 * read from the order's index the first time a listing asks for it, then moved for the users
 * written since: each is put back by a binary search whose comparisons PostgreSQL answers, so an
 * order's ties and bytes are the database's. Every call runs in the caller's snapshot.
 */
export function createListingOrders() {
  const orders = new Map<KeptSort, Int32Array>();

  const comparisons = new Map<KeptSort, string>();
  const before = async (tx: Sql, sort: KeptSort, a: number, b: number) => {
    let sql = comparisons.get(sort);
    if (sql === undefined) {
      sql = postgresText(sortsBeforeSql((alias) => sortKeys(sort, alias)));
      comparisons.set(sort, sql);
    }
    return (await tx.value<boolean>(sql, [a, b])) === true;
  };
  /** The order with these users moved, PostgreSQL comparing their keys. */
  const reordered = async (
    tx: Sql,
    sort: KeptSort,
    built: Int32Array,
    userIds: readonly number[],
    present: readonly number[],
  ) => {
    const search = moveIn(built, userIds, present);
    let step = search.next();
    while (!step.done) step = search.next(await before(tx, sort, step.value.a, step.value.b));
    return step.value;
  };

  return {
    /** Every user's id in this order, ascending. */
    async of(tx: Sql, sort: KeptSort): Promise<Int32Array> {
      let order = orders.get(sort);
      if (!order) {
        const ids = await tx.rows<{ id: number }>(
          `SELECT u.id FROM users u ORDER BY ${orderBy({ sort, direction: 'asc' })}`,
        );
        order = Int32Array.from(ids, (row) => row.id);
        orders.set(sort, order);
      }
      return order;
    },
    /** These users were created, changed or deleted (`present`: the ones still there): each order built so far moves them. */
    async moved(tx: Sql, userIds: readonly number[], present: readonly number[]) {
      for (const [sort, built] of orders)
        orders.set(sort, await reordered(tx, sort, built, userIds, present));
    },
    /** Anyone may have changed: every order is read again when next asked for. */
    clear() {
      orders.clear();
    },
  };
}

export type ListingOrders = ReturnType<typeof createListingOrders>;
