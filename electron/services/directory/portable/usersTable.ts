import type { UserId } from '../../../../shared/domain/directory';
import { get, value, type Work } from '../../../database/portable/steps';
import { insertedValues, type InsertUser, type UserRow } from '../rules/userRows';

export const getUserRow = (id: UserId): Work<UserRow | undefined> =>
  get<UserRow>('SELECT * FROM users WHERE id = ?', id);

export function* insertUser(user: InsertUser): Work<UserId> {
  const row = insertedValues(user);
  const id = yield* value<number>(
    `INSERT INTO users (username, username_key, display_name, email, password_hash, enabled, role, search_text,
       created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    row.username,
    row.usernameKey,
    row.displayName,
    row.email,
    row.passwordHash,
    row.enabled,
    row.role,
    row.searchText,
    row.now,
    row.now,
  );
  if (id === undefined) throw new Error('The new user was not stored.');
  return id;
}
