import type { Keychain } from '../../electron/secrets/keychain';

/** Benchmarks make no token: a keychain that refuses every call makes sure none is made. */
export const noKeychain: Keychain = {
  backend: 'none (benchmark)',
  set: () => Promise.reject(new Error('not used')),
  get: () => Promise.reject(new Error('not used')),
  delete: () => Promise.reject(new Error('not used')),
};
