import {
  CreatedApiKeySchema,
  type ApiKeyId,
  type ApiKeyInfo,
  type CreatedApiKey,
  type NewApiKey,
} from '../../../../shared/domain/apiKeys';
import type { CreateOptions, UserId } from '../../../../shared/domain/directory';
import type { Sql } from '../../../database/postgres/sql';
import { hashToken, newApiKeyValue } from '../../../secrets/tokenSecrets';
import {
  apiKeyCreatedEntry,
  apiKeyExpiresAt,
  apiKeyNotFound,
  apiKeyRevokedEntry,
  assertMayCreateApiKey,
} from '../rules/apiKeyRules';
import { apiKeyValues } from '../rules/apiKeyValues';
import type { LifecycleParts } from './accountLifecycle';
import {
  apiKeyNameTaken,
  apiKeyOfUser,
  apiKeysOfUser,
  countApiKeys,
  deleteApiKey,
  insertApiKey,
} from './apiKeysTable';
import type { DirectoryContext } from './directoryContext';

/** What the keys need of the directory: the same helpers the lifecycle takes. */
export type ApiKeyParts = Pick<
  LifecycleParts,
  'requireUser' | 'manageableUser' | 'idempotency' | 'idempotent'
>;

/**
 * A user's named API keys over PostgreSQL, as local/apiKeys.ts: the database keeps each key's hash;
 * the plain value goes to this machine's keychain so that the admin who made a key can show it
 * again. The key is written first (its id names the keychain entry).
 */
export function createPostgresApiKeys(context: DirectoryContext, parts: ApiKeyParts) {
  const { database, now, audit } = context;
  const { requireUser, manageableUser, idempotency, idempotent } = parts;
  const values = apiKeyValues(context.keychain, context.instanceId, context.logger);

  const requireKey = async (sql: Sql, userId: UserId, keyId: ApiKeyId): Promise<ApiKeyInfo> => {
    const key = await apiKeyOfUser(sql, userId, keyId);
    if (!key) throw apiKeyNotFound();
    return key;
  };

  return {
    listApiKeys: async (userId: UserId): Promise<ApiKeyInfo[]> => {
      await requireUser(database.sql, userId);
      return apiKeysOfUser(database.sql, userId);
    },

    createApiKey: async (userId: UserId, key: NewApiKey, options?: CreateOptions): Promise<CreatedApiKey> => {
      const call = idempotent('createApiKey', { userId, key }, options);
      const earlier = call && (await idempotency.replay(database.sql, call, CreatedApiKeySchema));
      if (earlier) return earlier;
      const value = newApiKeyValue();
      const at = now();
      const created = await database.write(async (tx) => {
        const replayed = call && (await idempotency.replay(tx, call, CreatedApiKeySchema));
        if (replayed) return replayed;
        const user = await manageableUser(tx, userId);
        assertMayCreateApiKey(user, key, {
          nameTaken: await apiKeyNameTaken(tx, userId, key.name),
          count: await countApiKeys(tx, userId),
        });
        const id = await insertApiKey(tx, {
          userId,
          name: key.name,
          scope: key.scope,
          keyHash: hashToken(value),
          createdAt: at.toISOString(),
          expiresAt: apiKeyExpiresAt(at, key.expiresInDays),
        });
        const info = await requireKey(tx, userId, id);
        await audit(tx, apiKeyCreatedEntry(userId, info));
        const answer = { key: info, value };
        if (call) await idempotency.remember(tx, call, answer);
        return answer;
      });
      if (created.value === value) await values.keep(userId, created.key.id, value);
      return created;
    },

    readApiKey: async (userId: UserId, keyId: ApiKeyId): Promise<string | null> => {
      await requireKey(database.sql, userId, keyId);
      return values.read(userId, keyId);
    },

    revokeApiKey: async (userId: UserId, keyId: ApiKeyId): Promise<void> => {
      await database.write(async (tx) => {
        await manageableUser(tx, userId);
        const key = await requireKey(tx, userId, keyId);
        await deleteApiKey(tx, userId, keyId);
        await audit(tx, apiKeyRevokedEntry(userId, key));
      });
      await values.forget(userId, [keyId]);
    },

    /** Drops the kept values of keys that are gone (revoked, or their user deleted). */
    forgetApiKeys: values.forget,
  };
}
