import type { UserSortKey } from '../../../../shared/domain/userListing';

/** The expressions over a users row that each storage's migrations index, in its own SQL. */
export interface ListKeyExpressions {
  displayNameKey: string;
  emailKey: string;
  roleRank: string;
  statusRank: string;
}

/**
 * An order's keys over `users` (or its alias: `prefix` is "u." or "a."), ascending: what it reads
 * first, then the username key, which breaks every tie.
 */
export function sortKeysOf(keys: ListKeyExpressions, sort: UserSortKey, prefix: string): readonly string[] {
  const first: Readonly<Record<UserSortKey, string | undefined>> = {
    username: undefined,
    displayName: keys.displayNameKey,
    email: keys.emailKey,
    role: keys.roleRank,
    status: keys.statusRank,
    lastSignIn: `${prefix}last_sign_in_at`,
    created: `${prefix}created_at`,
  };
  return [first[sort], `${prefix}username_key`].filter((key) => key !== undefined);
}
