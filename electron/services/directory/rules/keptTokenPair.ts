import type { TokenPair } from '../../../../shared/domain/directory';
import { keychainCall, type Keychain } from '../../../secrets/keychain';

/**
 * A newly generated pair, kept in this machine's keychain before `store` writes its hashes, so that
 * a pair in force always has its value at hand. A failed store puts the keychain back as it was
 * (should that fail too, the stray pair is harmless: readToken trusts the keychain only for users
 * the database says have a token). When `store` answers an earlier pair (the same Idempotency-Key
 * sent twice at once), that one is in force, and the keychain keeps it.
 */
export async function keepGeneratedPair(
  keychain: Keychain,
  account: string,
  fresh: TokenPair,
  store: () => Promise<TokenPair>,
): Promise<TokenPair> {
  const previous = await keychainCall(() => keychain.get(account));
  await keychainCall(() => keychain.set(account, JSON.stringify(fresh)));
  let pair: TokenPair;
  try {
    pair = await store();
  } catch (error) {
    await (previous === undefined ? keychain.delete(account) : keychain.set(account, previous)).catch(
      () => undefined,
    );
    throw error;
  }
  if (pair !== fresh) await keychainCall(() => keychain.set(account, JSON.stringify(pair)));
  return pair;
}
