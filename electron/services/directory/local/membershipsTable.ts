import type { Database } from 'better-sqlite3';
import { statement } from '../../../database/statements';
import type { GroupId, Page, UserId, UserSummary } from '../../../../shared/domain/directory';
import { toUserSummary, userSummaryColumns, type UserSummaryRow } from './usersTable';
import type { SearchRequest } from './userSearch';

export function addMemberships(db: Database, groupId: GroupId, userIds: readonly UserId[]): number {
  const insert = statement<[number, number]>(
    db,
    'INSERT OR IGNORE INTO memberships (group_id, user_id) VALUES (?, ?)',
  );
  let added = 0;
  for (const userId of userIds) added += insert.run(groupId, userId).changes;
  return added;
}

export function removeMemberships(db: Database, groupId: GroupId, userIds: readonly UserId[]): number {
  const remove = statement<[number, number]>(
    db,
    'DELETE FROM memberships WHERE group_id = ? AND user_id = ?',
  );
  let removed = 0;
  for (const userId of userIds) removed += remove.run(groupId, userId).changes;
  return removed;
}

export function groupIdsOfUser(db: Database, userId: UserId): GroupId[] {
  return db
    .prepare<[number], { group_id: number }>('SELECT group_id FROM memberships WHERE user_id = ?')
    .all(userId)
    .map((row) => row.group_id);
}

/** Replaces a user's groups with exactly `groupIds`. */
export function setUserMemberships(db: Database, userId: UserId, groupIds: readonly GroupId[]): void {
  const wanted = new Set(groupIds);
  const current = new Set(groupIdsOfUser(db, userId));
  for (const groupId of current) if (!wanted.has(groupId)) removeMemberships(db, groupId, [userId]);
  for (const groupId of wanted) if (!current.has(groupId)) addMemberships(db, groupId, [userId]);
}

export function membersPage(
  db: Database,
  groupId: GroupId,
  { query, offset, limit }: SearchRequest,
): Page<UserSummary> {
  const text = query.trim().toLowerCase();
  const filter =
    'FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.group_id = ? AND instr(u.search_text, ?) > 0';
  const total =
    db.prepare<[number, string], { total: number }>(`SELECT count(*) AS total ${filter}`).get(groupId, text)
      ?.total ?? 0;
  const rows = db
    .prepare<[number, string, number, number], UserSummaryRow>(
      `SELECT ${userSummaryColumns('u')} ${filter} ORDER BY u.username_key LIMIT ? OFFSET ?`,
    )
    .all(groupId, text, limit, offset);
  return { total, offset, items: rows.map(toUserSummary) };
}
