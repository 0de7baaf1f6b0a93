import type { UserSummary } from '../../../../shared/domain/directory';
import { DEFAULT_ROLE, type Role } from '../../../../shared/domain/roles';
import { GENERIC_USERNAME_PREFIX, uniqueKey } from '../../../../shared/domain/userRules';
import { auditDiff, type AuditFields } from '../../../../shared/domain/audit';

/**
 * A users row as both storages hold it, and what is made of one without a query: the list's
 * summary, the audit log's fields, the search text.
 */
export interface UserRow {
  id: number;
  username: string;
  username_key: string;
  display_name: string;
  email: string;
  password_hash: string;
  enabled: 0 | 1;
  role: Role;
  search_text: string;
  created_at: string;
  updated_at: string;
  version: number;
  must_change_password: 0 | 1;
  may_reset_own_password: 0 | 1;
  last_sign_in_at: string | null;
}

/** An Invited user has no password yet (migration 0050). */
export const isInvited = (row: Pick<UserRow, 'password_hash'>): boolean => row.password_hash === '';

/** What lists show; the password hash and search text stay in the table. */
export const userSummaryColumns = (alias?: string): string => {
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  return [
    ...['id', 'username', 'display_name', 'email', 'enabled', 'role', 'created_at', 'last_sign_in_at'].map(
      column,
    ),
    `(${column('password_hash')} = '') AS invited`,
  ].join(', ');
};
export type UserSummaryRow = Pick<
  UserRow,
  'id' | 'username' | 'display_name' | 'email' | 'enabled' | 'role' | 'created_at' | 'last_sign_in_at'
> & { invited: 0 | 1 };

export const toUserSummary = (row: UserSummaryRow): UserSummary => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  email: row.email,
  enabled: row.enabled === 1,
  role: row.role,
  invited: row.invited === 1,
  createdAt: row.created_at,
  lastSignInAt: row.last_sign_in_at,
});

/** A full row as the list shows it. */
export const summaryOfRow = (row: UserRow): UserSummary =>
  toUserSummary({ ...row, invited: isInvited(row) ? 1 : 0 });

/** A user as the audit log shows it: the public fields, never the password hash. */
export const publicFields = (row: UserRow) => ({
  username: row.username,
  displayName: row.display_name,
  email: row.email,
  enabled: row.enabled === 1,
  mayResetOwnPassword: row.may_reset_own_password === 1,
});

/** A new user in the audit log: the public fields and the role it was created with. */
export const createdFields = (row: UserRow) => ({ ...publicFields(row), role: row.role });

/**
 * One user's change as the audit log shows it: only the public fields that changed, on each side,
 * named for the enabled flag when that moved, else `user.update`. Null when none changed.
 */
export function userChange(
  before: UserRow,
  after: UserRow,
): {
  action: 'user.update' | 'user.enable' | 'user.disable';
  before: AuditFields;
  after: AuditFields;
} | null {
  const diff = auditDiff(publicFields(before), publicFields(after));
  if (!diff) return null;
  const action =
    before.enabled === after.enabled ? 'user.update' : after.enabled === 1 ? 'user.enable' : 'user.disable';
  return { action, ...diff };
}

/** What the filter matches: one lower-case line per field, so a match never spans two fields. */
export const searchText = (user: { username: string; email: string; displayName: string }): string =>
  [user.username, user.email, user.displayName].join('\n').toLowerCase();

export interface InsertUser {
  username: string;
  displayName: string;
  email: string;
  passwordHash: string;
  enabled: boolean;
  /** Absent: the column's default (User), or Administrator for an instance's first user. */
  role?: Role;
  now: string;
}

/** The columns of a new row (its created_at and updated_at are both `now`). */
export const insertedValues = (user: InsertUser) => ({
  username: user.username,
  usernameKey: uniqueKey(user.username),
  displayName: user.displayName,
  email: user.email,
  passwordHash: user.passwordHash,
  enabled: user.enabled ? 1 : 0,
  role: user.role ?? DEFAULT_ROLE,
  searchText: searchText(user),
  now: user.now,
});

export interface UserUpdate {
  displayName?: string;
  email?: string;
  passwordHash?: string;
  enabled?: boolean;
  mustChangePassword?: boolean;
  mayResetOwnPassword?: boolean;
  now: string;
}

const flag = (value: boolean | undefined, current: 0 | 1): 0 | 1 =>
  value === undefined ? current : value ? 1 : 0;

/** The columns an update writes: the fields given, the others as `row` has them. */
export function updatedValues(row: UserRow, update: UserUpdate) {
  const displayName = update.displayName ?? row.display_name;
  const email = update.email ?? row.email;
  return {
    id: row.id,
    displayName,
    email,
    passwordHash: update.passwordHash ?? row.password_hash,
    enabled: flag(update.enabled, row.enabled),
    mustChange: flag(update.mustChangePassword, row.must_change_password),
    mayReset: flag(update.mayResetOwnPassword, row.may_reset_own_password),
    searchText: searchText({ username: row.username, email, displayName }),
    now: update.now,
  };
}

/** The lowest `userN` not among `keys` (username keys that start with the prefix). */
export function lowestFreeGenericUsername(keys: Iterable<string>): string {
  const taken = new Set<number>();
  const pattern = new RegExp(`^${GENERIC_USERNAME_PREFIX}([1-9][0-9]{0,15})$`);
  for (const key of keys) {
    const match = pattern.exec(key);
    if (match?.[1]) taken.add(Number(match[1]));
  }
  let n = 1;
  while (taken.has(n)) n++;
  return `${GENERIC_USERNAME_PREFIX}${n}`;
}

/** The key range `lowestFreeGenericUsername` reads: from `user0` up to, not including, `user:`. */
export const GENERIC_USERNAME_RANGE = [`${GENERIC_USERNAME_PREFIX}0`, `${GENERIC_USERNAME_PREFIX}:`] as const;
