import type { Sql } from '../../../database/postgres/sql';
import type { GroupId, UserId } from '../../../../shared/domain/directory';

/** Adds the memberships not there yet; answers the users it added, in no particular order. */
export async function addMemberships(
  tx: Sql,
  groupId: GroupId,
  userIds: readonly UserId[],
): Promise<UserId[]> {
  const rows = await tx.rows<{ user_id: number }>(
    `INSERT INTO memberships (group_id, user_id)
     SELECT DISTINCT $1::int, user_id FROM unnest($2::int[]) AS user_id
     ON CONFLICT DO NOTHING RETURNING user_id`,
    [groupId, userIds],
  );
  return rows.map((row) => row.user_id);
}

/** Removes the memberships there are; answers the users it removed, in no particular order. */
export async function removeMemberships(
  tx: Sql,
  groupId: GroupId,
  userIds: readonly UserId[],
): Promise<UserId[]> {
  const rows = await tx.rows<{ user_id: number }>(
    'DELETE FROM memberships WHERE group_id = $1 AND user_id = ANY($2::int[]) RETURNING user_id',
    [groupId, userIds],
  );
  return rows.map((row) => row.user_id);
}

export async function groupIdsOfUser(tx: Sql, userId: UserId): Promise<GroupId[]> {
  const rows = await tx.rows<{ group_id: number }>('SELECT group_id FROM memberships WHERE user_id = $1', [
    userId,
  ]);
  return rows.map((row) => row.group_id);
}

/** Replaces a user's groups with exactly `groupIds`. */
export async function setUserMemberships(
  tx: Sql,
  userId: UserId,
  groupIds: readonly GroupId[],
): Promise<void> {
  await tx.run('DELETE FROM memberships WHERE user_id = $1 AND group_id <> ALL($2::int[])', [
    userId,
    groupIds,
  ]);
  await tx.run(
    `INSERT INTO memberships (group_id, user_id)
     SELECT DISTINCT group_id, $1::int FROM unnest($2::int[]) AS group_id ON CONFLICT DO NOTHING`,
    [userId, groupIds],
  );
}
