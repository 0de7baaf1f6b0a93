import { describe, expect, it } from 'vitest';
import {
  KeychainUnavailableError,
  probeKeychain,
  SERVICE,
  tokenAccount,
  type Keychain,
} from '../../../electron/secrets/keychain';
import { osKeychainBackend } from '../../../electron/secrets/osKeychain';

/** An in-memory stand-in, to test the probe's logic; the real keychain is in osKeychain.test.ts. */
function memoryKeychain(overrides: Partial<Keychain> = {}): Keychain & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    backend: 'memory',
    entries,
    set: (account, secret) => Promise.resolve(void entries.set(account, secret)),
    get: (account) => Promise.resolve(entries.get(account)),
    delete: (account) => Promise.resolve(entries.delete(account)),
    ...overrides,
  };
}

describe('keychain primitives', () => {
  it('stores everything under the service "Roster"', () => {
    expect(SERVICE).toBe('Roster');
  });

  it('names a token account by instance and user', () => {
    expect(tokenAccount('3f0c6a9e-1c1b-4a8e-9f0e-5a7d2b1c0d9e', 42)).toBe(
      'instance:3f0c6a9e-1c1b-4a8e-9f0e-5a7d2b1c0d9e/user:42/token',
    );
    expect(tokenAccount('a', 1)).not.toBe(tokenAccount('a', 11));
  });

  it('refuses ids that would make the account ambiguous', () => {
    expect(() => tokenAccount('', 1)).toThrow(RangeError);
    expect(() => tokenAccount('a/user:2', 1)).toThrow(RangeError);
    expect(() => tokenAccount('a', '1/x')).toThrow(RangeError);
    expect(() => tokenAccount('a', '')).toThrow(RangeError);
  });

  it('says which backend failed and why', () => {
    const cause = new Error('DBus error: no bus');
    const error = new KeychainUnavailableError('Secret Service on Linux', 'DBus error: no bus', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('KeychainUnavailableError');
    expect(error.message).toBe(
      'The OS keychain (Secret Service on Linux) is not available: DBus error: no bus',
    );
    expect(error).toMatchObject({ backend: 'Secret Service on Linux', reason: 'DBus error: no bus', cause });
  });

  it('names each platform’s store', () => {
    expect(osKeychainBackend('linux')).toBe('Secret Service on Linux');
    expect(osKeychainBackend('darwin')).toBe('Keychain on macOS');
    expect(osKeychainBackend('win32')).toBe('Credential Manager on Windows');
    expect(osKeychainBackend('aix')).toBe('the aix credential store');
  });
});

describe('probeKeychain', () => {
  it('reports a working keychain available and removes its probe entry', async () => {
    const keychain = memoryKeychain();
    expect(await probeKeychain(keychain)).toEqual({ available: true });
    expect(keychain.entries.size).toBe(0);
  });

  it('reports the failure message when the keychain cannot be used', async () => {
    const failure = new KeychainUnavailableError('memory', 'locked');
    const keychain = memoryKeychain({ set: () => Promise.reject(failure) });
    expect(await probeKeychain(keychain)).toEqual({ available: false, reason: failure.message });
  });

  it('reports a keychain that reads back something else, and still deletes the probe', async () => {
    const keychain = memoryKeychain();
    const broken = { ...keychain, get: () => Promise.resolve('something else') };
    const probe = await probeKeychain(broken);
    expect(probe).toEqual({
      available: false,
      reason: 'The OS keychain (memory) did not return what was stored.',
    });
    expect(keychain.entries.size).toBe(0);
  });
});
