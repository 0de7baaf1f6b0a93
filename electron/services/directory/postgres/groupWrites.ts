import { RosterError } from '../../../../shared/contract/errors';
import type { AuditAction } from '../../../../shared/domain/audit';
import {
  GroupSummarySchema,
  type CreateOptions,
  type GroupChanges,
  type GroupId,
  type GroupSummary,
  type UserId,
  type WriteCondition,
} from '../../../../shared/domain/directory';
import type { Sql } from '../../../database/postgres/sql';
import { uniqueViolationOf } from '../local/errors';
import { groupDeleteEntry, groupUpdateEntry, membersEntry } from '../rules/directoryAudit';
import type { DirectoryParts } from './directoryParts';
import { deleteGroupRow, getGroup, insertGroup, updateGroupRow } from './groupsTable';
import { addMemberships, removeMemberships } from './membershipsTable';
import { assertVersion } from './versions';

const groupClash = (name: string) =>
  new RosterError('CONFLICT', `A group named "${name}" already exists.`, 'name');

/** Groups and their members, as the SQLite directory keeps them, each rule checked in the write. */
export function createGroupWrites(parts: DirectoryParts) {
  const { context, accounts, idempotency, idempotent, requireUser, requireUsers, requireGroup } = parts;
  const { database, timestamp, audit } = context;

  const deleteIn = async (tx: Sql, group: GroupSummary): Promise<void> => {
    await deleteGroupRow(tx, group.id);
    await audit(tx, groupDeleteEntry(group));
  };

  /** Adds or removes members, one audit entry naming those that changed, in the order given. */
  const changeMembers = (
    id: GroupId,
    userIds: readonly UserId[],
    action: AuditAction,
    change: (tx: Sql, groupId: GroupId, userIds: readonly UserId[]) => Promise<UserId[]>,
  ): Promise<GroupSummary> =>
    database.write(async (tx) => {
      await requireGroup(tx, id);
      await requireUsers(tx, userIds);
      await accounts.assertMayManageAll(tx, userIds);
      const touched = new Set(await change(tx, id, userIds));
      const changed = [...new Set(userIds)].filter((userId) => touched.has(userId));
      const names: string[] = [];
      for (const userId of changed) names.push((await requireUser(tx, userId)).username);
      const entry = membersEntry(action, id, changed, names);
      if (entry) await audit(tx, entry);
      return requireGroup(tx, id);
    });

  return {
    getGroup: (id: GroupId): Promise<GroupSummary> => requireGroup(database.sql, id),

    createGroup(name: string, options?: CreateOptions, description = ''): Promise<GroupSummary> {
      // Without a description the request is what it was before descriptions: a key sent then still matches.
      const call = idempotent('createGroup', description === '' ? { name } : { name, description }, options);
      return uniqueViolationOf(
        () => groupClash(name),
        () =>
          database.write(async (tx) => {
            const replayed = call && (await idempotency.replay(tx, call, GroupSummarySchema));
            if (replayed) return replayed;
            const id = await insertGroup(tx, name, timestamp(), description);
            await audit(tx, {
              action: 'group.create',
              targetType: 'group',
              targetId: id,
              after: { name, description },
            });
            const answer = await requireGroup(tx, id);
            if (call) await idempotency.remember(tx, call, answer);
            return answer;
          }),
      );
    },

    updateGroup(id: GroupId, changes: GroupChanges, condition?: WriteCondition): Promise<GroupSummary> {
      return uniqueViolationOf(
        () => groupClash(changes.name ?? ''),
        () =>
          database.write(async (tx) => {
            const group = await requireGroup(tx, id);
            await assertVersion(tx, 'groups', id, condition);
            if (await updateGroupRow(tx, group, changes)) {
              const entry = groupUpdateEntry(group, await requireGroup(tx, id));
              if (entry) await audit(tx, entry);
            }
            return requireGroup(tx, id);
          }),
      );
    },

    deleteGroup: (id: GroupId, condition?: WriteCondition): Promise<void> =>
      database.write(async (tx) => {
        const group = await requireGroup(tx, id);
        await assertVersion(tx, 'groups', id, condition);
        await deleteIn(tx, group);
      }),

    /** All or none in one transaction; a group already gone is skipped, as deleteUsers skips users. */
    deleteGroups: (ids: readonly GroupId[]): Promise<number> =>
      database.write(async (tx) => {
        let count = 0;
        for (const id of new Set(ids)) {
          const group = await getGroup(tx, id);
          if (!group) continue;
          await deleteIn(tx, group);
          count += 1;
        }
        return count;
      }),

    addMembers: (id: GroupId, userIds: readonly UserId[]) =>
      changeMembers(id, userIds, 'group.addMembers', addMemberships),
    removeMembers: (id: GroupId, userIds: readonly UserId[]) =>
      changeMembers(id, userIds, 'group.removeMembers', removeMemberships),
  };
}
