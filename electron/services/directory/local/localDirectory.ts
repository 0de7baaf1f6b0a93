import type { Database } from 'better-sqlite3';
import { promised } from '../../../common/promised';
import { RosterError } from '../../../../shared/contract/errors';
import {
  GroupSummarySchema,
  TokenPairSchema,
  UserDetailSchema,
  type CreateOptions,
  type GroupId,
  type UserDetail,
  type UserId,
} from '../../../../shared/domain/directory';
import { DEFAULT_ROLE, type Role } from '../../../../shared/domain/roles';
import { uniqueKey } from '../../../../shared/domain/userRules';
import {
  keychainCall,
  parseKept,
  probeKeychain,
  tokenAccount,
  type Keychain,
} from '../../../secrets/keychain';
import type { Logger } from '../../../common/logger';
import type { PasswordHasher } from '../../../secrets/passwordHasher';
import { DEFAULT_TOKEN_TTL, newTokenPair, tokenHashesOf, type TokenTtl } from '../../../secrets/tokenSecrets';
import type { Directory, SelfService } from '../directory';
import { createBulkJobs } from '../bulkJobs';
import { createChunkedJobs } from '../chunkedJobs';
import { createUserImport } from './userImport';
import { importStarted } from '../rules/importRules';
import { sqliteWorkRunner } from '../../../database/portable/workRunner';
import type { ImportStatus } from '../../../../shared/domain/userImport';
import { createApiKeys } from './apiKeys';
import { createBulkWork, type KeptSecrets } from './bulkWork';
import { apiKeysOfUser } from './apiKeysTable';
import { createAccountLifecycle, pathOnlyInvitations, type InvitationDelivery } from './accountLifecycle';
import type { InvitedAccount } from '../rules/invitations';
import { createAccounts } from './accounts';
import { uniqueViolation } from './errors';
import type { AuditAction, AuditTargetType } from '../../../../shared/domain/audit';
import { statement } from '../../../database/statements';
import { recordAudit, type AuditRecord } from './auditLog';
import { createAuditAccess } from './auditAccess';
import {
  deleteGroupRow,
  getGroup,
  groupsOfUser,
  insertGroup,
  missingGroups,
  searchGroups,
  updateGroupRow,
} from './groupsTable';
import { createIdempotencyKeys } from './idempotencyKeys';
import { idempotentCall } from '../rules/idempotency';
import {
  addMemberships,
  groupIdsOfUser,
  membersPage,
  removeMemberships,
  setUserMemberships,
} from './membershipsTable';
import { deleteTokenHashes, replaceTokenHashes, tokenInfo } from './tokensTable';
import {
  deleteUserRows,
  getUserRow,
  insertUser,
  nextGenericUsername,
  summaryOfRow,
  updateUserRow,
  type UserRow,
} from './usersTable';
import { deleteSessionsOfUser } from './authSessionsTable';
import { createUserSearch } from './userSearch';
import { createUserExport } from './userExport';
import { readOverview } from './overviewQuery';
import { assertMayReadOverview } from '../rules/overviewRules';
import { groupGone } from '../rules/groupRows';
import { assertPasswordAllowed } from './passwordPolicyTable';
import { assertVersion } from './versions';
import { keepGeneratedPair } from '../rules/keptTokenPair';
import {
  groupDeleteEntry,
  groupUpdateEntry,
  membersEntry,
  ownUpdateEntry,
  tokenGenerateEntry,
  tokenRevokeEntry,
  userCreateEntry,
  userDeleteEntry,
  userGroupsEntry,
  userUpdateEntry,
} from '../rules/directoryAudit';

export interface LocalDirectoryDeps {
  db: Database;
  instanceId: string;
  hasher: PasswordHasher;
  keychain: Keychain;
  /**
   * Who the audit log names for changes made through this directory: a fixed name, or a function
   * asked at each change (the instance server names the signed-in user of the current request).
   */
  actor: string | (() => string);
  /**
   * The role of whoever acts, for what they may do: the owner of a local instance is its
   * Administrator (the default); the instance server names the signed-in user's role.
   */
  callerRole?: () => Role;
  /** Which user of this instance is acting, if one is (the instance server's signed-in user). */
  callerUserId?: () => UserId | null;
  /** The sign-in session the caller acts through, kept when their own password changes. */
  callerSessionId?: () => number | null;
  /** Where the change came from, for the audit log: the client's address on the instance server. */
  callerSource?: () => string | null;
  now?: () => Date;
  tokenTtl?: TokenTtl;
  /** How invitation links are made and mailed; a local instance answers the path alone. */
  invitations?: InvitationDelivery;
  logger?: Logger;
  /** A bulk or import job whose process gave no sign of life for this long reads as failed. */
  jobStaleMs?: number;
}

/** What only the instance server offers besides the directory: the page that accepts an invitation. */
export interface InvitationAcceptance {
  invitationFor: (token: string) => Promise<InvitedAccount | null>;
  acceptInvitation: (token: string, password: string) => Promise<{ username: string }>;
}

/** Bulk writes are split so that no single statement list grows without bound. */
const CHUNK = 500;

/** The name an entry shows for its target, as it is now: the username, or the group's name. */
function targetName(db: Database, type: AuditTargetType, id: number): string | null {
  if (type === 'instance') return null;
  const sql =
    type === 'user' ? 'SELECT username FROM users WHERE id = ?' : 'SELECT name FROM groups WHERE id = ?';
  return statement<[number], string>(db, sql).pluck().get(id) ?? null;
}

const groupNamesOf = (db: Database, userId: UserId): string[] =>
  groupsOfUser(db, userId).map((group) => group.name);

export function createLocalDirectory(
  deps: LocalDirectoryDeps,
): Directory & SelfService & InvitationAcceptance {
  const {
    db,
    instanceId,
    hasher,
    keychain,
    actor,
    callerRole = () => 'administrator',
    callerUserId = () => null,
    callerSessionId = () => null,
    callerSource = () => null,
    now = () => new Date(),
    tokenTtl = DEFAULT_TOKEN_TTL,
    invitations = pathOnlyInvitations,
    logger,
  } = deps;
  const search = createUserSearch(db, now);
  const timestamp = () => now().toISOString();
  const actorName = typeof actor === 'string' ? () => actor : actor;
  /** An entry in the caller's name; the target's name is read from the file unless given (a target that is gone). */
  const audit = (entry: Omit<AuditRecord, 'actor'> & { actor?: string }) =>
    recordAudit(db, timestamp(), {
      actor: actorName(),
      actorId: callerUserId(),
      source: callerSource(),
      targetName: entry.targetId === undefined ? null : targetName(db, entry.targetType, entry.targetId),
      ...entry,
    });
  const accounts = createAccounts(db, now, audit, callerRole);
  const idempotency = createIdempotencyKeys(db, now);
  const auditLog = createAuditAccess({ db, callerRole, now, audit, logger });
  /**
   * Every write: IMMEDIATE takes the write lock up front, so the checks a write makes (versions,
   * the last administrator, an idempotency key) see what no other writer can change before it commits.
   */
  const write = <T>(work: () => T): T => db.transaction(work).immediate();
  const idempotent = (operation: string, input: unknown, options: CreateOptions | undefined) =>
    idempotentCall(actorName(), operation, input, options);

  const requireUser = (id: UserId): UserRow => {
    const row = getUserRow(db, id);
    if (!row) throw new RosterError('NOT_FOUND', 'That user no longer exists.', 'userId');
    return row;
  };
  /** The signed-in caller's own user; the owner of a local instance has none. */
  const ownId = (): UserId => {
    const id = callerUserId();
    if (id === null)
      throw new RosterError('FORBIDDEN', 'Only a signed-in user of the instance has a profile of their own.');
    return id;
  };
  /** A user the caller may change (a User manager may not change Administrators or User managers). */
  const manageableUser = (id: UserId): UserRow => {
    const row = requireUser(id);
    accounts.assertMayManage(row);
    return row;
  };
  const requireGroup = (id: GroupId) => {
    const group = getGroup(db, id);
    if (!group) throw groupGone();
    return group;
  };
  const requireUsers = (ids: readonly UserId[]) => {
    const missing = ids.filter((id) => getUserRow(db, id) === undefined);
    if (missing.length > 0)
      throw new RosterError(
        'NOT_FOUND',
        `${missing.length} of the selected users no longer exist.`,
        'userIds',
      );
  };

  const detail = (id: UserId): UserDetail => {
    const row = requireUser(id);
    return {
      ...summaryOfRow(row),
      version: row.version,
      updatedAt: row.updated_at,
      mustChangePassword: row.must_change_password === 1,
      mayResetOwnPassword: row.may_reset_own_password === 1,
      groups: groupsOfUser(db, id),
      token: tokenInfo(db, id),
    };
  };
  const lifecycle = createAccountLifecycle({
    db,
    hasher,
    now,
    write,
    audit,
    callerSessionId,
    requireUser,
    manageableUser,
    detail,
    accounts,
    callerRole,
    search,
    idempotency,
    idempotent,
    invitations,
  });

  const apiKeys = createApiKeys({
    db,
    instanceId,
    keychain,
    logger,
    now,
    write,
    audit,
    requireUser,
    manageableUser,
    idempotency,
    idempotent,
  });

  const forgetToken = async (userId: UserId) => {
    await keychainCall(() => keychain.delete(tokenAccount(instanceId, userId)));
  };
  /** What a deleted user leaves in this machine's keychain: the pair and the key values. */
  const keptSecretsOf = (id: UserId, withKeys = true) => ({
    id,
    token: tokenInfo(db, id) !== null,
    keyIds: withKeys ? apiKeysOfUser(db, id).map((key) => key.id) : [],
  });
  const forgetSecrets = async (kept: KeptSecrets) => {
    for (const { id, token, keyIds } of kept) {
      if (token) await forgetToken(id);
      await apiKeys.forgetApiKeys(id, keyIds);
    }
  };

  // Jobs are rows of the file: another process serving it answers their status and cancel.
  const jobsDeps = { now, owner: actorName, storage: sqliteWorkRunner(db), staleMs: deps.jobStaleMs };
  const bulk = createBulkJobs({
    ...jobsDeps,
    work: createBulkWork({
      db,
      hasher,
      now,
      accounts,
      search,
      audit,
      manageableUser,
      invitations,
      lifecycle,
      keptSecretsOf: (ids, withKeys) =>
        ids.filter((id) => getUserRow(db, id) !== undefined).map((id) => keptSecretsOf(id, withKeys)),
      forgetSecrets,
    }),
  });

  const userImport = createUserImport({
    db,
    hasher,
    now,
    accounts,
    audit,
    invitations,
    lifecycle,
    forgetSecrets,
  });
  const imports = createChunkedJobs<ImportStatus>(jobsDeps, 'import');

  const directory: Directory & SelfService & InvitationAcceptance = {
    keychainStatus: () =>
      probeKeychain(keychain).then((status) => ({ ...status, backend: keychain.backend })),
    callerRole: () => Promise.resolve(callerRole()),

    overview: () =>
      promised(() => {
        assertMayReadOverview(callerRole());
        return readOverview(db, timestamp());
      }),
    searchUsers: (request) => Promise.resolve(search.search(request)),
    exportUsers: createUserExport(db, now),
    getUser: (id) => Promise.resolve(detail(id)),
    nextUsername: () => Promise.resolve(nextGenericUsername(db)),

    async createUser(user, options) {
      const call = idempotent('createUser', user, options);
      const taken = db
        .prepare<[string], { id: number }>('SELECT id FROM users WHERE username_key = ?')
        .get(uniqueKey(user.username));
      // Looked up after the name: the same call committed in between is answered, not refused.
      const earlier = call && idempotency.replay(call, UserDetailSchema);
      if (earlier) return earlier;
      accounts.assertMayGrant(user.role ?? DEFAULT_ROLE);
      const clash = () =>
        new RosterError('CONFLICT', `A user named "${user.username}" already exists.`, 'username');
      if (taken) throw clash();
      const passwordHash = await lifecycle.hashAllowed(user.password, user.username);
      const created = uniqueViolation(clash, () =>
        write(() => {
          const replayed = call && idempotency.replay(call, UserDetailSchema);
          if (replayed) return replayed;
          assertPasswordAllowed(db, user.password, user.username);
          const id = insertUser(db, { ...user, passwordHash, now: timestamp() });
          audit(userCreateEntry(requireUser(id)));
          const answer = detail(id);
          if (call) idempotency.remember(call, answer);
          return answer;
        }),
      );
      search.changed([created.id]);
      return created;
    },

    async updateUser(id, changes, condition) {
      const target = manageableUser(id);
      const { password } = changes;
      const passwordHash =
        password === undefined ? undefined : await lifecycle.hashAllowed(password, target.username);
      const forget = write(() => {
        const current = manageableUser(id);
        assertVersion(db, 'users', id, condition);
        if (password !== undefined) assertPasswordAllowed(db, password, current.username);
        const enabled = changes.enabled ?? current.enabled === 1;
        const disabling = current.enabled === 1 && !enabled;
        if (disabling) accounts.assertAdminRemains([id]);
        updateUserRow(db, current, {
          displayName: changes.displayName,
          email: changes.email,
          passwordHash,
          enabled,
          mayResetOwnPassword: changes.mayResetOwnPassword,
          now: timestamp(),
        });
        // A disabled user's token must stop working at once.
        const hadToken = disabling && deleteTokenHashes(db, id);
        // Whoever was signed in with the old password is signed out; the caller's own session goes on.
        const sessionsEnded =
          passwordHash === undefined
            ? 0
            : deleteSessionsOfUser(
                db,
                id,
                callerUserId() === id ? (callerSessionId() ?? undefined) : undefined,
              );
        const entry = userUpdateEntry(
          current,
          requireUser(id),
          passwordHash === undefined ? undefined : { sessionsEnded },
          hadToken,
        );
        if (entry) audit(entry);
        return hadToken;
      });
      search.changed([id]);
      if (forget) await forgetToken(id);
      return detail(id);
    },

    setEnabled: (id, enabled, condition) => directory.updateUser(id, { enabled }, condition),

    async deleteUser(id, condition) {
      const kept = write(() => {
        const row = manageableUser(id);
        assertVersion(db, 'users', id, condition);
        accounts.assertAdminRemains([id]);
        const secrets = keptSecretsOf(id);
        audit(userDeleteEntry(row));
        deleteUserRows(db, [id]);
        return secrets;
      });
      search.changed([id]);
      await forgetSecrets([kept]);
    },

    async deleteUsers(ids) {
      const { deleted, kept } = write(() => {
        accounts.assertMayManageAll(ids);
        accounts.assertAdminRemains(ids);
        const secrets = ids.filter((id) => getUserRow(db, id) !== undefined).map((id) => keptSecretsOf(id));
        let count = 0;
        for (let start = 0; start < ids.length; start += CHUNK) {
          const chunk = ids.slice(start, start + CHUNK);
          for (const id of chunk) {
            const row = getUserRow(db, id);
            if (row) audit(userDeleteEntry(row));
          }
          count += deleteUserRows(db, chunk);
        }
        return { deleted: count, kept: secrets };
      });
      search.changed(ids);
      await forgetSecrets(kept);
      return deleted;
    },

    setUserGroups(id, groupIds, condition) {
      write(() => {
        manageableUser(id);
        assertVersion(db, 'users', id, condition);
        if (missingGroups(db, groupIds).length > 0)
          throw new RosterError('NOT_FOUND', 'Some of those groups no longer exist.', 'groupIds');
        const before = groupNamesOf(db, id);
        const had = new Set(groupIdsOfUser(db, id));
        const wanted = new Set(groupIds);
        setUserMemberships(db, id, groupIds);
        const entry = userGroupsEntry(id, { before, after: groupNamesOf(db, id) }, { had, wanted });
        if (entry) audit(entry);
      });
      return Promise.resolve(detail(id));
    },

    getAccess: (id) => Promise.resolve(accounts.status(id)),
    setRole(id, role, condition) {
      accounts.setRole(id, role, condition);
      search.changed([id]);
      return Promise.resolve(detail(id));
    },
    unlock: (id) => Promise.resolve(accounts.unlock(id)),
    resetPassword: lifecycle.resetPassword,
    inviteUser: lifecycle.inviteUser,
    resendInvitation: lifecycle.resendInvitation,
    mailsInvitations: () => Promise.resolve(invitations.mail !== undefined),
    listSessions: lifecycle.listSessions,
    endSessions: lifecycle.endSessions,
    getPasswordPolicy: lifecycle.getPasswordPolicy,
    setPasswordPolicy: lifecycle.setPasswordPolicy,
    invitationFor: lifecycle.invitationFor,
    acceptInvitation: lifecycle.acceptInvitation,

    searchGroups: (request) => Promise.resolve(searchGroups(db, request)),

    getGroup: (id) => Promise.resolve(requireGroup(id)),

    createGroup(name, options, description = '') {
      // Without a description the request is what it was before descriptions: a key sent then still matches.
      const call = idempotent('createGroup', description === '' ? { name } : { name, description }, options);
      const clash = () => new RosterError('CONFLICT', `A group named "${name}" already exists.`, 'name');
      const created = uniqueViolation(clash, () =>
        write(() => {
          const replayed = call && idempotency.replay(call, GroupSummarySchema);
          if (replayed) return replayed;
          const id = insertGroup(db, name, timestamp(), description);
          audit({ action: 'group.create', targetType: 'group', targetId: id, after: { name, description } });
          const answer = requireGroup(id);
          if (call) idempotency.remember(call, answer);
          return answer;
        }),
      );
      return Promise.resolve(created);
    },

    updateGroup(id, changes, condition) {
      const { name } = changes;
      const clash = () =>
        new RosterError('CONFLICT', `A group named "${name ?? ''}" already exists.`, 'name');
      uniqueViolation(clash, () =>
        write(() => {
          const group = requireGroup(id);
          assertVersion(db, 'groups', id, condition);
          if (updateGroupRow(db, group, changes)) {
            const entry = groupUpdateEntry(group, requireGroup(id));
            if (entry) audit(entry);
          }
        }),
      );
      return Promise.resolve(requireGroup(id));
    },

    deleteGroup(id, condition) {
      write(() => {
        const group = requireGroup(id);
        assertVersion(db, 'groups', id, condition);
        deleteGroupRow(db, id);
        audit(groupDeleteEntry(group));
      });
      return Promise.resolve();
    },

    deleteGroups(ids) {
      // All or none in one transaction; a group already gone is skipped, as deleteUsers skips users.
      const deleted = write(() => {
        let count = 0;
        for (const id of new Set(ids)) {
          const group = getGroup(db, id);
          if (!group) continue;
          deleteGroupRow(db, id);
          audit(groupDeleteEntry(group));
          count += 1;
        }
        return count;
      });
      return Promise.resolve(deleted);
    },

    groupMembers: (id, request) => {
      requireGroup(id);
      return Promise.resolve(membersPage(db, id, request));
    },

    addMembers: (id, userIds) => changeMembers(id, userIds, 'group.addMembers', addMemberships),
    removeMembers: (id, userIds) => changeMembers(id, userIds, 'group.removeMembers', removeMemberships),

    async generateToken(userId, options) {
      const call = idempotent('generateToken', { userId }, options);
      const earlier = call && idempotency.replay(call, TokenPairSchema);
      if (earlier) return earlier;
      const user = manageableUser(userId);
      if (user.enabled !== 1)
        throw new RosterError('CONFLICT', `Enable ${user.username} before generating a token.`, 'userId');
      const fresh = newTokenPair(now(), tokenTtl);
      return keepGeneratedPair(keychain, tokenAccount(instanceId, userId), fresh, () =>
        promised(() =>
          write(() => {
            const replayed = call && idempotency.replay(call, TokenPairSchema);
            if (replayed) return replayed;
            requireUser(userId);
            const replaced = tokenInfo(db, userId);
            replaceTokenHashes(db, userId, tokenHashesOf(fresh));
            audit(tokenGenerateEntry(userId, replaced, tokenInfo(db, userId)));
            if (call) idempotency.remember(call, fresh);
            return fresh;
          }),
        ),
      );
    },

    startBulk: (request) => bulk.start(request),
    // A refusal is a rejected promise, never a throw before there is one.
    bulkStatus: (jobId) => bulk.status(jobId),
    cancelBulk: (jobId) => bulk.cancel(jobId),

    previewImport: (request) => promised(() => userImport.preview(request)),
    startImport: async (request) =>
      imports.start(importStarted(request.options), request.rows, userImport.steps(request)),
    importStatus: (jobId) => imports.status(jobId),
    cancelImport: (jobId) => imports.cancel(jobId),

    listApiKeys: apiKeys.listApiKeys,
    createApiKey: apiKeys.createApiKey,
    readApiKey: apiKeys.readApiKey,
    revokeApiKey: apiKeys.revokeApiKey,

    async readToken(userId) {
      requireUser(userId);
      if (tokenInfo(db, userId) === null) return null;
      const stored = await keychainCall(() => keychain.get(tokenAccount(instanceId, userId)));
      return parseKept(stored, TokenPairSchema) ?? null;
    },

    async revokeToken(userId) {
      write(() => {
        manageableUser(userId);
        const revoked = tokenInfo(db, userId);
        if (deleteTokenHashes(db, userId) && revoked) audit(tokenRevokeEntry(userId, revoked));
      });
      await forgetToken(userId);
    },

    getOwnProfile: () => Promise.resolve(detail(ownId())),

    async updateOwnProfile(changes, condition) {
      const id = ownId();
      write(() => {
        const current = requireUser(id);
        assertVersion(db, 'users', id, condition);
        updateUserRow(db, current, {
          displayName: changes.displayName,
          email: changes.email,
          now: timestamp(),
        });
        const entry = ownUpdateEntry(current, requireUser(id));
        if (entry) audit(entry);
      });
      search.changed([id]);
      return Promise.resolve(detail(id));
    },

    setOwnPassword: (password) => lifecycle.setOwnPassword(ownId(), password),

    auditPage: auditLog.page,
    exportAudit: auditLog.exportLog,
    verifyAudit: auditLog.verify,
    getAuditRetention: auditLog.getRetention,
    setAuditRetention: auditLog.setRetention,
    close: () => {
      auditLog.stop();
      db.close();
    },
  };

  function changeMembers(
    id: GroupId,
    userIds: readonly UserId[],
    action: AuditAction,
    change: (db: Database, groupId: GroupId, userIds: readonly UserId[]) => number,
  ) {
    write(() => {
      requireGroup(id);
      requireUsers(userIds);
      accounts.assertMayManageAll(userIds);
      const changed: UserId[] = [];
      for (const userId of new Set(userIds)) if (change(db, id, [userId]) > 0) changed.push(userId);
      const entry = membersEntry(
        action,
        id,
        changed,
        changed.map((userId) => requireUser(userId).username),
      );
      if (entry) audit(entry);
    });
    return Promise.resolve(requireGroup(id));
  }

  return directory;
}
