import type { Sql } from '../../../database/postgres/sql';
import { placeIn, without, type KeptSort } from '../listing/keptOrders';
import { orderBy, sortKeys } from './userListingQuery';

/**
 * Each kept order as every user's id in list order (ascending; descending reads it backwards),
 * read from the order's index the first time a listing asks for it, then moved for the users
 * written since: each is put back by a binary search whose comparisons PostgreSQL answers, so an
 * order's ties and bytes are the database's. Every call runs in the caller's snapshot.
 */
export function createListingOrders() {
  const orders = new Map<KeptSort, Int32Array>();

  const before = async (tx: Sql, sort: KeptSort, a: number, b: number) => {
    const keysOf = (alias: string) => sortKeys(sort, alias).join(', ');
    return (
      (await tx.value<boolean>(
        `SELECT (${keysOf('a.')}) < (${keysOf('b.')}) FROM users a, users b WHERE a.id = $1 AND b.id = $2`,
        [a, b],
      )) === true
    );
  };
  const placed = async (tx: Sql, sort: KeptSort, order: Int32Array, id: number): Promise<Int32Array> => {
    const search = placeIn(order, id);
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
      for (const [sort, built] of orders) {
        // All of them out first, so that each is placed among users that are all in place.
        let order = userIds.reduce(without, built);
        for (const id of present) order = await placed(tx, sort, order, id);
        orders.set(sort, order);
      }
    },
    /** Anyone may have changed: every order is read again when next asked for. */
    clear() {
      orders.clear();
    },
  };
}

export type ListingOrders = ReturnType<typeof createListingOrders>;
