import { BULK_CHUNK, type BulkAction, type UserSelection } from '../../../../shared/domain/bulk';
import type { GroupId, UserId } from '../../../../shared/domain/directory';
import type { LifecycleEntry } from './lifecycleAudit';
import { userDeleteEntry } from './directoryAudit';
import type { UserRow } from './userRows';

/** What every entry a bulk action writes says it was part of. */
export const BULK_NOTE = 'In a bulk action.';

/** A password reset is mostly hashing: smaller chunks keep progress moving and cancel prompt. */
const RESET_CHUNK = 25;

export const bulkChunkSize = (action: BulkAction): number =>
  action.kind === 'resetPassword' ? RESET_CHUNK : BULK_CHUNK;

/** The users a selection names, in list order: ids once each, or the list's matches but the excepted. */
export function selectedIds(selection: UserSelection, matching: readonly UserId[] = []): UserId[] {
  if (selection.kind === 'ids') return [...new Set(selection.userIds)];
  const except = new Set(selection.except);
  return matching.filter((id) => !except.has(id));
}

export const bulkEnabledEntry = (id: UserId, enabled: boolean, tokenRevoked: boolean): LifecycleEntry => ({
  action: enabled ? 'user.enable' : 'user.disable',
  targetType: 'user',
  targetId: id,
  before: { enabled: !enabled },
  after: { enabled },
  detail: tokenRevoked ? `${BULK_NOTE} Its generated token pair was revoked.` : BULK_NOTE,
});

export const bulkDeleteEntry = (row: UserRow): LifecycleEntry => ({
  ...userDeleteEntry(row),
  detail: BULK_NOTE,
});

/** One user's groups before and after a group was added or taken away in bulk. */
export const bulkGroupsEntry = (
  id: UserId,
  groups: { before: string[]; after: string[] },
  groupId: GroupId,
): LifecycleEntry => ({
  action: 'user.groups',
  targetType: 'user',
  targetId: id,
  before: { groups: groups.before },
  after: { groups: groups.after },
  detail: BULK_NOTE,
  related: { type: 'group', ids: [groupId] },
});
