import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openInstanceDatabase } from '../../../electron/database/openDatabase';
import { writeOnSqlite } from '../../../electron/database/portable/sqliteRunner';
import {
  addressKey,
  giveBackAddressAttempt,
  takeAddressAttempt,
  type AddressLimit,
} from '../../../electron/services/signIn/addressLimits';
import { NATIVE_DIR } from '../directory/support/instanceDb';
import { useTempDirs } from '../directory/support/tempDirs';
import { createRouter } from '../../../electron/server/router';
import { endpoint, type Endpoint } from '../../../shared/api/endpoint';
import { parseServerOptions } from '../../../electron/server/serverOptions';

/** The server's small parts on their own: options, the address limiter, the router. */

describe('parseServerOptions', () => {
  it('serves on 127.0.0.1:8080 with the documented defaults', () => {
    expect(parseServerOptions(['--db', 'a.sqlite'])).toEqual({
      command: 'serve',
      database: 'a.sqlite',
      host: '127.0.0.1',
      port: 8080,
      allowInsecureHttp: false,
      trustProxy: false,
      shutdownGraceMs: 10_000,
      logLevel: 'info',
      lockout: { maxFailures: 5, lockMs: 15 * 60_000 },
      addressLimit: { maxFailures: 20, windowMs: 15 * 60_000 },
      tokenTtl: { accessSeconds: 3600, refreshSeconds: 30 * 24 * 3600, familySeconds: 90 * 24 * 3600 },
      bodyLimit: 256 * 1024,
      jobStaleMs: 120_000,
    });
  });

  it('takes every flag', () => {
    const options = parseServerOptions([
      '--db=b.sqlite',
      '--host',
      '0.0.0.0',
      '--port',
      '0',
      '--tls-cert',
      'c.pem',
      '--tls-key',
      'k.pem',
      '--max-failed-logins',
      '3',
      '--lock-minutes',
      '0.01',
      '--address-limit',
      '7',
      '--address-window-minutes',
      '2',
      '--access-ttl',
      '60',
      '--refresh-ttl',
      '600',
      '--family-ttl',
      '7200',
      '--body-limit',
      '4096',
      '--job-timeout',
      '5',
      '--allow-insecure-http',
      '--trust-proxy',
      '--shutdown-grace',
      '3',
      '--log-level',
      'warn',
    ]);
    expect(options).toEqual({
      command: 'serve',
      database: 'b.sqlite',
      host: '0.0.0.0',
      port: 0,
      tls: { certFile: 'c.pem', keyFile: 'k.pem' },
      allowInsecureHttp: true,
      trustProxy: true,
      shutdownGraceMs: 3000,
      logLevel: 'warn',
      lockout: { maxFailures: 3, lockMs: 600 },
      addressLimit: { maxFailures: 7, windowMs: 120_000 },
      tokenTtl: { accessSeconds: 60, refreshSeconds: 600, familySeconds: 7200 },
      bodyLimit: 4096,
      jobStaleMs: 5000,
    });
  });

  it('parses the admin command', () => {
    expect(
      parseServerOptions(['admin', '--db', 'a.sqlite', '--username', 'boss', '--display-name', 'The Boss']),
    ).toEqual({ command: 'admin', database: 'a.sqlite', username: 'boss', displayName: 'The Boss' });
  });

  it.each([
    [[], /--database is required/],
    [['--db', 'a', '--database', 'b'], /not both/],
    [['--database', 'postgres://roster:secret@db.example.org/roster'], /PGPASSWORD/],
    [['--db', 'a', '--port', '70000'], /Not a port number/],
    [['--db', 'a', '--port', '-1'], /./],
    [['--db', 'a', '--lock-minutes', '0'], /--lock-minutes/],
    [['--db', 'a', '--lock-minutes', 'soon'], /--lock-minutes/],
    [['--db', 'a', '--max-failed-logins', '0'], /--max-failed-logins/],
    [['--db', 'a', '--address-limit', '1.5'], /--address-limit/],
    [['--db', 'a', '--body-limit', '10'], /--body-limit/],
    [['--db', 'a', '--job-timeout', '0'], /--job-timeout/],
    [['--db', 'a', '--tls-key', 'k.pem'], /together/],
    [['--db', 'a', '--nope'], /Unknown option/],
    [['--db', 'a', '--log-level', 'loud'], /--log-level/],
    [['admin', '--db', 'a'], /--username is required/],
    [['admin', '--db', 'a', '--username', 'u', '--password', 'p'], /ROSTER_ADMIN_PASSWORD/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseServerOptions(argv)).toThrow(message);
  });
});

describe('parseServerOptions: where the instance is', () => {
  it('takes a PostgreSQL address with --database, and from ROSTER_DATABASE_URL when none is given', () => {
    expect(parseServerOptions(['--database', 'postgres://roster@db.example.org/team'])).toMatchObject({
      database: 'postgres://roster@db.example.org/team',
    });
    const env = { ROSTER_DATABASE_URL: 'postgresql://roster:secret@db.example.org/team' };
    expect(parseServerOptions([], env)).toMatchObject({ database: env.ROSTER_DATABASE_URL });
    expect(parseServerOptions(['--db', 'team.sqlite'], env)).toMatchObject({ database: 'team.sqlite' });
    expect(parseServerOptions(['admin', '--username', 'boss'], env)).toMatchObject({
      command: 'admin',
      database: env.ROSTER_DATABASE_URL,
    });
  });
});

describe('parseServerOptions: invitation links and mail', () => {
  const SMTP = { ROSTER_SMTP_URL: 'smtps://roster:secret@mail.example.org:465' };

  it('neither links to a public address nor mails by default, even with ROSTER_SMTP_URL set', () => {
    const options = parseServerOptions(['--db', 'a'], SMTP);
    expect(options).not.toHaveProperty('publicUrl');
    expect(options).not.toHaveProperty('mail');
  });

  it.each([
    'https://roster.example.org',
    'https://roster.example.org/',
    'http://10.0.0.5:8080',
    'https://example.org/roster/admin',
    'HTTPS://Roster.Example.org',
  ])('takes --public-url %s as it is', (url) => {
    expect(parseServerOptions(['--db', 'a', '--public-url', url])).toMatchObject({ publicUrl: url });
  });

  it.each([
    '',
    'roster.example.org',
    'ftp://roster.example.org',
    'https://',
    'https:///path',
    'https://roster.example.org/?next=1',
    'https://roster.example.org/#top',
    'https://roster example.org',
    'javascript:alert(1)',
  ])('refuses --public-url %j', (url) => {
    expect(() => parseServerOptions(['--db', 'a', '--public-url', url])).toThrow(
      '--public-url needs an http:// or https:// address, such as https://roster.example.org.',
    );
  });

  it.each([
    ['no ROSTER_SMTP_URL', {}],
    ['an empty one', { ROSTER_SMTP_URL: '' }],
    ['one that is not smtp', { ROSTER_SMTP_URL: 'https://mail.example.org' }],
    ['one with a space', { ROSTER_SMTP_URL: 'smtp://mail example.org' }],
  ])('refuses --mail-from with %s', (_label, env) => {
    expect(() => parseServerOptions(['--db', 'a', '--mail-from', 'roster@example.org'], env)).toThrow(
      '--mail-from needs ROSTER_SMTP_URL set to an smtp:// or smtps:// address.',
    );
  });

  it.each(['smtp://mail.example.org:587', SMTP.ROSTER_SMTP_URL])(
    'mails from --mail-from through ROSTER_SMTP_URL %s',
    (url) => {
      const options = parseServerOptions(
        [
          '--db',
          'a',
          '--mail-from',
          'Roster <roster@example.org>',
          '--public-url',
          'https://roster.example.org',
        ],
        { ROSTER_SMTP_URL: url },
      );
      expect(options).toMatchObject({
        command: 'serve',
        publicUrl: 'https://roster.example.org',
        mail: { url, from: 'Roster <roster@example.org>' },
      });
    },
  );

  it('reads the SMTP address only from the environment, never from a flag', () => {
    expect(() => parseServerOptions(['--db', 'a', '--smtp-url', SMTP.ROSTER_SMTP_URL])).toThrow(
      /Unknown option/,
    );
  });
});

describe('addressKey', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['::ffff:10.1.2.3', '10.1.2.3'],
    ['::FFFF:10.1.2.3', '10.1.2.3'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::9', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['1::2:3:4:5:1.2.3.4', '1:0:2:3::/64'],
  ])('keys %s as %s', (address, key) => {
    expect(addressKey(address)).toBe(key);
  });
});

describe('the per-address limit', () => {
  const { tempDir, onCleanup } = useTempDirs();

  /** Takes and gives back attempts in an instance file, each in a write of its own, as sign-ins do. */
  function limiter(limit: AddressLimit) {
    const db = openInstanceDatabase(path.join(tempDir('roster-limit-'), 'i.sqlite'), {
      mode: 'create',
      nativeDir: NATIVE_DIR,
    });
    onCleanup(() => db.close());
    return {
      take: (address: string, now: number) =>
        writeOnSqlite(db, () => takeAddressAttempt(address, now, limit)),
      giveBack: (address: string) => writeOnSqlite(db, () => giveBackAddressAttempt(address)),
      rows: () => db.prepare('SELECT count(*) FROM sign_in_addresses').pluck().get(),
    };
  }

  it('counts failures per address in a window that starts at the first one', () => {
    const limit = limiter({ maxFailures: 2, windowMs: 1000 });
    expect(limit.take('a', 0)).toEqual({ ok: true });
    limit.giveBack('a');
    // A success gave its attempt back, and the window had no failure left: it starts again later.
    expect(limit.rows()).toBe(0);
    expect(limit.take('a', 500)).toEqual({ ok: true });
    expect(limit.take('a', 600)).toEqual({ ok: true });
    expect(limit.take('a', 700)).toEqual({ ok: false, retryAt: 1500 });
    expect(limit.take('b', 700)).toEqual({ ok: true });
    expect(limit.take('a', 1499)).toMatchObject({ ok: false });
    expect(limit.take('a', 1500)).toEqual({ ok: true });
  });

  it('sweeps finished windows away when a new one starts', () => {
    const limit = limiter({ maxFailures: 2, windowMs: 1000 });
    for (const address of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) limit.take(address, 0);
    expect(limit.rows()).toBe(3);
    limit.take('10.0.0.4', 1000);
    expect(limit.rows()).toBe(1);
  });

  it('treats an IPv4 address and its IPv4-mapped IPv6 form as one client', () => {
    const limit = limiter({ maxFailures: 1, windowMs: 1000 });
    expect(limit.take('10.0.0.1', 0)).toEqual({ ok: true });
    expect(limit.take('::ffff:10.0.0.1', 1)).toMatchObject({ ok: false });
  });
});

describe('createRouter', () => {
  const declared = (method: Endpoint['method'], path: string) =>
    endpoint({ method, path, summary: '', tag: 'Users', permission: 'directory.read', status: 204 });
  const routes = {
    next: declared('GET', '/api/users/next-username'),
    get: declared('GET', '/api/users/{id}'),
    patch: declared('PATCH', '/api/users/{id}'),
    remove: declared('DELETE', '/api/groups/{id}/members/{userId}'),
  };
  const route = createRouter(routes);

  it('matches literal segments before parameters, in the order given', () => {
    expect(route('GET', '/api/users/next-username')).toMatchObject({
      kind: 'found',
      operationId: 'next',
      params: {},
    });
    expect(route('GET', '/api/users/12')).toMatchObject({
      kind: 'found',
      operationId: 'get',
      params: { id: '12' },
    });
    expect(route('DELETE', '/api/groups/3/members/4')).toMatchObject({ params: { id: '3', userId: '4' } });
  });

  it('matches a literal segment before a parameter declared ahead of it, and only that path', () => {
    const later = createRouter({ ...routes, export: declared('GET', '/api/users/export') });
    expect(later('GET', '/api/users/export')).toMatchObject({ kind: 'found', operationId: 'export' });
    // The literal path is the one route there: PATCH is not a change of the user "export".
    expect(later('PATCH', '/api/users/export')).toEqual({ kind: 'method', allowed: ['GET'] });
    expect(later('PATCH', '/api/users/12')).toMatchObject({ kind: 'found', operationId: 'patch' });
  });

  it('answers the allowed methods of a path it knows, and nothing for one it does not', () => {
    expect(route('PUT', '/api/users/12')).toEqual({ kind: 'method', allowed: ['GET', 'PATCH'] });
    for (const path of [
      '/api/users',
      '/api/users/',
      '/api/users/12/',
      '/api//users/12',
      '/api/groups/3/members/',
    ])
      expect(route('GET', path), path).toEqual({ kind: 'none' });
  });
});
