import { RosterError } from '../../../../shared/contract/errors';
import {
  UserDetailSchema,
  type CreateOptions,
  type GroupId,
  type NewUser,
  type UserChanges,
  type UserDetail,
  type UserId,
  type WriteCondition,
} from '../../../../shared/domain/directory';
import type { OwnProfileChanges } from '../../../../shared/api/me';
import { DEFAULT_ROLE, type Role } from '../../../../shared/domain/roles';
import { uniqueKey } from '../../../../shared/domain/userRules';
import type { Sql } from '../../../database/postgres/sql';
import { uniqueViolationOf } from '../local/errors';
import {
  ownUpdateEntry,
  userCreateEntry,
  userDeleteEntry,
  userGroupsEntry,
  userUpdateEntry,
} from '../rules/directoryAudit';
import { deleteSessionsOfUser } from './authSessionsTable';
import type { DirectoryParts } from './directoryParts';
import { groupsOfUser, missingGroups } from './groupsTable';
import type { createKeptSecrets } from './keptSecrets';
import { groupIdsOfUser, setUserMemberships } from './membershipsTable';
import { assertPasswordAllowed } from './passwordPolicyTable';
import { deleteTokenHashes } from './tokensTable';
import { deleteUserRows, getUserRow, insertUser, updateUserRow } from './usersTable';
import { assertVersion } from './versions';

export interface UserWritesDeps {
  secrets: ReturnType<typeof createKeptSecrets>;
  /** Checks a password against the instance's policy and hashes it. */
  hashAllowed: (password: string, username: string) => Promise<string>;
}

const groupNamesOf = async (tx: Sql, userId: UserId): Promise<string[]> =>
  (await groupsOfUser(tx, userId)).map((group) => group.name);

/** Creating, changing and deleting users, as the SQLite directory does, each rule checked in the write. */
export function createUserWrites(parts: DirectoryParts, { secrets, hashAllowed }: UserWritesDeps) {
  const { context, accounts, idempotency, idempotent, requireUser, manageableUser, detail } = parts;
  const { database, timestamp, audit, callerUserId, callerSessionId } = context;

  const updateUser = async (
    id: UserId,
    changes: UserChanges,
    condition?: WriteCondition,
  ): Promise<UserDetail> => {
    const target = await manageableUser(database.sql, id);
    const { password } = changes;
    const passwordHash = password === undefined ? undefined : await hashAllowed(password, target.username);
    const { answer, forget } = await database.write(async (tx) => {
      const current = await manageableUser(tx, id);
      await assertVersion(tx, 'users', id, condition);
      if (password !== undefined) await assertPasswordAllowed(tx, password, current.username);
      const enabled = changes.enabled ?? current.enabled === 1;
      const disabling = current.enabled === 1 && !enabled;
      if (disabling) await accounts.assertAdminRemains(tx, [id]);
      await updateUserRow(tx, current, {
        displayName: changes.displayName,
        email: changes.email,
        passwordHash,
        enabled,
        mayResetOwnPassword: changes.mayResetOwnPassword,
        now: timestamp(),
      });
      // A disabled user's token must stop working at once.
      const hadToken = disabling && (await deleteTokenHashes(tx, id));
      // Whoever was signed in with the old password is signed out; the caller's own session goes on.
      const sessionsEnded =
        passwordHash === undefined
          ? 0
          : await deleteSessionsOfUser(
              tx,
              id,
              callerUserId() === id ? (callerSessionId() ?? undefined) : undefined,
            );
      const entry = userUpdateEntry(
        current,
        await requireUser(tx, id),
        passwordHash === undefined ? undefined : { sessionsEnded },
        hadToken,
      );
      if (entry) await audit(tx, entry);
      return { answer: await detail(tx, id), forget: hadToken };
    });
    if (forget) await secrets.forgetToken(id);
    return answer;
  };

  return {
    getUser: (id: UserId): Promise<UserDetail> => database.snapshot((tx) => detail(tx, id)),

    async createUser(user: NewUser, options?: CreateOptions): Promise<UserDetail> {
      const call = idempotent('createUser', user, options);
      const taken = await database.sql.value<number>('SELECT id FROM users WHERE username_key = $1', [
        uniqueKey(user.username),
      ]);
      // Looked up after the name: the same call committed in between is answered, not refused.
      const earlier = call && (await idempotency.replay(database.sql, call, UserDetailSchema));
      if (earlier) return earlier;
      accounts.assertMayGrant(user.role ?? DEFAULT_ROLE);
      const clash = () =>
        new RosterError('CONFLICT', `A user named "${user.username}" already exists.`, 'username');
      if (taken !== undefined) throw clash();
      const passwordHash = await hashAllowed(user.password, user.username);
      return uniqueViolationOf(clash, () =>
        database.write(async (tx) => {
          const replayed = call && (await idempotency.replay(tx, call, UserDetailSchema));
          if (replayed) return replayed;
          await assertPasswordAllowed(tx, user.password, user.username);
          const id = await insertUser(tx, { ...user, passwordHash, now: timestamp() });
          await audit(tx, userCreateEntry(await requireUser(tx, id)));
          const answer = await detail(tx, id);
          if (call) await idempotency.remember(tx, call, answer);
          return answer;
        }),
      );
    },

    updateUser,
    setEnabled: (id: UserId, enabled: boolean, condition?: WriteCondition) =>
      updateUser(id, { enabled }, condition),

    async deleteUser(id: UserId, condition?: WriteCondition): Promise<void> {
      const kept = await database.write(async (tx) => {
        const row = await manageableUser(tx, id);
        await assertVersion(tx, 'users', id, condition);
        await accounts.assertAdminRemains(tx, [id]);
        const held = await secrets.keptSecretsOf(tx, id);
        await audit(tx, userDeleteEntry(row));
        await deleteUserRows(tx, [id]);
        return held;
      });
      await secrets.forgetSecrets([kept]);
    },

    /** All or none in one transaction; a user already gone is skipped. */
    async deleteUsers(ids: readonly UserId[]): Promise<number> {
      const { deleted, kept } = await database.write(async (tx) => {
        await accounts.assertMayManageAll(tx, ids);
        await accounts.assertAdminRemains(tx, ids);
        const held = [];
        for (const id of ids) {
          const row = await getUserRow(tx, id);
          if (!row) continue;
          held.push(await secrets.keptSecretsOf(tx, id));
          await audit(tx, userDeleteEntry(row));
        }
        return { deleted: await deleteUserRows(tx, ids), kept: held };
      });
      await secrets.forgetSecrets(kept);
      return deleted;
    },

    setUserGroups: (
      id: UserId,
      groupIds: readonly GroupId[],
      condition?: WriteCondition,
    ): Promise<UserDetail> =>
      database.write(async (tx) => {
        await manageableUser(tx, id);
        await assertVersion(tx, 'users', id, condition);
        if ((await missingGroups(tx, groupIds)).length > 0)
          throw new RosterError('NOT_FOUND', 'Some of those groups no longer exist.', 'groupIds');
        const before = await groupNamesOf(tx, id);
        const had = new Set(await groupIdsOfUser(tx, id));
        const wanted = new Set(groupIds);
        await setUserMemberships(tx, id, groupIds);
        const entry = userGroupsEntry(id, { before, after: await groupNamesOf(tx, id) }, { had, wanted });
        if (entry) await audit(tx, entry);
        return detail(tx, id);
      }),

    setRole: (id: UserId, role: Role, condition?: WriteCondition): Promise<UserDetail> =>
      database.write(async (tx) => {
        await accounts.setRoleIn(tx, id, role, condition);
        return detail(tx, id);
      }),

    getOwnProfile: async (): Promise<UserDetail> => {
      const id = parts.ownId();
      return database.snapshot((tx) => detail(tx, id));
    },

    updateOwnProfile: async (changes: OwnProfileChanges, condition?: WriteCondition): Promise<UserDetail> => {
      const id = parts.ownId();
      return database.write(async (tx) => {
        const current = await requireUser(tx, id);
        await assertVersion(tx, 'users', id, condition);
        await updateUserRow(tx, current, {
          displayName: changes.displayName,
          email: changes.email,
          now: timestamp(),
        });
        const entry = ownUpdateEntry(current, await requireUser(tx, id));
        if (entry) await audit(tx, entry);
        return detail(tx, id);
      });
    },
  };
}
