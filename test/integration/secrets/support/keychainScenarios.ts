import { execFileSync } from 'node:child_process';
import {
  KeychainUnavailableError,
  probeKeychain,
  type Keychain,
  type KeychainProbe,
} from '../../../../electron/secrets/keychain';
import { createOsKeychain } from '../../../../electron/secrets/osKeychain';

/** What a child process reports back: how each operation failed, and what the probe said. */
export interface FailureReport {
  backend: string;
  failures: { operation: string; unavailable: boolean; name: string; message: string; backend?: string }[];
  probe: KeychainProbe;
}

const SERVICE = 'Roster scenario';
const SECRET = 'scenario-secret-never-in-a-message';
const ACCOUNT = 'instance:scenario/user:1/token';

async function reportFailures(keychain: Keychain): Promise<FailureReport> {
  const operations: [string, () => Promise<unknown>][] = [
    ['set', () => keychain.set(ACCOUNT, SECRET)],
    ['get', () => keychain.get(ACCOUNT)],
    ['delete', () => keychain.delete(ACCOUNT)],
  ];
  const failures: FailureReport['failures'] = [];
  for (const [operation, run] of operations) {
    try {
      await run();
      failures.push({ operation, unavailable: false, name: 'none', message: 'succeeded' });
    } catch (error) {
      failures.push({
        operation,
        unavailable: error instanceof KeychainUnavailableError,
        name: error instanceof Error ? error.name : typeof error,
        message: error instanceof Error ? error.message : String(error),
        ...(error instanceof KeychainUnavailableError && { backend: error.backend }),
      });
    }
  }
  return { backend: keychain.backend, failures, probe: await probeKeychain(keychain) };
}

/** Scenarios that need a process of their own: a broken session bus, a keyring locked for good. */
export const scenarios = {
  /** Run with DBUS_SESSION_BUS_ADDRESS pointing at a socket that does not exist. */
  unreachable: () => reportFailures(createOsKeychain(SERVICE)),

  /**
   * Run under scripts/with-keyring.sh: stores an entry, then locks the private keyring, which no
   * one can unlock again (there is no prompter), so reading, replacing and deleting it all fail.
   */
  async locked() {
    const keychain = createOsKeychain(SERVICE);
    await keychain.set(ACCOUNT, SECRET);
    execFileSync('dbus-send', [
      '--session',
      '--print-reply',
      '--dest=org.freedesktop.secrets',
      '/org/freedesktop/secrets',
      'org.freedesktop.Secret.Service.Lock',
      'array:objpath:/org/freedesktop/secrets/collection/login',
    ]);
    return reportFailures(keychain);
  },
};
