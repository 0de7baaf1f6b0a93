import { auditDiff, type AuditAction } from '../../../../shared/domain/audit';
import type { GroupId, GroupSummary, TokenInfo, UserId } from '../../../../shared/domain/directory';
import type { LifecycleEntry } from './lifecycleAudit';
import { createdFields, userChange, type UserRow } from './userRows';

/** The audit entries of the directory's own writes, as both storages record them. */

export const userCreateEntry = (row: UserRow): LifecycleEntry => ({
  action: 'user.create',
  targetType: 'user',
  targetId: row.id,
  after: createdFields(row),
});

export const userDeleteEntry = (row: UserRow): LifecycleEntry => ({
  action: 'user.delete',
  targetType: 'user',
  targetId: row.id,
  before: createdFields(row),
});

/**
 * An administrator's change to a user: the public fields that changed, a new password (with the
 * sessions it ended) and a generated pair that disabling revoked. Null when nothing was changed.
 */
export function userUpdateEntry(
  before: UserRow,
  after: UserRow,
  password: { sessionsEnded: number } | undefined,
  tokenRevoked: boolean,
): LifecycleEntry | null {
  const change = userChange(before, after);
  if (!change && password === undefined) return null;
  return {
    action: change?.action ?? 'user.update',
    targetType: 'user',
    targetId: after.id,
    before: change?.before ?? {},
    after: {
      ...change?.after,
      ...(password === undefined ? {} : { passwordChanged: true, sessionsEnded: password.sessionsEnded }),
    },
    ...(tokenRevoked ? { detail: 'Its generated token pair was revoked.' } : {}),
  };
}

/** A user's change to their own profile; null when nothing changed. */
export function ownUpdateEntry(before: UserRow, after: UserRow): LifecycleEntry | null {
  const change = userChange(before, after);
  return (
    change && {
      action: 'user.updateOwn',
      targetType: 'user',
      targetId: after.id,
      before: change.before,
      after: change.after,
    }
  );
}

/** A user's groups replaced: their names before and after, the groups joined or left as related. */
export function userGroupsEntry(
  id: UserId,
  names: { before: string[]; after: string[] },
  ids: { had: ReadonlySet<GroupId>; wanted: ReadonlySet<GroupId> },
): LifecycleEntry | null {
  const change = auditDiff({ groups: names.before }, { groups: names.after });
  if (!change) return null;
  const { had, wanted } = ids;
  return {
    action: 'user.groups',
    targetType: 'user',
    targetId: id,
    ...change,
    related: {
      type: 'group',
      ids: [...wanted, ...had].filter((groupId) => wanted.has(groupId) !== had.has(groupId)),
    },
  };
}

/** Members added or removed from the group's side; null when none were. */
export const membersEntry = (
  action: AuditAction,
  groupId: GroupId,
  changed: readonly UserId[],
  names: readonly string[],
): LifecycleEntry | null =>
  changed.length === 0
    ? null
    : {
        action,
        targetType: 'group',
        targetId: groupId,
        after: action === 'group.addMembers' ? { added: [...names] } : { removed: [...names] },
        related: { type: 'user', ids: [...changed] },
      };

export function groupUpdateEntry(before: GroupSummary, after: GroupSummary): LifecycleEntry | null {
  const change = auditDiff(
    { name: before.name, description: before.description },
    { name: after.name, description: after.description },
  );
  return change && { action: 'group.update', targetType: 'group', targetId: after.id, ...change };
}

/** Names the group itself: the entry is written once it is gone. */
export const groupDeleteEntry = (group: GroupSummary): LifecycleEntry => ({
  action: 'group.delete',
  targetType: 'group',
  targetId: group.id,
  targetName: group.name,
  before: { name: group.name, description: group.description, memberCount: group.memberCount },
});

export const tokenGenerateEntry = (
  userId: UserId,
  replaced: TokenInfo | null,
  fresh: TokenInfo | null,
): LifecycleEntry => ({
  action: 'token.generate',
  targetType: 'user',
  targetId: userId,
  ...(replaced ? { before: replaced } : {}),
  after: fresh ?? {},
});

export const tokenRevokeEntry = (userId: UserId, revoked: TokenInfo): LifecycleEntry => ({
  action: 'token.revoke',
  targetType: 'user',
  targetId: userId,
  before: revoked,
});
