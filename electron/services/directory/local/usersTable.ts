import type { Database } from 'better-sqlite3';
import { statement } from '../../../database/statements';
import type { UserId, UserSummary } from '../../../../shared/domain/directory';
import { DEFAULT_ROLE, type Role } from '../../../../shared/domain/roles';
import { GENERIC_USERNAME_PREFIX, uniqueKey } from '../../../../shared/domain/userRules';
import { auditDiff, type AuditFields } from '../../../../shared/domain/audit';

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

export function getUserRow(db: Database, id: UserId): UserRow | undefined {
  return statement<[number], UserRow>(db, 'SELECT * FROM users WHERE id = ?').get(id);
}

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

export function insertUser(db: Database, user: InsertUser): UserId {
  const result = statement(
    db,
    `INSERT INTO users (username, username_key, display_name, email, password_hash, enabled, role, search_text, created_at, updated_at)
     VALUES (@username, @usernameKey, @displayName, @email, @passwordHash, @enabled, @role, @searchText, @now, @now)`,
  ).run({
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
  return Number(result.lastInsertRowid);
}

export interface UserUpdate {
  displayName?: string;
  email?: string;
  passwordHash?: string;
  enabled?: boolean;
  mustChangePassword?: boolean;
  mayResetOwnPassword?: boolean;
  now: string;
}

/** Writes the fields given; the others keep `row`'s values. */
export function updateUserRow(db: Database, row: UserRow, update: UserUpdate): void {
  const displayName = update.displayName ?? row.display_name;
  const email = update.email ?? row.email;
  const flag = (value: boolean | undefined, current: 0 | 1) =>
    value === undefined ? current : value ? 1 : 0;
  statement(
    db,
    `UPDATE users SET display_name = @displayName, email = @email, password_hash = @passwordHash,
       enabled = @enabled, must_change_password = @mustChange, may_reset_own_password = @mayReset,
       search_text = @searchText, updated_at = @now WHERE id = @id`,
  ).run({
    id: row.id,
    displayName,
    email,
    passwordHash: update.passwordHash ?? row.password_hash,
    enabled: flag(update.enabled, row.enabled),
    mustChange: flag(update.mustChangePassword, row.must_change_password),
    mayReset: flag(update.mayResetOwnPassword, row.may_reset_own_password),
    searchText: searchText({ username: row.username, email, displayName }),
    now: update.now,
  });
}

/**
 * Enables or disables, writing nothing else: the search text stays as it is, so its full-text index
 * is not rewritten, which a bulk job over thousands of users would otherwise pay for each of them.
 */
export function setEnabledRow(db: Database, id: UserId, enabled: boolean, now: string): void {
  statement(db, 'UPDATE users SET enabled = ?, updated_at = ? WHERE id = ?').run(enabled ? 1 : 0, now, id);
}

export function deleteUserRows(db: Database, ids: readonly UserId[]): number {
  const remove = statement<[number]>(db, 'DELETE FROM users WHERE id = ?');
  let deleted = 0;
  for (const id of ids) deleted += remove.run(id).changes;
  return deleted;
}

/**
 * The lowest `userN` not taken (case-insensitively). Reads only the index range
 * of names that start with the prefix.
 */
export function nextGenericUsername(db: Database): string {
  const keys = db
    .prepare<[string, string], { username_key: string }>(
      'SELECT username_key FROM users WHERE username_key >= ? AND username_key < ?',
    )
    .all(`${GENERIC_USERNAME_PREFIX}0`, `${GENERIC_USERNAME_PREFIX}:`);
  const taken = new Set<number>();
  const pattern = new RegExp(`^${GENERIC_USERNAME_PREFIX}([1-9][0-9]{0,15})$`);
  for (const { username_key } of keys) {
    const match = pattern.exec(username_key);
    if (match?.[1]) taken.add(Number(match[1]));
  }
  let n = 1;
  while (taken.has(n)) n++;
  return `${GENERIC_USERNAME_PREFIX}${n}`;
}
