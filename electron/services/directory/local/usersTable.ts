import type { Database } from 'better-sqlite3';
import type { UserId, UserSummary } from '../../../../shared/domain/directory';
import { DEFAULT_ROLE, type Role } from '../../../../shared/domain/roles';
import { GENERIC_USERNAME_PREFIX, uniqueKey } from '../../../../shared/domain/userRules';

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
}

/** What lists show; the password hash and search text stay in the table. */
export const userSummaryColumns = (alias?: string): string =>
  ['id', 'username', 'display_name', 'email', 'enabled', 'role']
    .map((column) => (alias ? `${alias}.${column}` : column))
    .join(', ');
export type UserSummaryRow = Pick<UserRow, 'id' | 'username' | 'display_name' | 'email' | 'enabled' | 'role'>;

export const toUserSummary = (row: UserSummaryRow): UserSummary => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  email: row.email,
  enabled: row.enabled === 1,
  role: row.role,
});

/** A user as the audit log shows it: the public fields, never the password hash. */
export const publicFields = (row: UserRow) => ({
  username: row.username,
  displayName: row.display_name,
  email: row.email,
  enabled: row.enabled === 1,
});

/** A new user in the audit log: the public fields and the role it was created with. */
export const createdFields = (row: UserRow) => ({ ...publicFields(row), role: row.role });

/** What the filter matches: one lower-case line per field, so a match never spans two fields. */
export const searchText = (user: { username: string; email: string; displayName: string }): string =>
  [user.username, user.email, user.displayName].join('\n').toLowerCase();

export function getUserRow(db: Database, id: UserId): UserRow | undefined {
  return db.prepare<[number], UserRow>('SELECT * FROM users WHERE id = ?').get(id);
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
  const result = db
    .prepare(
      `INSERT INTO users (username, username_key, display_name, email, password_hash, enabled, role, search_text, created_at, updated_at)
       VALUES (@username, @usernameKey, @displayName, @email, @passwordHash, @enabled, @role, @searchText, @now, @now)`,
    )
    .run({
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
  displayName: string;
  email: string;
  passwordHash: string;
  enabled: boolean;
  now: string;
}

export function updateUserRow(db: Database, row: UserRow, update: UserUpdate): void {
  db.prepare(
    `UPDATE users SET display_name = @displayName, email = @email, password_hash = @passwordHash,
       enabled = @enabled, search_text = @searchText, updated_at = @now WHERE id = @id`,
  ).run({
    id: row.id,
    displayName: update.displayName,
    email: update.email,
    passwordHash: update.passwordHash,
    enabled: update.enabled ? 1 : 0,
    searchText: searchText({ username: row.username, email: update.email, displayName: update.displayName }),
    now: update.now,
  });
}

export function deleteUserRows(db: Database, ids: readonly UserId[]): number {
  const statement = db.prepare<[number]>('DELETE FROM users WHERE id = ?');
  let deleted = 0;
  for (const id of ids) deleted += statement.run(id).changes;
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
