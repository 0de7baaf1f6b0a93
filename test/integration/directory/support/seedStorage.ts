import { insertedValues } from '../../../../electron/services/directory/rules/userRows';
import { uniqueKey } from '../../../../shared/domain/userRules';
import { sampleUser } from '../../../bench/seedDirectory';
import type { TestStorage } from './storage';

/** Rows per INSERT: under SQLite's limit of bound values, and few statements for thousands of users. */
const BATCH = 400;

async function insertRows(
  query: TestStorage['query'],
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): Promise<number[]> {
  const ids: number[] = [];
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let from = 0; from < rows.length; from += BATCH) {
    const batch = rows.slice(from, from + BATCH);
    const returned = await query<{ id: number }>(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${batch.map(() => tuple).join(', ')}${
        table === 'memberships' ? '' : ' RETURNING id'
      }`,
      batch.flat(),
    );
    ids.push(...returned.map((row) => row.id).sort((a, b) => a - b));
  }
  return ids;
}

/**
 * The bench's seed (test/bench/seedDirectory.ts) on either storage, through statements both
 * dialects take: the same users, groups and memberships, with the same ids in a fresh instance.
 * Every user shares one precomputed hash; the first is the Administrator, as always.
 */
export async function seedStorage(
  storage: Pick<TestStorage, 'query'>,
  options: { users: number; groups: number; groupsPerUser: number; passwordHash: string },
): Promise<void> {
  const now = new Date().toISOString();
  const groupIds = await insertRows(
    storage.query,
    'groups',
    ['name', 'name_key', 'description', 'created_at'],
    Array.from({ length: options.groups }, (_, g) => {
      const name = `group-${String(g).padStart(4, '0')}`;
      return [name, uniqueKey(name), '', now];
    }),
  );
  const userIds = await insertRows(
    storage.query,
    'users',
    [
      'username',
      'username_key',
      'display_name',
      'email',
      'password_hash',
      'enabled',
      'search_text',
      'created_at',
      'updated_at',
    ],
    Array.from({ length: options.users }, (_, n) => {
      const row = insertedValues({
        ...sampleUser(n),
        passwordHash: options.passwordHash,
        enabled: n % 10 !== 0,
        now,
      });
      return [
        row.username,
        row.usernameKey,
        row.displayName,
        row.email,
        row.passwordHash,
        row.enabled,
        row.searchText,
        now,
        now,
      ];
    }),
  );
  const memberships = new Map<string, [number, number]>();
  userIds.forEach((userId, n) => {
    for (let k = 0; k < options.groupsPerUser; k++) {
      const groupId = groupIds[(n * 7 + k * 131) % groupIds.length] as number;
      memberships.set(`${groupId}:${userId}`, [groupId, userId]);
    }
  });
  await insertRows(storage.query, 'memberships', ['group_id', 'user_id'], [...memberships.values()]);
}

/** `expression` (0 to 99) as two digits, in SQL both storages take (SQLite has no lpad, PostgreSQL no printf). */
export const twoDigits = (expression: string): string =>
  `CASE WHEN (${expression}) < 10 THEN '0' ELSE '' END || (${expression})`;
