import { RosterError } from '../../../../shared/contract/errors';
import type { GroupSummary } from '../../../../shared/domain/directory';

/** A group as lists show it, read the same way from both storages (`g` is the groups table). */
export const GROUP_SUMMARY_COLUMNS = `g.id, g.name, g.description, g.version, (SELECT count(*) FROM memberships m WHERE m.group_id = g.id) AS member_count`;

export interface GroupSummaryRow {
  id: number;
  name: string;
  description: string;
  member_count: number;
  version: number;
}

export const toGroupSummary = (row: GroupSummaryRow): GroupSummary => ({
  id: row.id,
  name: row.name,
  description: row.description,
  memberCount: row.member_count,
  version: row.version,
});

/** What changes when a group is saved: null when nothing would, so its version and the audit log stay. */
export function groupUpdate(
  current: Pick<GroupSummary, 'name' | 'description'>,
  changes: { name?: string; description?: string },
): { name: string; description: string } | null {
  const name = changes.name ?? current.name;
  const description = changes.description ?? current.description;
  return name === current.name && description === current.description ? null : { name, description };
}

export const groupGone = (): RosterError =>
  new RosterError('NOT_FOUND', 'That group no longer exists.', 'groupId');
