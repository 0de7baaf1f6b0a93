import type { Database } from 'better-sqlite3';
import { statement } from '../../../database/statements';
import type { UserId } from '../../../../shared/domain/directory';
import {
  GENERIC_USERNAME_RANGE,
  insertedValues,
  lowestFreeGenericUsername,
  updatedValues,
  type InsertUser,
  type UserRow,
  type UserUpdate,
} from '../rules/userRows';

export {
  createdFields,
  isInvited,
  publicFields,
  searchText,
  summaryOfRow,
  toUserSummary,
  userChange,
  userSummaryColumns,
  type InsertUser,
  type UserRow,
  type UserUpdate,
  type UserSummaryRow,
} from '../rules/userRows';

export function getUserRow(db: Database, id: UserId): UserRow | undefined {
  return statement<[number], UserRow>(db, 'SELECT * FROM users WHERE id = ?').get(id);
}

export function insertUser(db: Database, user: InsertUser): UserId {
  const result = statement(
    db,
    `INSERT INTO users (username, username_key, display_name, email, password_hash, enabled, role, search_text, created_at, updated_at)
     VALUES (@username, @usernameKey, @displayName, @email, @passwordHash, @enabled, @role, @searchText, @now, @now)`,
  ).run(insertedValues(user));
  return Number(result.lastInsertRowid);
}

/** Writes the fields given; the others keep `row`'s values. */
export function updateUserRow(db: Database, row: UserRow, update: UserUpdate): void {
  statement(
    db,
    `UPDATE users SET display_name = @displayName, email = @email, password_hash = @passwordHash,
       enabled = @enabled, must_change_password = @mustChange, may_reset_own_password = @mayReset,
       search_text = @searchText, updated_at = @now WHERE id = @id`,
  ).run(updatedValues(row, update));
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
    .prepare<[string, string], string>(
      'SELECT username_key FROM users WHERE username_key >= ? AND username_key < ?',
    )
    .pluck()
    .all(...GENERIC_USERNAME_RANGE);
  return lowestFreeGenericUsername(keys);
}
