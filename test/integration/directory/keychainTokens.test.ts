import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConsoleLogger } from '../../../electron/common/logger';
import { tokenAccount, type Keychain } from '../../../electron/secrets/keychain';
import { createOsKeychain } from '../../../electron/secrets/osKeychain';
import { hashToken } from '../../../electron/secrets/tokenSecrets';
import { isFinished } from '../../../shared/domain/bulk';
import type { TokenPair, UserDetail } from '../../../shared/domain/directory';
import { openTestCore, valueOf, type TestCore } from './support/rosterCore';
import { STORAGE, type StorageLook } from './support/storage';
import { useTempDirs } from './support/tempDirs';

/**
 * Tokens against the real OS keychain: gnome-keyring's Secret Service on a
 * private D-Bus session started by scripts/with-keyring.sh. The plain pair
 * lives only there; the database (this run's storage) keeps SHA-256 hashes;
 * nothing logs a token.
 */

const underKeyring = process.env.ROSTER_TEST_KEYRING === '1';
const SKIP_REASON =
  'skipped: needs a real keychain, run under `bash scripts/with-keyring.sh npx vitest run test/integration/directory`';

const { tempDir, onCleanup } = useTempDirs();

describe.skipIf(!underKeyring)(
  `tokens in the real OS keychain${underKeyring ? '' : ` (${SKIP_REASON})`}`,
  () => {
    // A service of its own per run, so that nothing here meets another run's or another test's entries.
    const service = `Roster directory test ${randomUUID()}`;
    let keychain: Keychain;
    /** A second client of the same store, to look at entries without going through the directory. */
    let inspector: Keychain;
    let t: TestCore;
    let observer: StorageLook;
    let logged: string[];
    let user: UserDetail;

    const account = (userId: number) => tokenAccount(t.instanceId, userId);
    const stored = async (userId: number) => {
      const text = await inspector.get(account(userId));
      return text === undefined ? undefined : (JSON.parse(text) as TokenPair);
    };
    const tokenRow = async (userId: number) =>
      (
        await observer.query<{ access_hash: string; refresh_hash: string; created_at: string }>(
          'SELECT * FROM tokens WHERE user_id = ?',
          [userId],
        )
      )[0];
    const createUser = async (username: string) =>
      valueOf(
        await t.call('directory.users.create', {
          user: {
            username,
            password: `${username}-pw`,
            displayName: `User ${username}`,
            email: `${username}@x.io`,
          },
        }),
      );
    const generate = async (userId: number) => valueOf(await t.call('directory.tokens.generate', { userId }));

    /** Everything written to the console or to stdout/stderr while `run` runs, as text. */
    function captureOutput() {
      const lines: string[] = [];
      const record = (...args: unknown[]) => {
        lines.push(
          args
            .map((arg) => (arg instanceof Error ? `${arg.message}\n${arg.stack ?? ''}` : String(arg)))
            .join(' '),
        );
      };
      for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const)
        vi.spyOn(console, method).mockImplementation(record);
      for (const stream of [process.stdout, process.stderr]) {
        const write = stream.write.bind(stream);
        vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
          lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
          return (write as (chunk: string | Uint8Array, ...args: unknown[]) => boolean)(chunk, ...rest);
        });
      }
      return lines;
    }

    beforeEach(async () => {
      keychain = createOsKeychain(service);
      inspector = createOsKeychain(service);
      logged = captureOutput();
      t = await openTestCore(tempDir(), {
        keychain,
        logger: createConsoleLogger('roster-test'),
        onRunStorage: true,
      });
      onCleanup(() => t.close());
      // The first user becomes the administrator, who may not be disabled or deleted.
      await createUser('admin');
      user = await createUser('tokenholder');
      observer = await t.look();
    });

    afterEach(() => {
      vi.restoreAllMocks();
    });

    it('uses the Secret Service, and the directory reports it available', async () => {
      expect(valueOf(await t.call('directory.status', {}))).toEqual({
        keychain: { available: true, backend: 'Secret Service on Linux' },
        // The owner of a local instance acts as its Administrator.
        role: 'administrator',
        // A local instance has no server, so no mail server either.
        invitationMail: false,
      });
      // The capture works: opening the instance was logged through the console logger.
      expect(logged.join('\n')).toContain('opened instance');
    });

    it('generates a pair kept in the keychain under tokenAccount(instanceId, userId); the database keeps hashes', async () => {
      const pair = await generate(user.id);
      expect(pair.accessToken).not.toBe(pair.refreshToken);
      expect(valueOf(await t.call('directory.tokens.read', { userId: user.id }))).toEqual(pair);
      expect(await stored(user.id)).toEqual(pair);

      const row = await tokenRow(user.id);
      expect(row).toMatchObject({
        access_hash: hashToken(pair.accessToken),
        refresh_hash: hashToken(pair.refreshToken),
        created_at: pair.createdAt,
      });
      expect(row?.access_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row?.refresh_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(Object.values(row ?? {})).not.toContain(pair.accessToken);
      expect(valueOf(await t.call('directory.users.get', { userId: user.id })).token).toEqual({
        createdAt: pair.createdAt,
        accessExpiresAt: pair.accessExpiresAt,
        refreshExpiresAt: pair.refreshExpiresAt,
      });
    });

    it('replaces the pair on regeneration: the old one is neither returned nor stored', async () => {
      const old = await generate(user.id);
      const oldRow = await tokenRow(user.id);
      const fresh = await generate(user.id);
      expect(fresh.accessToken).not.toBe(old.accessToken);
      expect(fresh.refreshToken).not.toBe(old.refreshToken);

      const read = valueOf(await t.call('directory.tokens.read', { userId: user.id }));
      expect(read).toEqual(fresh);
      expect(await stored(user.id)).toEqual(fresh);
      const row = await tokenRow(user.id);
      expect(row?.access_hash).toBe(hashToken(fresh.accessToken));
      expect(row?.access_hash).not.toBe(oldRow?.access_hash);
      expect(row?.refresh_hash).not.toBe(oldRow?.refresh_hash);
      expect((await observer.state()).counts.tokens).toBe(1);
    });

    it('drops the token row and the keychain entry when the user is disabled', async () => {
      await generate(user.id);
      expect(await stored(user.id)).toBeDefined();
      const disabled = valueOf(
        await t.call('directory.users.setEnabled', { userId: user.id, enabled: false }),
      );
      expect(disabled.token).toBeNull();
      expect(await tokenRow(user.id)).toBeUndefined();
      expect(await inspector.get(account(user.id))).toBeUndefined();
      expect(valueOf(await t.call('directory.tokens.read', { userId: user.id }))).toBeNull();
    });

    it('drops the token row and the keychain entry when an import disables the user', async () => {
      await generate(user.id);
      expect(await stored(user.id)).toBeDefined();
      const file = valueOf(
        await t.call('directory.import.read', {
          fileName: 'disable.csv',
          text: `Username,Enabled\r\n${user.username},no\r\n`,
        }),
      );
      const started = valueOf(
        await t.call('directory.import.start', {
          fileId: file.fileId,
          mapping: { username: 0, enabled: 1 },
          options: { newUsers: 'invite', expiresInHours: 24, sendEmail: false },
        }),
      );
      let status = started;
      while (!isFinished(status)) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        status = valueOf(await t.call('directory.import.status', { jobId: started.id }));
      }
      expect(status).toMatchObject({ state: 'done', updated: 1 });
      expect(await tokenRow(user.id)).toBeUndefined();
      await expect.poll(() => inspector.get(account(user.id))).toBeUndefined();
    });

    it('drops the keychain entry when the user is deleted, and leaves other users’ entries', async () => {
      const other = await createUser('bystander');
      await generate(user.id);
      const kept = await generate(other.id);
      expect(valueOf(await t.call('directory.users.delete', { userIds: [user.id] }))).toEqual({ deleted: 1 });
      expect(await inspector.get(account(user.id))).toBeUndefined();
      expect(await stored(other.id)).toEqual(kept);
      expect((await observer.state()).counts.tokens).toBe(1);
      await inspector.delete(account(other.id));
    });

    it('drops both on revoke', async () => {
      await generate(user.id);
      expect(valueOf(await t.call('directory.tokens.revoke', { userId: user.id }))).toBeNull();
      expect(await tokenRow(user.id)).toBeUndefined();
      expect(await inspector.get(account(user.id))).toBeUndefined();
      expect(valueOf(await t.call('directory.tokens.read', { userId: user.id }))).toBeNull();
    });

    it('never stores a plain token in any row of the instance, or logs one', async () => {
      const pairs = [await generate(user.id), await generate(user.id)];
      valueOf(await t.call('directory.tokens.read', { userId: user.id }));
      valueOf(await t.call('directory.users.get', { userId: user.id }));
      const tables = await observer.query<{ name: string }>(
        t.storage === 'sqlite'
          ? "SELECT name FROM sqlite_master WHERE type = 'table'"
          : 'SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()',
      );
      expect(tables.map((table) => table.name)).toContain('tokens');
      let stored = '';
      for (const { name } of tables) stored += JSON.stringify(await observer.query(`SELECT * FROM ${name}`));
      // The hashes are there instead, which shows the scan reads the rows.
      expect(stored).toContain(hashToken(pairs[1]?.accessToken ?? ''));
      const text = logged.join('\n');
      for (const secret of pairs.flatMap((pair) => [pair.accessToken, pair.refreshToken])) {
        expect(stored).not.toContain(secret);
        expect(text).not.toContain(secret);
      }
      await inspector.delete(account(user.id));
    });

    it.runIf(STORAGE === 'sqlite')(
      'never writes a plain token to the database file, its WAL, or the log',
      async () => {
        const pairs = [await generate(user.id), await generate(user.id)];
        // Exercise the other token paths too, with logging on.
        valueOf(await t.call('directory.tokens.read', { userId: user.id }));
        valueOf(await t.call('directory.users.get', { userId: user.id }));
        const secrets = pairs.flatMap((pair) => [pair.accessToken, pair.refreshToken]);

        const files = [t.file, `${t.file}-wal`, `${t.file}-shm`].filter((file) => existsSync(file));
        expect(files).toContain(`${t.file}-wal`);
        const scan = () => {
          for (const file of files.filter((name) => existsSync(name))) {
            const bytes = readFileSync(file);
            for (const secret of secrets)
              expect(bytes.includes(Buffer.from(secret, 'utf8')), file).toBe(false);
          }
        };
        scan();
        // The hashes are there instead (in the WAL until a checkpoint), which shows the scan reads real bytes.
        const everything = Buffer.concat(files.map((file) => readFileSync(file)));
        expect(everything.includes(Buffer.from(hashToken(pairs[1]?.accessToken ?? ''), 'utf8'))).toBe(true);

        // Closing checkpoints the WAL into the file: still no plain token.
        await t.close();
        scan();
        const text = logged.join('\n');
        for (const secret of secrets) expect(text).not.toContain(secret);
        await inspector.delete(account(user.id));
      },
    );
  },
);
