import { execFile, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { probeKeychain, tokenAccount } from '../../../electron/secrets/keychain';
import { createOsKeychain } from '../../../electron/secrets/osKeychain';
import { newTokenPair } from '../../../electron/secrets/tokenSecrets';
import { useTempDirs } from '../../unit/support/tempDir';
import type { FailureReport } from './support/keychainScenarios';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const withKeyring = path.join(repoRoot, 'scripts/with-keyring.sh');
const launcher = path.join(here, 'support/runScenario.mjs');
const scenarioFile = path.join(here, 'support/keychainScenarios.ts');

/** Set by scripts/with-keyring.sh, which gives this process a private, unlocked gnome-keyring (so: Linux). */
const underKeyring = process.env.ROSTER_TEST_KEYRING === '1';
const onLinux = process.platform === 'linux';
const SKIP_REASON = 'skipped: needs a real keychain, run under `bash scripts/with-keyring.sh npx vitest run`';

const tempDir = useTempDirs();

/** The Secret Service items carrying these attributes (keyring-rs stores "service" and "username"). */
function secretServiceItems(attributes: Record<string, string>): string[] {
  const dict = Object.entries(attributes)
    .flat()
    .map((part) => part.replaceAll(',', '\\,'))
    .join(',');
  const reply = execFileSync(
    'dbus-send',
    [
      '--session',
      '--print-reply',
      '--dest=org.freedesktop.secrets',
      '/org/freedesktop/secrets',
      'org.freedesktop.Secret.Service.SearchItems',
      `dict:string:string:${dict}`,
    ],
    { encoding: 'utf8' },
  );
  return [...reply.matchAll(/object path "([^"]+)"/g)].map((match) => match[1] ?? '');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

async function runScenario(
  name: string,
  options: { env: NodeJS.ProcessEnv; cwd: string; viaKeyringScript?: boolean },
) {
  const node = [process.execPath, launcher, scenarioFile, name];
  const [command, ...args] = options.viaKeyringScript ? ['bash', withKeyring, ...node] : node;
  const { stdout } = await run(command ?? 'node', args, {
    env: options.env,
    cwd: options.cwd,
    timeout: 60_000,
  });
  return JSON.parse(stdout) as FailureReport;
}

describe.skipIf(!underKeyring)(
  `the OS keychain against a real gnome-keyring${underKeyring ? '' : ` (${SKIP_REASON})`}`,
  () => {
    // A service of its own per run, so that nothing here can meet another test's entries.
    const service = `Roster test ${randomUUID()}`;
    const keychain = createOsKeychain(service);

    it('is the Secret Service on Linux', () => {
      expect(keychain.backend).toBe('Secret Service on Linux');
    });

    it('round-trips a secret, and stores it in the Secret Service itself', async () => {
      const secret = 'pässwörd with spaces, "quotes" and ünïcode ✓';
      await keychain.set('round-trip', secret);
      expect(await keychain.get('round-trip')).toBe(secret);
      // In gnome-keyring, under this service and account: not in a file, not in the kernel keyring.
      expect(secretServiceItems({ service, username: 'round-trip' })).toHaveLength(1);
      expect(secretServiceItems({ service: 'Roster', username: 'round-trip' })).toEqual([]);
    });

    it('replaces a secret on overwrite', async () => {
      await keychain.set('overwrite', 'first');
      await keychain.set('overwrite', 'second');
      expect(await keychain.get('overwrite')).toBe('second');
    });

    it('deletes: true while there was an entry, then false, and the entry is gone', async () => {
      await keychain.set('to-delete', 'doomed');
      expect(await keychain.delete('to-delete')).toBe(true);
      expect(await keychain.get('to-delete')).toBeUndefined();
      expect(await keychain.delete('to-delete')).toBe(false);
    });

    it('gets undefined for an account that was never written', async () => {
      expect(await keychain.get(`never-written-${randomUUID()}`)).toBeUndefined();
    });

    it('reports the keychain available, and the probe leaves nothing behind', async () => {
      const probed = `Roster probe ${randomUUID()}`;
      expect(await probeKeychain(createOsKeychain(probed))).toEqual({ available: true });
      expect(secretServiceItems({ service: probed })).toEqual([]);
    });

    it("round-trips a user's token pair and removes it with the user, leaving other users' entries", async () => {
      const tokenService = `Roster tokens ${randomUUID()}`;
      const tokens = createOsKeychain(tokenService);
      const instance = randomUUID();
      const pair = newTokenPair(new Date(), { accessSeconds: 3600, refreshSeconds: 86_400 });
      await tokens.set(tokenAccount(instance, 7), JSON.stringify(pair));
      await tokens.set(
        tokenAccount(instance, 8),
        JSON.stringify(newTokenPair(new Date(), { accessSeconds: 1, refreshSeconds: 2 })),
      );
      await tokens.set(tokenAccount(randomUUID(), 7), 'same user id, other instance');

      expect(JSON.parse((await tokens.get(tokenAccount(instance, 7))) ?? 'null')).toEqual(pair);
      expect(secretServiceItems({ service: tokenService, username: tokenAccount(instance, 7) })).toHaveLength(
        1,
      );

      // Deleting user 7 of this instance removes its entry and nothing else.
      expect(await tokens.delete(tokenAccount(instance, 7))).toBe(true);
      expect(await tokens.get(tokenAccount(instance, 7))).toBeUndefined();
      expect(secretServiceItems({ service: tokenService, username: tokenAccount(instance, 7) })).toEqual([]);
      expect(await tokens.get(tokenAccount(instance, 8))).toBeDefined();
      expect(secretServiceItems({ service: tokenService })).toHaveLength(2);
    });

    it('fails with a clear KeychainUnavailableError when the keyring is locked', async () => {
      // In a keyring of its own (the script nests): locking this run's keyring would break the others.
      const report = await runScenario('locked', { env: process.env, cwd: repoRoot, viaKeyringScript: true });
      expect(report.failures.map((failure) => failure.operation)).toEqual(['set', 'get', 'delete']);
      for (const failure of report.failures) {
        expect(failure).toMatchObject({ unavailable: true, name: 'KeychainUnavailableError' });
        expect(failure.message).toMatch(
          /^The OS keychain \(Secret Service on Linux\) is not available: .*unlock/,
        );
        expect(failure.message).not.toContain('scenario-secret');
      }
      expect(report.probe).toMatchObject({ available: false });
    });
  },
);

describe.skipIf(!onLinux)('the OS keychain when no Secret Service can be reached', () => {
  it('fails every call with KeychainUnavailableError naming the backend, and writes no file', async () => {
    const scratch = tempDir();
    const home = path.join(scratch, 'home');
    const cwd = path.join(scratch, 'cwd');
    mkdirSync(home);
    mkdirSync(cwd);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: home,
      XDG_DATA_HOME: path.join(home, '.local/share'),
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_CACHE_HOME: path.join(home, '.cache'),
      XDG_RUNTIME_DIR: path.join(scratch, 'run'),
      DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(scratch, 'no-such-bus')}`,
    };

    const report = await runScenario('unreachable', { env, cwd });

    expect(report.backend).toBe('Secret Service on Linux');
    expect(report.failures).toHaveLength(3);
    for (const failure of report.failures) {
      expect(failure).toMatchObject({
        unavailable: true,
        name: 'KeychainUnavailableError',
        backend: 'Secret Service on Linux',
      });
      expect(failure.message).toMatch(
        /^The OS keychain \(Secret Service on Linux\) is not available: .*no-such-bus/,
      );
      expect(failure.message).not.toContain('scenario-secret');
    }
    expect(report.probe).toEqual({ available: false, reason: report.failures[0]?.message });
    // No silent fallback: nothing was written in the child's home, XDG folders or working folder.
    expect(filesUnder(scratch)).toEqual([]);
  });
});
