import type { Sql } from '../../../database/postgres/sql';
import type { GroupChanges, GroupId, GroupSummary, UserId } from '../../../../shared/domain/directory';
import { uniqueKey } from '../../../../shared/domain/userRules';
import { GROUP_SUMMARY_COLUMNS, groupUpdate, toGroupSummary, type GroupSummaryRow } from '../rules/groupRows';

export async function getGroup(tx: Sql, id: GroupId): Promise<GroupSummary | undefined> {
  const row = await tx.row<GroupSummaryRow>(`SELECT ${GROUP_SUMMARY_COLUMNS} FROM groups g WHERE g.id = $1`, [
    id,
  ]);
  return row && toGroupSummary(row);
}

export async function insertGroup(tx: Sql, name: string, now: string, description = ''): Promise<GroupId> {
  const id = await tx.value<number>(
    'INSERT INTO groups (name, name_key, description, created_at) VALUES ($1, $2, $3, $4) RETURNING id',
    [name, uniqueKey(name), description, now],
  );
  if (id === undefined) throw new Error('The new group was not stored.');
  return id;
}

/**
 * Writes only what differs, so that saving a group unchanged keeps its version (and the audit log
 * records no change that was not made).
 */
export async function updateGroupRow(
  tx: Sql,
  current: GroupSummary,
  changes: GroupChanges,
): Promise<boolean> {
  const update = groupUpdate(current, changes);
  if (!update) return false;
  const changed = await tx.run('UPDATE groups SET name = $1, name_key = $2, description = $3 WHERE id = $4', [
    update.name,
    uniqueKey(update.name),
    update.description,
    current.id,
  ]);
  return changed > 0;
}

export async function deleteGroupRow(tx: Sql, id: GroupId): Promise<boolean> {
  return (await tx.run('DELETE FROM groups WHERE id = $1', [id])) > 0;
}

export async function groupsOfUser(tx: Sql, userId: UserId): Promise<GroupSummary[]> {
  const rows = await tx.rows<GroupSummaryRow>(
    `SELECT ${GROUP_SUMMARY_COLUMNS} FROM memberships mu JOIN groups g ON g.id = mu.group_id
     WHERE mu.user_id = $1 ORDER BY g.name_key`,
    [userId],
  );
  return rows.map(toGroupSummary);
}

/** Which of `ids` name no group. */
export async function missingGroups(tx: Sql, ids: readonly GroupId[]): Promise<GroupId[]> {
  const found = await tx.rows<{ id: number }>('SELECT id FROM groups WHERE id = ANY($1::int[])', [ids]);
  const exist = new Set(found.map((row) => row.id));
  return ids.filter((id) => !exist.has(id));
}
