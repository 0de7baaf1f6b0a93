import type { ApiKeyId } from '../../../../shared/domain/apiKeys';
import type { UserId } from '../../../../shared/domain/directory';
import type { Logger } from '../../../common/logger';
import { apiKeyAccount, keychainCall, type Keychain } from '../../../secrets/keychain';

/**
 * The plain values of API keys in this machine's keychain (a no-op one on the instance server), so
 * that the admin who made a key can show it again. Storage keeps only hashes.
 */
export function apiKeyValues(keychain: Keychain, instanceId: string, logger: Logger | undefined) {
  const account = (userId: UserId, keyId: ApiKeyId) => apiKeyAccount(instanceId, userId, keyId);
  return {
    /** A keychain that fails costs only Show, never the key, which is answered once anyway. */
    keep: async (userId: UserId, keyId: ApiKeyId, value: string): Promise<void> => {
      try {
        await keychainCall(() => keychain.set(account(userId, keyId), value));
      } catch (error) {
        logger?.warn(
          `API key ${keyId} of user ${userId} could not be kept in the keychain: ${String(error)}`,
        );
      }
    },
    read: async (userId: UserId, keyId: ApiKeyId): Promise<string | null> =>
      (await keychainCall(() => keychain.get(account(userId, keyId)))) ?? null,
    /** Drops the kept values of keys that are gone (revoked, or their user deleted). */
    forget: async (userId: UserId, keyIds: readonly ApiKeyId[]): Promise<void> => {
      for (const keyId of keyIds) await keychainCall(() => keychain.delete(account(userId, keyId)));
    },
  };
}
