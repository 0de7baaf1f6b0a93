import type { Database } from 'better-sqlite3';
import { RosterError } from '../../../../shared/contract/errors';
import {
  API_KEYS_PER_USER,
  apiKeyProblem,
  CreatedApiKeySchema,
  type ApiKeyId,
  type ApiKeyInfo,
  type CreatedApiKey,
  type NewApiKey,
} from '../../../../shared/domain/apiKeys';
import type { CreateOptions, UserId } from '../../../../shared/domain/directory';
import { ROLE_LABELS, type Role } from '../../../../shared/domain/roles';
import type { Logger } from '../../../common/logger';
import { apiKeyAccount, keychainCall, type Keychain } from '../../../secrets/keychain';
import { hashToken, newApiKeyValue } from '../../../secrets/tokenSecrets';
import type { AuditRecord } from './auditLog';
import {
  apiKeyNameTaken,
  apiKeyOfUser,
  apiKeysOfUser,
  countApiKeys,
  deleteApiKey,
  insertApiKey,
} from './apiKeysTable';
import type { IdempotencyKeys, IdempotentCall } from './idempotencyKeys';
import type { UserRow } from './usersTable';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface ApiKeysContext {
  db: Database;
  instanceId: string;
  keychain: Keychain;
  logger?: Logger;
  now: () => Date;
  write: <T>(work: () => T) => T;
  audit: (entry: Omit<AuditRecord, 'actor'>) => void;
  requireUser: (id: UserId) => UserRow;
  manageableUser: (id: UserId) => UserRow;
  idempotency: IdempotencyKeys;
  idempotent: (
    operation: string,
    input: unknown,
    options: CreateOptions | undefined,
  ) => IdempotentCall | undefined;
}

/**
 * Why a user's keys would not suit `role`: a role change must not leave a user holding a key that
 * the new role could not have been given. Run inside the role change's transaction.
 */
export function assertKeysSuitRole(db: Database, userId: UserId, role: Role): void {
  const unsuitable = apiKeysOfUser(db, userId).filter(
    (key) =>
      apiKeyProblem(role, { scope: key.scope, expiresInDays: key.expiresAt === null ? null : 1 }) !== null,
  );
  if (unsuitable.length > 0)
    throw new RosterError(
      'CONFLICT',
      `The role ${ROLE_LABELS[role]} may not hold some of this user's API keys (${unsuitable
        .map((key) => `"${key.name}"`)
        .join(', ')}): revoke them first.`,
      'role',
    );
}

/**
 * A user's named API keys over an instance file. The file keeps each key's hash; the plain value
 * goes to this machine's keychain (a no-op one on the instance server), so that the admin who made
 * a key can show it again, as with token pairs. The key is written first (its id names the keychain
 * entry); a keychain that then fails costs only Show, never the key, which is answered once anyway.
 */
export function createApiKeys(context: ApiKeysContext) {
  const { db, instanceId, keychain, logger, now, write, audit, requireUser, manageableUser } = context;
  const { idempotency, idempotent } = context;

  const requireKey = (userId: UserId, keyId: ApiKeyId): ApiKeyInfo => {
    const key = apiKeyOfUser(db, userId, keyId);
    if (!key) throw new RosterError('NOT_FOUND', 'That API key no longer exists.', 'keyId');
    return key;
  };

  /** Every check a new key must pass, run inside the write that stores it. */
  const assertMayCreate = (user: UserRow, key: NewApiKey) => {
    if (user.enabled !== 1)
      throw new RosterError('CONFLICT', `Enable ${user.username} before creating an API key.`, 'userId');
    const problem = apiKeyProblem(user.role, key);
    if (problem) throw new RosterError('INVALID_INPUT', problem.message, problem.field);
    if (apiKeyNameTaken(db, user.id, key.name))
      throw new RosterError('CONFLICT', `${user.username} already has a key named "${key.name}".`, 'name');
    if (countApiKeys(db, user.id) >= API_KEYS_PER_USER)
      throw new RosterError(
        'CONFLICT',
        `${user.username} already holds ${API_KEYS_PER_USER} API keys, the most one user may: revoke one first.`,
      );
  };

  return {
    listApiKeys: (userId: UserId): Promise<ApiKeyInfo[]> => {
      requireUser(userId);
      return Promise.resolve(apiKeysOfUser(db, userId));
    },

    createApiKey: async (userId: UserId, key: NewApiKey, options?: CreateOptions): Promise<CreatedApiKey> => {
      const call = idempotent('createApiKey', { userId, key }, options);
      const earlier = call && idempotency.replay(call, CreatedApiKeySchema);
      if (earlier) return earlier;
      const value = newApiKeyValue();
      const at = now();
      const created = write(() => {
        const replayed = call && idempotency.replay(call, CreatedApiKeySchema);
        if (replayed) return replayed;
        assertMayCreate(manageableUser(userId), key);
        const id = insertApiKey(db, {
          userId,
          name: key.name,
          scope: key.scope,
          keyHash: hashToken(value),
          createdAt: at.toISOString(),
          expiresAt:
            key.expiresInDays === null
              ? null
              : new Date(at.getTime() + key.expiresInDays * DAY_MS).toISOString(),
        });
        const info = requireKey(userId, id);
        audit({
          action: 'apiKey.create',
          targetType: 'user',
          targetId: userId,
          after: { keyId: id, name: info.name, scope: info.scope, expiresAt: info.expiresAt },
        });
        const answer = { key: info, value };
        if (call) idempotency.remember(call, answer);
        return answer;
      });
      if (created.value === value) {
        try {
          await keychainCall(() => keychain.set(apiKeyAccount(instanceId, userId, created.key.id), value));
        } catch (error) {
          // The key works and is shown once; only Show will not find it on this machine later.
          logger?.warn(
            `API key ${created.key.id} of user ${userId} could not be kept in the keychain: ${String(error)}`,
          );
        }
      }
      return created;
    },

    readApiKey: async (userId: UserId, keyId: ApiKeyId): Promise<string | null> => {
      requireKey(userId, keyId);
      return (await keychainCall(() => keychain.get(apiKeyAccount(instanceId, userId, keyId)))) ?? null;
    },

    revokeApiKey: async (userId: UserId, keyId: ApiKeyId): Promise<void> => {
      write(() => {
        manageableUser(userId);
        const key = requireKey(userId, keyId);
        deleteApiKey(db, userId, keyId);
        audit({
          action: 'apiKey.revoke',
          targetType: 'user',
          targetId: userId,
          before: { keyId, name: key.name, scope: key.scope, expiresAt: key.expiresAt },
        });
      });
      await forgetApiKeys(userId, [keyId]);
    },

    /** Drops the kept values of keys that are gone (revoked, or their user deleted). */
    forgetApiKeys,
  };

  async function forgetApiKeys(userId: UserId, keyIds: readonly ApiKeyId[]): Promise<void> {
    for (const keyId of keyIds)
      await keychainCall(() => keychain.delete(apiKeyAccount(instanceId, userId, keyId)));
  }
}
