import type { UserStatus } from '../../../../shared/domain/directory';
import type { UserSortKey } from '../../../../shared/domain/userListing';
import { listKeys } from '../../../database/postgres/migrations/0010-directory';
import type { Listing } from '../local/userListingQuery';
import { sortKeysOf } from '../listing/sortKeys';
import { typedTextPattern } from './likePattern';

/**
 * The users list's filters and orders in PostgreSQL, over `users u`, giving the rows and order the
 * SQLite directory gives (its userListingQuery.ts): each order names the expression migration 0010
 * indexes, so a page is read from that index, and the username key breaks every tie.
 */

/** What lists show; `invited` as 0 or 1, as SQLite answers a comparison. */
export const SUMMARY_COLUMNS = `u.id, u.username, u.display_name, u.email, u.enabled, u.role, u.created_at, u.last_sign_in_at, (u.password_hash = '')::int AS invited`;

/** An order's keys over `users` (or its alias: `prefix` is "u." or "a."), ascending. */
export const sortKeys = (sort: UserSortKey, prefix: string): readonly string[] =>
  sortKeysOf(listKeys(prefix), sort, prefix);

/**
 * Descending reverses the whole order, ties included. "Never signed in" is the oldest sign-in of
 * all, as SQLite, which puts NULLs first, has it; PostgreSQL must be told, both ways.
 */
export function orderBy(listing: Pick<Listing, 'sort' | 'direction'>): string {
  const desc = listing.direction === 'desc';
  const nulls = listing.sort === 'lastSignIn' ? (desc ? ' NULLS LAST' : ' NULLS FIRST') : '';
  return sortKeys(listing.sort, 'u.')
    .map((key, index, keys) => `${key}${desc ? ' DESC' : ''}${index < keys.length - 1 ? nulls : ''}`)
    .join(', ');
}

/** As the status rank's bits have it: invited has no password; enabled is neither disabled nor invited. */
const STATUS_SQL: Readonly<Record<Exclude<UserStatus, 'any'>, string>> = {
  enabled: "u.enabled = 1 AND u.password_hash <> ''",
  disabled: 'u.enabled = 0',
  invited: "u.password_hash = ''",
};

/** A WHERE clause (or nothing) and its values, numbered from $1. */
export interface Filtered {
  where: string;
  values: unknown[];
}

/** Every filter of a listing as SQL over `users u`; `now` decides which accounts are locked. */
export function filtersOf(listing: Listing, now: string): Filtered {
  const values: unknown[] = [];
  const bind = (value: unknown) => `$${values.push(value)}`;
  const where: string[] = [];
  if (listing.status !== 'any') where.push(STATUS_SQL[listing.status]);
  if (listing.role !== undefined) where.push(`u.role = ${bind(listing.role)}`);
  if (listing.mustChangePassword) where.push('u.must_change_password = 1');
  if (listing.locked) where.push(`u.locked_until > ${bind(now)}`);
  if (listing.groupId !== undefined) {
    where.push(
      `EXISTS (SELECT 1 FROM memberships m WHERE m.group_id = ${bind(listing.groupId)} AND m.user_id = u.id)`,
    );
  }
  if (listing.noGroup) where.push('NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id)');
  if (listing.text !== '') where.push(`u.search_text LIKE ${bind(typedTextPattern(listing.text))}`);
  return { where: where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`, values };
}
