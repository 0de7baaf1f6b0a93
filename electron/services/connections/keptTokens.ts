import { z } from 'zod';
import { RosterError } from '../../../shared/contract/errors';
import { TokenPairSchema, type UserId } from '../../../shared/domain/directory';
import type { Logger } from '../../common/logger';
import {
  apiKeyAccount,
  keychainCall,
  parseKept,
  probeKeychain,
  tokenAccount,
  type Keychain,
} from '../../secrets/keychain';
import type { Directory } from '../directory/directory';

export interface KeptTokensDeps {
  keychain: Keychain;
  logger: Logger;
  instanceId: string;
  /** Runs keychain writes and deletes of this instance one after another. */
  inTurn: <T>(operation: () => Promise<T>) => Promise<T>;
}

/** Which users of an instance have a pair in the keychain, so that removing the instance can find them all. */
export const tokenIndexAccount = (instanceId: string): string => `instance:${instanceId}/tokens`;

/** Which API key values of an instance the keychain holds, for the same reason. */
export const apiKeyIndexAccount = (instanceId: string): string => `instance:${instanceId}/keys`;

const UserIdsSchema = z.array(z.number().int().positive());
const KeptKeySchema = z.strictObject({
  userId: z.number().int().positive(),
  keyId: z.number().int().positive(),
});
type KeptKey = z.infer<typeof KeptKeySchema>;

async function readIndex(keychain: Keychain, instanceId: string): Promise<UserId[]> {
  return parseKept(await keychain.get(tokenIndexAccount(instanceId)), UserIdsSchema) ?? [];
}

async function readKeyIndex(keychain: Keychain, instanceId: string): Promise<KeptKey[]> {
  return parseKept(await keychain.get(apiKeyIndexAccount(instanceId)), z.array(KeptKeySchema)) ?? [];
}

/**
 * A remote directory whose generated token pairs and API keys are also kept in this
 * computer's keychain, as a local instance keeps them, so that View tokens
 * works the same: the server keeps only hashes and shows a pair once.
 */
export function keepTokensInKeychain(directory: Directory, deps: KeptTokensDeps): Directory {
  const { keychain, instanceId, inTurn, logger } = deps;

  const forget = (userIds: readonly UserId[]) =>
    keychainCall(() =>
      inTurn(async () => {
        const index = await readIndex(keychain, instanceId);
        const leaving = userIds.filter((userId) => index.includes(userId));
        if (leaving.length === 0) return;
        for (const userId of leaving) await keychain.delete(tokenAccount(instanceId, userId));
        const rest = index.filter((userId) => !leaving.includes(userId));
        await keychain.set(tokenIndexAccount(instanceId), JSON.stringify(rest));
      }),
    );

  const forgetKeys = (leaving: (key: KeptKey) => boolean) =>
    keychainCall(() =>
      inTurn(async () => {
        const index = await readKeyIndex(keychain, instanceId);
        const gone = index.filter(leaving);
        if (gone.length === 0) return;
        for (const key of gone) await keychain.delete(apiKeyAccount(instanceId, key.userId, key.keyId));
        const rest = index.filter((key) => !leaving(key));
        await keychain.set(apiKeyIndexAccount(instanceId), JSON.stringify(rest));
      }),
    );
  const forgetUsers = async (userIds: readonly UserId[]) => {
    await forget(userIds);
    await forgetKeys((key) => userIds.includes(key.userId));
  };

  return {
    ...directory,
    keychainStatus: () =>
      probeKeychain(keychain).then((status) => ({ ...status, backend: keychain.backend })),

    async generateToken(userId) {
      // Asked first: once the server has replaced a token, the new pair must reach the admin.
      const probe = await probeKeychain(keychain);
      if (!probe.available) throw new RosterError('UNAVAILABLE', probe.reason);
      const pair = await directory.generateToken(userId);
      try {
        await inTurn(async () => {
          const index = await readIndex(keychain, instanceId);
          if (!index.includes(userId))
            await keychain.set(tokenIndexAccount(instanceId), JSON.stringify([...index, userId]));
          await keychain.set(tokenAccount(instanceId, userId), JSON.stringify(pair));
        });
      } catch (error) {
        // The pair is still shown once; only View tokens will not find it later.
        logger.warn(`the new token of user ${userId} could not be kept in the keychain: ${String(error)}`);
      }
      return pair;
    },

    async readToken(userId) {
      const user = await directory.getUser(userId);
      if (user.token === null) return null;
      const stored = await keychainCall(() => keychain.get(tokenAccount(instanceId, userId)));
      const pair = parseKept(stored, TokenPairSchema) ?? null;
      // A pair generated since from another computer makes the kept one stale.
      return pair?.createdAt === user.token.createdAt ? pair : null;
    },

    async revokeToken(userId) {
      await directory.revokeToken(userId);
      await forget([userId]);
    },

    async createApiKey(userId, key, options) {
      const probe = await probeKeychain(keychain);
      if (!probe.available) throw new RosterError('UNAVAILABLE', probe.reason);
      const created = await directory.createApiKey(userId, key, options);
      try {
        await inTurn(async () => {
          const index = await readKeyIndex(keychain, instanceId);
          const kept = { userId, keyId: created.key.id };
          if (!index.some((entry) => entry.keyId === kept.keyId && entry.userId === userId))
            await keychain.set(apiKeyIndexAccount(instanceId), JSON.stringify([...index, kept]));
          await keychain.set(apiKeyAccount(instanceId, userId, created.key.id), created.value);
        });
      } catch (error) {
        logger.warn(
          `API key ${created.key.id} of user ${userId} could not be kept in the keychain: ${String(error)}`,
        );
      }
      return created;
    },

    async readApiKey(userId, keyId) {
      await directory.readApiKey(userId, keyId);
      return (await keychainCall(() => keychain.get(apiKeyAccount(instanceId, userId, keyId)))) ?? null;
    },

    async revokeApiKey(userId, keyId) {
      await directory.revokeApiKey(userId, keyId);
      await forgetKeys((key) => key.userId === userId && key.keyId === keyId);
    },

    async deleteUser(userId, condition) {
      await directory.deleteUser(userId, condition);
      await forgetUsers([userId]);
    },

    async setEnabled(userId, enabled) {
      const user = await directory.setEnabled(userId, enabled);
      // The server drops a disabled user's token at once; so does the keychain.
      if (!enabled) await forget([userId]);
      return user;
    },

    async deleteUsers(userIds) {
      const deleted = await directory.deleteUsers(userIds);
      await forgetUsers(userIds);
      return deleted;
    },
  };
}

/** Removes every pair and key value kept for an instance, and the indexes of them. */
export async function forgetAllTokens(keychain: Keychain, instanceId: string): Promise<void> {
  for (const userId of await readIndex(keychain, instanceId))
    await keychain.delete(tokenAccount(instanceId, userId));
  await keychain.delete(tokenIndexAccount(instanceId));
  for (const { userId, keyId } of await readKeyIndex(keychain, instanceId))
    await keychain.delete(apiKeyAccount(instanceId, userId, keyId));
  await keychain.delete(apiKeyIndexAccount(instanceId));
}
