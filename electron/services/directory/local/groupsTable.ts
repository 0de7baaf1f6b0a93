import type { Database } from 'better-sqlite3';
import { statement } from '../../../database/statements';
import type { GroupChanges, GroupId, GroupSummary, Page, UserId } from '../../../../shared/domain/directory';
import { uniqueKey } from '../../../../shared/domain/userRules';
import type { SearchRequest } from './userSearch';
import {
  GROUP_SUMMARY_COLUMNS as SUMMARY,
  groupUpdate,
  toGroupSummary,
  type GroupSummaryRow,
} from '../rules/groupRows';

export function getGroup(db: Database, id: GroupId): GroupSummary | undefined {
  const row = db.prepare<[number], GroupSummaryRow>(`SELECT ${SUMMARY} FROM groups g WHERE g.id = ?`).get(id);
  return row && toGroupSummary(row);
}

export function insertGroup(db: Database, name: string, now: string, description = ''): GroupId {
  const result = statement(
    db,
    'INSERT INTO groups (name, name_key, description, created_at) VALUES (?, ?, ?, ?)',
  ).run(name, uniqueKey(name), description, now);
  return Number(result.lastInsertRowid);
}

/**
 * Writes only what differs, so that saving a group unchanged keeps its version (and the audit log
 * records no change that was not made).
 */
export function updateGroupRow(db: Database, current: GroupSummary, changes: GroupChanges): boolean {
  const update = groupUpdate(current, changes);
  if (!update) return false;
  return (
    db
      .prepare('UPDATE groups SET name = ?, name_key = ?, description = ? WHERE id = ?')
      .run(update.name, uniqueKey(update.name), update.description, current.id).changes > 0
  );
}

export function deleteGroupRow(db: Database, id: GroupId): boolean {
  return db.prepare('DELETE FROM groups WHERE id = ?').run(id).changes > 0;
}

/** Groups are few (thousands, not hundreds of thousands): a filtered scan is quick. */
export function searchGroups(db: Database, { query, offset, limit }: SearchRequest): Page<GroupSummary> {
  const text = query.trim().toLowerCase();
  const total =
    db
      .prepare<[string], { total: number }>(
        'SELECT count(*) AS total FROM groups WHERE instr(name_key, ?) > 0',
      )
      .get(text)?.total ?? 0;
  const rows = db
    .prepare<[string, number, number], GroupSummaryRow>(
      `SELECT ${SUMMARY} FROM groups g WHERE instr(g.name_key, ?) > 0 ORDER BY g.name_key LIMIT ? OFFSET ?`,
    )
    .all(text, limit, offset);
  return { total, offset, items: rows.map(toGroupSummary) };
}

export function groupsOfUser(db: Database, userId: UserId): GroupSummary[] {
  return db
    .prepare<[number], GroupSummaryRow>(
      `SELECT ${SUMMARY} FROM memberships mu JOIN groups g ON g.id = mu.group_id
       WHERE mu.user_id = ? ORDER BY g.name_key`,
    )
    .all(userId)
    .map(toGroupSummary);
}

/** Which of `ids` name no group. */
export function missingGroups(db: Database, ids: readonly GroupId[]): GroupId[] {
  const exists = db.prepare<[number], { id: number }>('SELECT id FROM groups WHERE id = ?');
  return ids.filter((id) => exists.get(id) === undefined);
}
