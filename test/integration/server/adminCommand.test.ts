import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newUser, openDirectory } from '../directory/support/instanceDb';
import { useTempDirs } from '../directory/support/tempDirs';
import { apiClient, signIn, type ApiError } from './support/api';
import { observe } from './support/instanceFile';
import { runCli, startServer } from './support/serverProcess';

/**
 * `npm run server -- admin …`: creates the first administrator of a new file,
 * or makes an existing user an enabled, unlocked administrator with a new
 * password, for an owner who locked themselves out. Run as a real process.
 */

const { tempDir, onCleanup } = useTempDirs();
const TIMEOUT = { timeout: 60_000 };

const admin = (file: string, args: string[], options: Parameters<typeof runCli>[1] = {}) =>
  runCli(['admin', '--db', file, ...args], options);

describe('the admin command', () => {
  it(
    'creates the first administrator of a new file, with the password from the environment',
    TIMEOUT,
    async () => {
      const file = path.join(tempDir('roster-admin-'), 'new.sqlite');
      const result = await admin(file, ['--username', 'boss', '--email', 'boss@example.com'], {
        env: { ROSTER_ADMIN_PASSWORD: 'boss-password' },
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Created administrator boss');
      expect(result.stdout).not.toContain('boss-password');
      const observer = observe(file);
      onCleanup(() => observer.close());
      expect(observer.account('boss')).toMatchObject({
        role: 'administrator',
        failed_logins: 0,
        locked_until: null,
      });
      const [entry] = observer.audit('user.create');
      expect(entry?.actor).toMatch(/^cli:/);
      expect(JSON.parse(entry?.after ?? '{}')).toMatchObject({ username: 'boss', role: 'administrator' });
      expect(JSON.stringify(observer.db.prepare('SELECT * FROM audit_log').all())).not.toContain(
        'boss-password',
      );
    },
  );

  it(
    'resets a locked-out administrator from a password on stdin; the server then lets it in',
    TIMEOUT,
    async () => {
      const file = path.join(tempDir('roster-admin-'), 'locked.sqlite');
      const env = { ROSTER_ADMIN_PASSWORD: 'first-password' };
      expect((await admin(file, ['--username', 'owner', '--email', 'owner@example.com'], { env })).code).toBe(
        0,
      );

      const server = await startServer(['--db', file, '--max-failed-logins', '2']);
      onCleanup(() => void server.stop());
      const api = apiClient(server.url);
      const session = await signIn(api, 'owner', 'first-password');
      for (let attempt = 0; attempt < 2; attempt++)
        await api.call('POST', '/api/auth/token', { body: { username: 'owner', password: 'wrong-guess' } });
      const observer = observe(file);
      onCleanup(() => observer.close());
      expect(observer.account('owner')?.locked_until).not.toBeNull();
      // Locked: the right password gets the answer a wrong one gets.
      const refused = await api.call<ApiError>('POST', '/api/auth/token', {
        body: { username: 'owner', password: 'first-password' },
      });
      expect(refused.status).toBe(401);
      expect(refused.body.code).toBe('UNAUTHENTICATED');
      expect(observer.account('owner')).toMatchObject({ failed_logins: 2 });

      // While the server runs, as an owner would.
      const reset = await admin(file, ['--username', 'OWNER'], {
        input: 'second-password\n',
        env: { ROSTER_ADMIN_PASSWORD: undefined },
      });
      expect(reset.code).toBe(0);
      expect(reset.stdout).toContain('Reset administrator owner');
      expect(observer.account('owner')).toMatchObject({
        role: 'administrator',
        failed_logins: 0,
        locked_until: null,
      });
      // Sessions that may belong to whoever locked the owner out end.
      expect((await api.call('GET', '/api/auth/me', { token: session })).status).toBe(401);
      expect(
        (
          await api.call('POST', '/api/auth/token', {
            body: { username: 'owner', password: 'first-password' },
          })
        ).status,
      ).toBe(401);
      await signIn(api, 'owner', 'second-password');
      expect(observer.audit('user.resetAdmin')).toHaveLength(1);
    },
  );

  it(
    'makes an existing ordinary, disabled user an enabled administrator, keeping its other fields',
    TIMEOUT,
    async () => {
      const file = path.join(tempDir('roster-admin-'), 'promote.sqlite');
      const env = { ROSTER_ADMIN_PASSWORD: 'first-password' };
      expect((await admin(file, ['--username', 'first', '--email', 'first@example.com'], { env })).code).toBe(
        0,
      );
      const { directory } = openDirectory(file, { mode: 'open' });
      const ordinary = await directory.createUser({ ...newUser('second'), enabled: false });
      directory.close();
      const observer = observe(file);
      onCleanup(() => observer.close());
      expect(observer.account('second')?.role).toBe('user');

      const result = await admin(file, ['--username', 'second'], {
        env: { ROSTER_ADMIN_PASSWORD: 'second-pw' },
      });
      expect(result.code).toBe(0);
      expect(observer.account('second')?.role).toBe('administrator');
      const row = observer.db.prepare('SELECT * FROM users WHERE id = ?').get(ordinary.id) as Record<
        string,
        unknown
      >;
      expect(row).toMatchObject({ enabled: 1, email: ordinary.email, display_name: ordinary.displayName });
    },
  );

  it('refuses a password on the command line, and creates no file', TIMEOUT, async () => {
    const file = path.join(tempDir('roster-admin-'), 'argv.sqlite');
    const result = await admin(file, [
      '--username',
      'boss',
      '--email',
      'b@example.com',
      '--password',
      'visible1',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ROSTER_ADMIN_PASSWORD');
    expect(existsSync(file)).toBe(false);
  });

  it(
    'refuses a new user without an email, and a password the rules refuse, creating no file',
    TIMEOUT,
    async () => {
      const file = path.join(tempDir('roster-admin-'), 'rules.sqlite');
      const noEmail = await admin(file, ['--username', 'boss'], {
        env: { ROSTER_ADMIN_PASSWORD: 'good-password' },
      });
      expect(noEmail.code).toBe(1);
      expect(noEmail.stderr).toContain('give --email');
      const short = await admin(file, ['--username', 'boss', '--email', 'b@example.com'], {
        env: { ROSTER_ADMIN_PASSWORD: 'abc' },
      });
      expect(short.code).toBe(1);
      expect(short.stderr).toContain('5 to 20 characters');
      expect(existsSync(file)).toBe(false);
    },
  );
});

describe('starting the server', () => {
  it('refuses a file that does not exist, pointing at the admin command', TIMEOUT, async () => {
    const file = path.join(tempDir('roster-admin-'), 'missing.sqlite');
    const result = await runCli(['--db', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('does not exist');
    expect(result.stderr).toContain('admin --database');
    expect(existsSync(file)).toBe(false);
  });

  it('refuses an unknown flag with the usage', TIMEOUT, async () => {
    const result = await runCli(['--db', 'x.sqlite', '--verbose']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage:');
  });
});
