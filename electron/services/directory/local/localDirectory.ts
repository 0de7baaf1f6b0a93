import type { Database } from 'better-sqlite3';
import { RosterError } from '../../../../shared/contract/errors';
import {
  TokenPairSchema,
  type GroupId,
  type UserDetail,
  type UserId,
} from '../../../../shared/domain/directory';
import { uniqueKey } from '../../../../shared/domain/userRules';
import {
  keychainCall,
  parseKept,
  probeKeychain,
  tokenAccount,
  type Keychain,
} from '../../../secrets/keychain';
import type { PasswordHasher } from '../../../secrets/passwordHasher';
import { DEFAULT_TOKEN_TTL, hashToken, newTokenPair, type TokenTtl } from '../../../secrets/tokenSecrets';
import type { Directory } from '../directory';
import { createAccounts } from './accounts';
import { uniqueViolation } from './errors';
import { recordAudit, type AuditEntry } from './auditLog';
import {
  deleteGroupRow,
  getGroup,
  groupsOfUser,
  insertGroup,
  missingGroups,
  searchGroups,
} from './groupsTable';
import { addMemberships, membersPage, removeMemberships, setUserMemberships } from './membershipsTable';
import { deleteTokenHashes, replaceTokenHashes, tokenInfo } from './tokensTable';
import {
  deleteUserRows,
  getUserRow,
  insertUser,
  nextGenericUsername,
  toUserSummary,
  updateUserRow,
  type UserRow,
} from './usersTable';
import { createUserSearch } from './userSearch';

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
  now?: () => Date;
  tokenTtl?: TokenTtl;
}

/** Bulk writes are split so that no single statement list grows without bound. */
const CHUNK = 500;

const publicFields = (row: UserRow) => ({
  username: row.username,
  displayName: row.display_name,
  email: row.email,
  enabled: row.enabled === 1,
});

export function createLocalDirectory(deps: LocalDirectoryDeps): Directory {
  const {
    db,
    instanceId,
    hasher,
    keychain,
    actor,
    now = () => new Date(),
    tokenTtl = DEFAULT_TOKEN_TTL,
  } = deps;
  const search = createUserSearch(db);
  const timestamp = () => now().toISOString();
  const actorName = typeof actor === 'string' ? () => actor : actor;
  const audit = (entry: Omit<AuditEntry, 'actor'>) =>
    recordAudit(db, timestamp(), { actor: actorName(), ...entry });
  const accounts = createAccounts(db, now, actorName);

  const requireUser = (id: UserId): UserRow => {
    const row = getUserRow(db, id);
    if (!row) throw new RosterError('NOT_FOUND', 'That user no longer exists.', 'userId');
    return row;
  };
  const requireGroup = (id: GroupId) => {
    const group = getGroup(db, id);
    if (!group) throw new RosterError('NOT_FOUND', 'That group no longer exists.', 'groupId');
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
      ...toUserSummary(row),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      groups: groupsOfUser(db, id),
      token: tokenInfo(db, id),
    };
  };

  const forgetToken = async (userId: UserId) => {
    await keychainCall(() => keychain.delete(tokenAccount(instanceId, userId)));
  };

  const directory: Directory = {
    keychainStatus: () =>
      probeKeychain(keychain).then((status) => ({ ...status, backend: keychain.backend })),

    searchUsers: (request) => Promise.resolve(search.search(request)),
    getUser: (id) => Promise.resolve(detail(id)),
    nextUsername: () => Promise.resolve(nextGenericUsername(db)),

    async createUser(user) {
      const clash = () =>
        new RosterError('CONFLICT', `A user named "${user.username}" already exists.`, 'username');
      const taken = db
        .prepare<[string], { id: number }>('SELECT id FROM users WHERE username_key = ?')
        .get(uniqueKey(user.username));
      if (taken) throw clash();
      const passwordHash = await hasher.hash(user.password);
      const id = uniqueViolation(clash, () =>
        db.transaction(() => {
          const created = insertUser(db, { ...user, passwordHash, now: timestamp() });
          audit({
            action: 'user.create',
            targetType: 'user',
            targetId: created,
            after: {
              username: user.username,
              displayName: user.displayName,
              email: user.email,
              enabled: user.enabled,
            },
          });
          return created;
        })(),
      );
      search.changed([id]);
      return detail(id);
    },

    async updateUser(id, changes) {
      const before = requireUser(id);
      const passwordHash =
        changes.password === undefined ? before.password_hash : await hasher.hash(changes.password);
      const enabled = changes.enabled ?? before.enabled === 1;
      const disabling = before.enabled === 1 && !enabled;
      const hadToken = tokenInfo(db, id) !== null;
      db.transaction(() => {
        const current = requireUser(id);
        updateUserRow(db, current, {
          displayName: changes.displayName ?? current.display_name,
          email: changes.email ?? current.email,
          passwordHash,
          enabled,
          now: timestamp(),
        });
        // A disabled user's token must stop working at once.
        if (disabling) deleteTokenHashes(db, id);
        const after = requireUser(id);
        audit({
          action: 'user.update',
          targetType: 'user',
          targetId: id,
          before: publicFields(current),
          after: { ...publicFields(after), passwordChanged: changes.password !== undefined },
        });
      })();
      search.changed([id]);
      if (disabling && hadToken) await forgetToken(id);
      return detail(id);
    },

    setEnabled: (id, enabled) => directory.updateUser(id, { enabled }),

    async deleteUsers(ids) {
      const withTokens = ids.filter((id) => tokenInfo(db, id) !== null);
      let deleted = 0;
      db.transaction(() => {
        for (let start = 0; start < ids.length; start += CHUNK) {
          const chunk = ids.slice(start, start + CHUNK);
          for (const id of chunk) {
            const row = getUserRow(db, id);
            if (row)
              audit({ action: 'user.delete', targetType: 'user', targetId: id, before: publicFields(row) });
          }
          deleted += deleteUserRows(db, chunk);
        }
      })();
      search.changed(ids);
      for (const id of withTokens) await forgetToken(id);
      return deleted;
    },

    setUserGroups(id, groupIds) {
      requireUser(id);
      const missing = missingGroups(db, groupIds);
      if (missing.length > 0)
        throw new RosterError('NOT_FOUND', 'Some of those groups no longer exist.', 'groupIds');
      db.transaction(() => {
        const before = groupsOfUser(db, id).map((group) => group.name);
        setUserMemberships(db, id, groupIds);
        const after = groupsOfUser(db, id).map((group) => group.name);
        audit({
          action: 'user.groups',
          targetType: 'user',
          targetId: id,
          before: { groups: before },
          after: { groups: after },
        });
      })();
      return Promise.resolve(detail(id));
    },

    getAccess: (id) => Promise.resolve(accounts.status(id)),
    setAdmin: (id, admin) => Promise.resolve(accounts.setAdmin(id, admin)),
    unlock: (id) => Promise.resolve(accounts.unlock(id)),

    searchGroups: (request) => Promise.resolve(searchGroups(db, request)),

    createGroup(name) {
      const clash = () => new RosterError('CONFLICT', `A group named "${name}" already exists.`, 'name');
      const id = uniqueViolation(clash, () =>
        db.transaction(() => {
          const created = insertGroup(db, name, timestamp());
          audit({ action: 'group.create', targetType: 'group', targetId: created, after: { name } });
          return created;
        })(),
      );
      return Promise.resolve(requireGroup(id));
    },

    deleteGroup(id) {
      db.transaction(() => {
        const group = requireGroup(id);
        deleteGroupRow(db, id);
        audit({
          action: 'group.delete',
          targetType: 'group',
          targetId: id,
          before: { name: group.name, memberCount: group.memberCount },
        });
      })();
      return Promise.resolve();
    },

    groupMembers: (id, request) => {
      requireGroup(id);
      return Promise.resolve(membersPage(db, id, request));
    },

    addMembers: (id, userIds) => changeMembers(id, userIds, 'group.addMembers', addMemberships),
    removeMembers: (id, userIds) => changeMembers(id, userIds, 'group.removeMembers', removeMemberships),

    async generateToken(userId) {
      const user = requireUser(userId);
      if (user.enabled !== 1)
        throw new RosterError('CONFLICT', `Enable ${user.username} before generating a token.`, 'userId');
      const pair = newTokenPair(now(), tokenTtl);
      const account = tokenAccount(instanceId, userId);
      const previous = await keychainCall(() => keychain.get(account));
      await keychainCall(() => keychain.set(account, JSON.stringify(pair)));
      try {
        db.transaction(() => {
          requireUser(userId);
          replaceTokenHashes(db, userId, {
            accessHash: hashToken(pair.accessToken),
            refreshHash: hashToken(pair.refreshToken),
            createdAt: pair.createdAt,
            accessExpiresAt: pair.accessExpiresAt,
            refreshExpiresAt: pair.refreshExpiresAt,
          });
          audit({
            action: 'token.generate',
            targetType: 'user',
            targetId: userId,
            after: { createdAt: pair.createdAt },
          });
        })();
      } catch (error) {
        // Put the keychain back as it was. Should that fail too, the stray pair is harmless:
        // readToken trusts the keychain only for users the database says have a token.
        await (previous === undefined ? keychain.delete(account) : keychain.set(account, previous)).catch(
          () => undefined,
        );
        throw error;
      }
      return pair;
    },

    async readToken(userId) {
      requireUser(userId);
      if (tokenInfo(db, userId) === null) return null;
      const stored = await keychainCall(() => keychain.get(tokenAccount(instanceId, userId)));
      return parseKept(stored, TokenPairSchema) ?? null;
    },

    async revokeToken(userId) {
      requireUser(userId);
      db.transaction(() => {
        if (deleteTokenHashes(db, userId))
          audit({ action: 'token.revoke', targetType: 'user', targetId: userId });
      })();
      await forgetToken(userId);
    },

    close: () => db.close(),
  };

  function changeMembers(
    id: GroupId,
    userIds: readonly UserId[],
    action: string,
    change: (db: Database, groupId: GroupId, userIds: readonly UserId[]) => number,
  ) {
    requireGroup(id);
    requireUsers(userIds);
    db.transaction(() => {
      let changed = 0;
      for (let start = 0; start < userIds.length; start += CHUNK)
        changed += change(db, id, userIds.slice(start, start + CHUNK));
      audit({
        action,
        targetType: 'group',
        targetId: id,
        after: { userIds: userIds.slice(0, 100), changed },
      });
    })();
    return Promise.resolve(requireGroup(id));
  }

  return directory;
}
