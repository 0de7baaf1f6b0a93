import { RosterError } from '../../../../shared/contract/errors';
import {
  TokenPairSchema,
  type CreateOptions,
  type TokenPair,
  type UserId,
} from '../../../../shared/domain/directory';
import { keychainCall, parseKept, tokenAccount } from '../../../secrets/keychain';
import { DEFAULT_TOKEN_TTL, newTokenPair, tokenHashesOf } from '../../../secrets/tokenSecrets';
import { tokenGenerateEntry, tokenRevokeEntry } from '../rules/directoryAudit';
import { keepGeneratedPair } from '../rules/keptTokenPair';
import type { DirectoryParts } from './directoryParts';
import type { createKeptSecrets } from './keptSecrets';
import { deleteTokenHashes, replaceTokenHashes, tokenInfo } from './tokensTable';

/**
 * A user's generated token pair: the database keeps its hashes, this machine's keychain the pair,
 * so that the admin who generated it can show it again (as the SQLite directory does).
 */
export function createTokenPairs(parts: DirectoryParts, secrets: ReturnType<typeof createKeptSecrets>) {
  const { context, idempotency, idempotent, requireUser, manageableUser } = parts;
  const { database, keychain, instanceId, now, audit } = context;

  return {
    async generateToken(userId: UserId, options?: CreateOptions): Promise<TokenPair> {
      const call = idempotent('generateToken', { userId }, options);
      const earlier = call && (await idempotency.replay(database.sql, call, TokenPairSchema));
      if (earlier) return earlier;
      const user = await manageableUser(database.sql, userId);
      if (user.enabled !== 1)
        throw new RosterError('CONFLICT', `Enable ${user.username} before generating a token.`, 'userId');
      const fresh = newTokenPair(now(), context.tokenTtl ?? DEFAULT_TOKEN_TTL);
      return keepGeneratedPair(keychain, tokenAccount(instanceId, userId), fresh, () =>
        database.write(async (tx) => {
          const replayed = call && (await idempotency.replay(tx, call, TokenPairSchema));
          if (replayed) return replayed;
          await requireUser(tx, userId);
          const replaced = await tokenInfo(tx, userId);
          await replaceTokenHashes(tx, userId, tokenHashesOf(fresh));
          await audit(tx, tokenGenerateEntry(userId, replaced, await tokenInfo(tx, userId)));
          if (call) await idempotency.remember(tx, call, fresh);
          return fresh;
        }),
      );
    },

    async readToken(userId: UserId): Promise<TokenPair | null> {
      const held = await database.snapshot(async (tx) => {
        await requireUser(tx, userId);
        return (await tokenInfo(tx, userId)) !== null;
      });
      if (!held) return null;
      const stored = await keychainCall(() => keychain.get(tokenAccount(instanceId, userId)));
      return parseKept(stored, TokenPairSchema) ?? null;
    },

    async revokeToken(userId: UserId): Promise<void> {
      await database.write(async (tx) => {
        await manageableUser(tx, userId);
        const revoked = await tokenInfo(tx, userId);
        if ((await deleteTokenHashes(tx, userId)) && revoked)
          await audit(tx, tokenRevokeEntry(userId, revoked));
      });
      await secrets.forgetToken(userId);
    },
  };
}
