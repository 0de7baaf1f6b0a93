import type {
  GroupId,
  GroupSummary,
  Page,
  PageRequest,
  UserSummary,
} from '../../../../shared/domain/directory';
import { GROUP_SUMMARY_COLUMNS, groupGone, toGroupSummary, type GroupSummaryRow } from '../rules/groupRows';
import { toUserSummary, type UserSummaryRow } from '../rules/userRows';
import type { DirectoryContext } from './directoryContext';
import { typedTextPattern } from './likePattern';
import { SUMMARY_COLUMNS } from './userListingQuery';

/** As the SQLite directory's lists of groups and of a group's members: the text, name or username order. */
export function createGroupLists({ database }: DirectoryContext) {
  return {
    searchGroups: ({ query, offset, limit }: PageRequest): Promise<Page<GroupSummary>> => {
      const pattern = typedTextPattern(query.trim().toLowerCase());
      return database.snapshot(async (tx) => {
        const total =
          (await tx.value<number>('SELECT count(*) FROM groups g WHERE g.name_key LIKE $1', [pattern])) ?? 0;
        const rows = await tx.rows<GroupSummaryRow>(
          `SELECT ${GROUP_SUMMARY_COLUMNS} FROM groups g WHERE g.name_key LIKE $1 ORDER BY g.name_key LIMIT $2 OFFSET $3`,
          [pattern, limit, offset],
        );
        return { total, offset, items: rows.map(toGroupSummary) };
      });
    },

    groupMembers: (id: GroupId, { query, offset, limit }: PageRequest): Promise<Page<UserSummary>> => {
      const pattern = typedTextPattern(query.trim().toLowerCase());
      const members =
        'FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.group_id = $1 AND u.search_text LIKE $2';
      return database.snapshot(async (tx) => {
        if ((await tx.value<number>('SELECT 1 FROM groups WHERE id = $1', [id])) === undefined)
          throw groupGone();
        const total = (await tx.value<number>(`SELECT count(*) ${members}`, [id, pattern])) ?? 0;
        const rows = await tx.rows<UserSummaryRow>(
          `SELECT ${SUMMARY_COLUMNS} ${members} ORDER BY u.username_key LIMIT $3 OFFSET $4`,
          [id, pattern, limit, offset],
        );
        return { total, offset, items: rows.map(toUserSummary) };
      });
    },
  };
}
