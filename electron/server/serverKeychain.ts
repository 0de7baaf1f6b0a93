import type { Keychain } from '../secrets/keychain';

/**
 * The instance server runs where no OS keychain may exist and has no one to
 * hand a stored pair to later: a generated token pair is answered once and
 * only its hashes are kept (in the tokens table). This keychain stores nothing,
 * so the local directory's token calls work unchanged on top of it.
 */
export const serverKeychain: Keychain = {
  backend: 'none (the instance server answers a generated token pair once and keeps only its hashes)',
  set: () => Promise.resolve(),
  get: () => Promise.resolve(undefined),
  delete: () => Promise.resolve(false),
};
