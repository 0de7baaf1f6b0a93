import type { UserId } from '../../../../shared/domain/directory';
import type { Sql } from '../../../database/postgres/sql';
import { keychainCall, tokenAccount } from '../../../secrets/keychain';
import type { KeptSecrets } from '../local/bulkWork';
import { apiKeyValues } from '../rules/apiKeyValues';
import { apiKeysOfUser } from './apiKeysTable';
import type { DirectoryContext } from './directoryContext';
import { tokenInfo } from './tokensTable';

/**
 * What a user leaves in this machine's keychain (a generated pair, the values of API keys), read
 * in the write that removes them and forgotten once it committed.
 */
export function createKeptSecrets({ keychain, instanceId, logger }: DirectoryContext) {
  const keyValues = apiKeyValues(keychain, instanceId, logger);
  const forgetToken = async (userId: UserId): Promise<void> => {
    await keychainCall(() => keychain.delete(tokenAccount(instanceId, userId)));
  };
  const keptSecretsOf = async (tx: Sql, id: UserId, withKeys = true): Promise<KeptSecrets[number]> => ({
    id,
    token: (await tokenInfo(tx, id)) !== null,
    keyIds: withKeys ? (await apiKeysOfUser(tx, id)).map((key) => key.id) : [],
  });
  return {
    forgetToken,
    keptSecretsOf,
    /** What each of `ids` that still exists leaves (a bulk or import chunk's users). */
    async keptSecretsOfAll(tx: Sql, ids: readonly UserId[], withKeys: boolean): Promise<KeptSecrets> {
      const existing = await tx.rows<{ id: number }>(
        'SELECT id FROM users WHERE id = ANY($1::int[]) ORDER BY array_position($1::int[], id)',
        [ids],
      );
      const kept = [];
      for (const { id } of existing) kept.push(await keptSecretsOf(tx, id, withKeys));
      return kept;
    },
    async forgetSecrets(kept: KeptSecrets): Promise<void> {
      for (const { id, token, keyIds } of kept) {
        if (token) await forgetToken(id);
        await keyValues.forget(id, keyIds);
      }
    },
  };
}
