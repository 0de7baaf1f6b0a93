import type { SortDirection, UserSortKey } from '../../../../shared/domain/userListing';

/**
 * The orders kept in memory: every one but the username's, which is the text copy's own, and
 * last sign-in's, which a sign-in moves without moving the user's version, so unseen by the copy.
 */
export type KeptSort = Exclude<UserSortKey, 'username' | 'lastSignIn'>;

export const isKept = (sort: UserSortKey): sort is KeptSort => sort !== 'username' && sort !== 'lastSignIn';

/** The order without `id`. */
export function without(order: Int32Array, id: number): Int32Array {
  const at = order.indexOf(id);
  if (at === -1) return order;
  const rest = new Int32Array(order.length - 1);
  rest.set(order.subarray(0, at));
  rest.set(order.subarray(at + 1), at);
  return rest;
}

/** The order with `id` put in at `index`. */
export function withAt(order: Int32Array, index: number, id: number): Int32Array {
  const more = new Int32Array(order.length + 1);
  more.set(order.subarray(0, index));
  more[index] = id;
  more.set(order.subarray(index), index + 1);
  return more;
}

/**
 * Where `id` goes in an order that has every other user in place: a binary search whose
 * comparisons the database answers (`before(a, b)`: a's keys sort before b's), so that an order's
 * ties and bytes are the database's, never JavaScript's.
 */
export function* placeIn(
  order: Int32Array,
  id: number,
): Generator<{ a: number; b: number }, Int32Array, boolean> {
  let low = 0;
  let high = order.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (yield { a: order[middle] as number, b: id }) low = middle + 1;
    else high = middle;
  }
  return withAt(order, low, id);
}

/**
 * The order with `userIds` (created, changed or deleted) moved: all of them out first, so that each
 * of `present` (the ones still there) is placed among users that are all in place.
 */
export function* moveIn(
  order: Int32Array,
  userIds: readonly number[],
  present: readonly number[],
): Generator<{ a: number; b: number }, Int32Array, boolean> {
  let moved = userIds.reduce(without, order);
  for (const id of present) moved = yield* placeIn(moved, id);
  return moved;
}

/**
 * The question `placeIn` asks, in SQL with `?` for a's id and b's: whether user a's keys (`keysOf`
 * an alias, such as "a.") sort before user b's, as the database compares them.
 */
export const sortsBeforeSql = (keysOf: (prefix: string) => readonly string[]): string =>
  `SELECT (${keysOf('a.').join(', ')}) < (${keysOf('b.').join(', ')}) FROM users a, users b WHERE a.id = ? AND b.id = ?`;

/** One page of an order (every user in it), from either end. */
export function pageOfOrder(
  order: Int32Array,
  page: { direction: SortDirection; offset: number; limit: number },
): number[] {
  const { offset, limit } = page;
  if (page.direction === 'asc') return [...order.subarray(offset, offset + limit)];
  const end = Math.max(0, order.length - offset);
  return [...order.subarray(Math.max(0, end - limit), end)].reverse();
}

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
