import { z } from 'zod';
import { RosterError } from '../../../shared/contract/errors';
import { TokenPairSchema, type UserId } from '../../../shared/domain/directory';
import type { Logger } from '../../common/logger';
import { keychainCall, parseKept, probeKeychain, tokenAccount, type Keychain } from '../../secrets/keychain';
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

const UserIdsSchema = z.array(z.number().int().positive());

async function readIndex(keychain: Keychain, instanceId: string): Promise<UserId[]> {
  return parseKept(await keychain.get(tokenIndexAccount(instanceId)), UserIdsSchema) ?? [];
}

/**
 * A remote directory whose generated token pairs are also kept in this
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

    async setEnabled(userId, enabled) {
      const user = await directory.setEnabled(userId, enabled);
      // The server drops a disabled user's token at once; so does the keychain.
      if (!enabled) await forget([userId]);
      return user;
    },

    async deleteUsers(userIds) {
      const deleted = await directory.deleteUsers(userIds);
      await forget(userIds);
      return deleted;
    },
  };
}

/** Removes every pair kept for an instance, and the index of them. */
export async function forgetAllTokens(keychain: Keychain, instanceId: string): Promise<void> {
  for (const userId of await readIndex(keychain, instanceId))
    await keychain.delete(tokenAccount(instanceId, userId));
  await keychain.delete(tokenIndexAccount(instanceId));
}
