import type { Keychain } from '../../../../electron/secrets/keychain';

/**
 * A Map-backed Keychain for tests in which the keychain itself is not what is
 * tested (rules, CRUD, search). The keychain tests use the real OS keychain.
 */
export class MemoryKeychain implements Keychain {
  readonly backend = 'in-memory test keychain';
  readonly entries = new Map<string, string>();

  set(account: string, secret: string): Promise<void> {
    this.entries.set(account, secret);
    return Promise.resolve();
  }

  get(account: string): Promise<string | undefined> {
    return Promise.resolve(this.entries.get(account));
  }

  delete(account: string): Promise<boolean> {
    return Promise.resolve(this.entries.delete(account));
  }
}
