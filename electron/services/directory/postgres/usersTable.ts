import { runOnPostgres } from '../../../database/portable/postgresRunner';
import type { Sql } from '../../../database/postgres/sql';
import * as users from '../portable/usersTable';
import type { UserId } from '../../../../shared/domain/directory';
import {
  GENERIC_USERNAME_RANGE,
  lowestFreeGenericUsername,
  updatedValues,
  type InsertUser,
  type UserRow,
  type UserUpdate,
} from '../rules/userRows';

/** The portable reads and inserts (portable/usersTable.ts), run in `tx`. */
export const getUserRow = (tx: Sql, id: UserId) => runOnPostgres(tx, users.getUserRow(id));
export const insertUser = (tx: Sql, user: InsertUser) => runOnPostgres(tx, users.insertUser(user));

/** Writes the fields given; the others keep `row`'s values. */
export async function updateUserRow(tx: Sql, row: UserRow, update: UserUpdate): Promise<void> {
  const values = updatedValues(row, update);
  await tx.run(
    `UPDATE users SET display_name = $2, email = $3, password_hash = $4, enabled = $5,
       must_change_password = $6, may_reset_own_password = $7, search_text = $8, updated_at = $9
     WHERE id = $1`,
    [
      values.id,
      values.displayName,
      values.email,
      values.passwordHash,
      values.enabled,
      values.mustChange,
      values.mayReset,
      values.searchText,
      values.now,
    ],
  );
}

export async function deleteUserRows(tx: Sql, ids: readonly UserId[]): Promise<number> {
  return tx.run('DELETE FROM users WHERE id = ANY($1::int[])', [ids]);
}

/** The lowest `userN` not taken (case-insensitively), read from the key index's range of the prefix. */
export async function nextGenericUsername(tx: Sql): Promise<string> {
  const keys = await tx.rows<{ username_key: string }>(
    'SELECT username_key FROM users WHERE username_key >= $1 AND username_key < $2',
    GENERIC_USERNAME_RANGE,
  );
  return lowestFreeGenericUsername(keys.map((row) => row.username_key));
}
