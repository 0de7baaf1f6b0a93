import { parse } from 'csv-parse/sync';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInstanceDatabase } from '../../../electron/database/openDatabase';
import type { Page, UserDetail, UserSummary } from '../../../shared/domain/directory';
import type { Role } from '../../../shared/domain/roles';
import { seedDirectory } from '../../bench/seedDirectory';
import { NATIVE_DIR } from '../directory/support/instanceDb';
import { signIn, type ApiError } from './support/api';
import { startLocalServer, type LocalServer } from './support/localServer';
import { newUserFields } from './support/servedInstance';

/**
 * GET /api/users/export over real HTTP on 127.0.0.1: a CSV attachment of what the users list
 * holds for the same query, refusals as problem details, and a body streamed as the client reads
 * it rather than built first.
 */

let server: LocalServer;
let admin: string;

beforeAll(async () => {
  server = await startLocalServer();
  admin = await server.adminToken();
});
afterAll(() => server.close());

const get = (path: string, token: string | null = admin) =>
  server.api.call<string | ApiError>('GET', path, token === null ? {} : { token });

/** The file as written, its BOM kept (fetch's text() would drop it). */
async function download(path: string): Promise<{ response: Response; text: string }> {
  const response = await fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${admin}` } });
  return {
    response,
    text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer()),
  };
}

async function createUser(prefix: string, fields: { role?: Role; displayName?: string } = {}) {
  const answer = await server.api.call<UserDetail>('POST', '/api/users', {
    token: admin,
    body: { ...newUserFields(prefix), ...fields },
  });
  expect(answer.status).toBe(201);
  return answer.body;
}

describe('GET /api/users/export', () => {
  it('answers the list of the same query as a CSV attachment, named for the day, never cached', async () => {
    const ann = await createUser('exp', { displayName: 'Ann, "the" first' });
    const bea = await createUser('exp', { role: 'auditor' });
    const group = await server.api.call<{ id: number }>('POST', '/api/groups', {
      token: admin,
      body: { name: '=Staff' },
    });
    await server.api.call('PUT', `/api/users/${ann.id}/groups`, {
      token: admin,
      body: { groupIds: [group.body.id] },
    });

    const { response, text } = await download(
      '/api/users/export?q=exp&sort=email&order=desc&columns=username,displayName,role,groups',
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="users-2030-01-01.csv"');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(text.startsWith('\ufeffUsername,Display name,Role,Groups\r\n')).toBe(true);

    const listed = await server.api.call<Page<UserSummary>>('GET', '/api/users?q=exp&sort=email&order=desc', {
      token: admin,
    });
    expect(parse(text, { bom: true })).toEqual([
      ['Username', 'Display name', 'Role', 'Groups'],
      ...listed.body.items.map((user) => [
        user.username,
        user.displayName,
        user.role === 'auditor' ? 'Auditor' : 'User',
        user.id === ann.id ? "'=Staff" : '',
      ]),
    ]);
    expect(listed.body.items.map((user) => user.id).sort()).toEqual([ann.id, bea.id].sort());
  });

  it('writes every column when none are named', async () => {
    const { text } = await download('/api/users/export?q=owner');
    expect(text.split('\r\n')[0]).toBe(
      '\ufeffUsername,Display name,Email,Role,Status,Groups,Last sign-in,Created',
    );
  });

  it.each([
    ['a column it does not know', 'columns=username,passwordHash', 'columns'],
    ['a column twice', 'columns=username,username', 'columns'],
    ['no column', 'columns=', 'columns'],
    ['paging, which an export has none of', 'limit=10', 'limit'],
    ['both group filters', 'group=1&noGroup=true', 'noGroup'],
  ])('refuses %s with 400, naming the parameter', async (_label, query, field) => {
    const answer = await get(`/api/users/export?${query}`);
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((answer.body as ApiError).field).toBe(field);
  });

  it('needs directory.read: 401 without a token, 403 for a User, and an Auditor may', async () => {
    expect((await get('/api/users/export', null)).status).toBe(401);
    const member = newUserFields('member');
    await server.api.call('POST', '/api/users', { token: admin, body: member });
    const refused = await get(
      '/api/users/export',
      await signIn(server.api, member.username, member.password),
    );
    expect(refused.status).toBe(403);
    expect((refused.body as ApiError).detail).toContain('directory.read');

    const auditor = newUserFields('auditor');
    await server.api.call('POST', '/api/users', { token: admin, body: { ...auditor, role: 'auditor' } });
    const allowed = await get(
      '/api/users/export',
      await signIn(server.api, auditor.username, auditor.password),
    );
    expect(allowed.status).toBe(200);
  });
});

describe('a large export', () => {
  /** Users whose rows are long: the file is megabytes, far more than any socket buffers. */
  const USERS = 4_000;
  const LONG = 'x'.repeat(1_500);
  let big: LocalServer;
  let token: string;

  beforeAll(async () => {
    big = await startLocalServer();
    token = await big.adminToken();
    const db = openInstanceDatabase(big.file, { mode: 'open', nativeDir: NATIVE_DIR });
    try {
      seedDirectory(db, { users: USERS, groups: 1, groupsPerUser: 0, passwordHash: 'not-a-hash' });
      // Past what the API allows, but the export writes what the file holds.
      db.prepare("UPDATE users SET display_name = ? WHERE username <> 'owner'").run(LONG);
    } finally {
      db.close();
    }
  }, 60_000);
  afterAll(() => big.close());

  /** Reads the export with node:http, pausing after the first bytes to run `meanwhile`. */
  function readPausing(path: string, meanwhile: () => Promise<void>) {
    const target = new URL(`${big.url}${path}`);
    return new Promise<{ text: string; firstBytes: number }>((resolve, reject) => {
      const sent = request(
        {
          host: target.hostname,
          port: target.port,
          path: `${target.pathname}${target.search}`,
          headers: { Authorization: `Bearer ${token}` },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.once('data', (first: string) => {
            text += first;
            response.pause();
            const firstBytes = response.socket.bytesRead;
            meanwhile().then(() => {
              response.on('data', (more: string) => (text += more));
              response.on('end', () => resolve({ text, firstBytes }));
              response.on('error', reject);
              response.resume();
            }, reject);
          });
        },
      );
      sent.on('error', reject);
      sent.end();
    });
  }

  it('is read from the instance as the client takes it: a user deleted after the first bytes is not in it', async () => {
    const listed = await big.api.call<Page<UserSummary>>('GET', '/api/users?order=desc&limit=1', { token });
    const last = listed.body.items[0];
    if (!last) throw new Error('nothing seeded');

    const { text, firstBytes } = await readPausing(
      '/api/users/export?columns=username,displayName',
      async () => {
        // The client reads nothing more until this user is gone.
        await new Promise((resolve) => setTimeout(resolve, 300));
        const deleted = await big.api.call('DELETE', `/api/users/${last.id}`, { token });
        expect(deleted.status).toBe(204);
      },
    );

    const usernames = parse(text, { bom: true })
      .slice(1)
      .map(([username]) => username);
    // The owner and the seeded users, less the one deleted.
    expect(usernames).toHaveLength(USERS);
    expect(usernames).not.toContain(last.username);
    expect(text.length).toBeGreaterThan(USERS * LONG.length);
    expect(firstBytes).toBeLessThan(text.length / 4);
  }, 60_000);
});
