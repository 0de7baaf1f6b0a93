import type { Database, Statement } from 'better-sqlite3';
import { moveIn, sortsBeforeSql, type KeptSort } from '../listing/keptOrders';
import { orderBy, sortKeys } from './userListingQuery';

/**
 * Each kept order as every user's id in list order (ascending; descending reads it backwards),
 * read from the order's covering index the first time a listing asks for it (about 20 ms for
 * 100,000 users; 400 KB each). A page of many matches is then one pass over it in memory, however
 * far into the order they bunch. Users written since are moved to their place, which SQLite's own
 * comparison of their keys finds (a binary search): an order's ties and bytes are SQLite's, never
 * JavaScript's.
 */
export function createListingOrders(db: Database) {
  const orders = new Map<KeptSort, Int32Array>();
  const exists = db.prepare<[number], number>('SELECT 1 FROM users WHERE id = ?').pluck();
  const prepared = new Map<
    KeptSort,
    { read: Statement<[], number>; before: Statement<[number, number], number> }
  >();
  const statements = (sort: KeptSort) => {
    let found = prepared.get(sort);
    if (!found) {
      found = {
        read: db
          .prepare<[], number>(`SELECT id FROM users ORDER BY ${orderBy({ sort, direction: 'asc' }, '')}`)
          .pluck(),
        before: db
          .prepare<[number, number], number>(sortsBeforeSql((alias) => sortKeys(sort, alias)))
          .pluck(),
      };
      prepared.set(sort, found);
    }
    return found;
  };

  /** The order with these users moved, SQLite comparing their keys. */
  const reordered = (
    sort: KeptSort,
    built: Int32Array,
    userIds: readonly number[],
    present: readonly number[],
  ) => {
    const { before } = statements(sort);
    const search = moveIn(built, userIds, present);
    let step = search.next();
    while (!step.done) step = search.next(before.get(step.value.a, step.value.b) === 1);
    return step.value;
  };

  return {
    /** Every user's id in this order, ascending. */
    of(sort: KeptSort): Int32Array {
      let order = orders.get(sort);
      if (!order) {
        order = Int32Array.from(statements(sort).read.all());
        orders.set(sort, order);
      }
      return order;
    },
    /** These users were created, changed or deleted: each order built so far moves them. */
    moved(userIds: readonly number[]) {
      if (orders.size === 0) return;
      const present = userIds.filter((id) => exists.get(id) !== undefined);
      for (const [sort, built] of orders) orders.set(sort, reordered(sort, built, userIds, present));
    },
    /** Anyone may have changed: every order is read again when next asked for. */
    clear() {
      orders.clear();
    },
  };
}

export type ListingOrders = ReturnType<typeof createListingOrders>;
