import type { Database } from 'better-sqlite3';
import {
  CreatedApiKeySchema,
  type ApiKeyId,
  type ApiKeyInfo,
  type CreatedApiKey,
  type NewApiKey,
} from '../../../../shared/domain/apiKeys';
import type { CreateOptions, UserId } from '../../../../shared/domain/directory';
import type { Role } from '../../../../shared/domain/roles';
import type { Logger } from '../../../common/logger';
import type { Keychain } from '../../../secrets/keychain';
import { hashToken, newApiKeyValue } from '../../../secrets/tokenSecrets';
import {
  apiKeyCreatedEntry,
  apiKeyExpiresAt,
  apiKeyNotFound,
  apiKeyRevokedEntry,
  assertKeysSuit,
  assertMayCreateApiKey,
} from '../rules/apiKeyRules';
import { apiKeyValues } from '../rules/apiKeyValues';
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
  assertKeysSuit(role, apiKeysOfUser(db, userId));
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

  const values = apiKeyValues(keychain, instanceId, logger);

  const requireKey = (userId: UserId, keyId: ApiKeyId): ApiKeyInfo => {
    const key = apiKeyOfUser(db, userId, keyId);
    if (!key) throw apiKeyNotFound();
    return key;
  };

  /** Every check a new key must pass, run inside the write that stores it. */
  const assertMayCreate = (user: UserRow, key: NewApiKey) =>
    assertMayCreateApiKey(user, key, {
      nameTaken: apiKeyNameTaken(db, user.id, key.name),
      count: countApiKeys(db, user.id),
    });

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
          expiresAt: apiKeyExpiresAt(at, key.expiresInDays),
        });
        const info = requireKey(userId, id);
        audit(apiKeyCreatedEntry(userId, info));
        const answer = { key: info, value };
        if (call) idempotency.remember(call, answer);
        return answer;
      });
      if (created.value === value) await values.keep(userId, created.key.id, value);
      return created;
    },

    readApiKey: async (userId: UserId, keyId: ApiKeyId): Promise<string | null> => {
      requireKey(userId, keyId);
      return values.read(userId, keyId);
    },

    revokeApiKey: async (userId: UserId, keyId: ApiKeyId): Promise<void> => {
      write(() => {
        manageableUser(userId);
        const key = requireKey(userId, keyId);
        deleteApiKey(db, userId, keyId);
        audit(apiKeyRevokedEntry(userId, key));
      });
      await values.forget(userId, [keyId]);
    },

    /** Drops the kept values of keys that are gone (revoked, or their user deleted). */
    forgetApiKeys: values.forget,
  };
}
