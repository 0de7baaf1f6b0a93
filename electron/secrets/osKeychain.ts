import { AsyncEntry, type EntryOptions } from '@napi-rs/keyring';
import { KeychainUnavailableError, SERVICE, type Keychain } from './keychain';

export { probeKeychain } from './keychain';

/** How each platform's store is named in messages, in words a user can search for. */
export function osKeychainBackend(platform: NodeJS.Platform = process.platform): string {
  switch (platform) {
    case 'linux':
      return 'Secret Service on Linux';
    case 'darwin':
      return 'Keychain on macOS';
    case 'win32':
      return 'Credential Manager on Windows';
    case 'freebsd':
    case 'openbsd':
      return `Secret Service on ${platform}`;
    default:
      return `the ${platform} credential store`;
  }
}

/**
 * On Linux, @napi-rs/keyring silently falls back from the Secret Service to the kernel keyring,
 * which lives in memory only and forgets everything at reboot (see its README, "Linux backend
 * selection"). Pinning the store makes a missing Secret Service an error we can show instead.
 * The option is ignored on other platforms.
 */
const ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } };

/**
 * The OS keychain through @napi-rs/keyring (keyring-rs over N-API): one binary loads in both Node
 * and Electron, unlike keytar, which is archived and needs a rebuild per ABI. The async entry runs
 * on libuv's thread pool, so a slow D-Bus call or an unlock prompt never blocks the main process.
 *
 * Every failure of the library (no Secret Service, no D-Bus session, a locked keyring, a refused
 * access) becomes a KeychainUnavailableError naming the backend and the library's reason; the
 * library's messages never contain the secret, and neither do ours.
 */
export function createOsKeychain(
  service: string = SERVICE,
  platform: NodeJS.Platform = process.platform,
): Keychain {
  const backend = osKeychainBackend(platform);

  async function call<T>(account: string, operation: (entry: AsyncEntry) => Promise<T>): Promise<T> {
    try {
      // Constructed per call: the constructor is where a missing Secret Service is detected, and
      // a keychain that comes back (a user unlocking it, a session bus starting) then just works.
      return await operation(new AsyncEntry(service, account, ENTRY_OPTIONS));
    } catch (error) {
      throw new KeychainUnavailableError(backend, reasonOf(error), { cause: error });
    }
  }

  return {
    backend,
    set: (account, secret) => call(account, (entry) => entry.setPassword(secret)),
    get: (account) => call(account, async (entry) => (await entry.getPassword()) ?? undefined),
    delete: (account) => call(account, (entry) => entry.deletePassword()),
  };
}

const reasonOf = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)) || 'unknown error';
