import type { Database, Statement } from 'better-sqlite3';
import type { SortDirection, UserSortKey } from '../../../../shared/domain/userListing';
import { orderBy, sortKeys } from './userListingQuery';

/**
 * The orders kept in memory: every one but the username's, which is the search copy's own, and
 * last sign-in's, which a sign-in moves without moving the user's version, so unseen by the copy.
 */
export type KeptSort = Exclude<UserSortKey, 'username' | 'lastSignIn'>;

export const isKept = (sort: UserSortKey): sort is KeptSort => sort !== 'username' && sort !== 'lastSignIn';

/** The order without `id`. */
function without(order: Int32Array, id: number): Int32Array {
  const at = order.indexOf(id);
  if (at === -1) return order;
  const rest = new Int32Array(order.length - 1);
  rest.set(order.subarray(0, at));
  rest.set(order.subarray(at + 1), at);
  return rest;
}

/** The order with `id` put in at `index`. */
function withAt(order: Int32Array, index: number, id: number): Int32Array {
  const more = new Int32Array(order.length + 1);
  more.set(order.subarray(0, index));
  more[index] = id;
  more.set(order.subarray(index), index + 1);
  return more;
}

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
      const keysOf = (alias: string) => sortKeys(sort, alias).join(', ');
      found = {
        read: db
          .prepare<[], number>(`SELECT id FROM users ORDER BY ${orderBy({ sort, direction: 'asc' }, '')}`)
          .pluck(),
        before: db
          .prepare<[number, number], number>(
            `SELECT (${keysOf('a.')}) < (${keysOf('b.')}) FROM users a, users b WHERE a.id = ? AND b.id = ?`,
          )
          .pluck(),
      };
      prepared.set(sort, found);
    }
    return found;
  };

  /** Puts a user where it belongs in an order that has every other user in place. */
  const placed = (sort: KeptSort, order: Int32Array, id: number): Int32Array => {
    const { before } = statements(sort);
    let low = 0;
    let high = order.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (before.get(order[middle] as number, id) === 1) low = middle + 1;
      else high = middle;
    }
    return withAt(order, low, id);
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
      for (const [sort, built] of orders) {
        // All of them out first, so that each is placed among users that are all in place.
        let order = userIds.reduce(without, built);
        for (const id of present) order = placed(sort, order, id);
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

/** The ids of one page of the marked users, in an order (from either end). */
export function pageInOrder(
  order: Int32Array,
  marks: Uint8Array,
  page: { direction: SortDirection; offset: number; limit: number },
): number[] {
  const ids: number[] = [];
  const step = page.direction === 'asc' ? 1 : -1;
  let skipped = 0;
  for (let at = step === 1 ? 0 : order.length - 1; at >= 0 && at < order.length; at += step) {
    if (ids.length === page.limit) break;
    const id = order[at] as number;
    if (marks[id] !== 1) continue;
    if (skipped < page.offset) skipped++;
    else ids.push(id);
  }
  return ids;
}
