import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Directory } from '../../../electron/services/directory/directory';
import { createRemoteDirectory } from '../../../electron/services/directory/remote/remoteDirectory';
import type { UserPageRequest } from '../../../shared/domain/userListing';
import { seedDirectory } from '../../bench/seedDirectory';
import { openDirectory } from '../directory/support/instanceDb';
import { ADMIN } from './support/instanceFile';
import { startLocalServer, type LocalServer } from './support/localServer';

/**
 * The sorted and filtered users list over the REST API: each query parameter reaches the
 * directory (the answer is the local directory's own for the same request, itself checked
 * against plain TypeScript in test/integration/directory/listing.test.ts), bad ones are refused
 * with 400, and the remote directory sends them all.
 */

let server: LocalServer;
let token: string;
let local: Directory;
let groupId: number;

beforeAll(async () => {
  server = await startLocalServer();
  // Rows written by another connection, as another Roster or the admin command would.
  const writer = new Database(server.file);
  seedDirectory(writer, { users: 400, groups: 6, groupsPerUser: 1, passwordHash: '$argon2id$seeded' });
  // Lock times far from both the server's clock (2030) and the real one.
  writer.exec(`
    UPDATE users SET role = 'auditor' WHERE id % 7 = 2;
    UPDATE users SET must_change_password = 1 WHERE id % 11 = 3;
    UPDATE users SET locked_until = '2999-01-01T00:00:00.000Z' WHERE id % 13 = 4;
    UPDATE users SET last_sign_in_at = '2025-0' || (1 + id % 9) || '-01T00:00:00.000Z' WHERE id % 2 = 0;
    DELETE FROM memberships WHERE user_id % 5 = 1;
  `);
  groupId = writer.prepare('SELECT min(id) FROM groups').pluck().get() as number;
  writer.close();
  ({ directory: local } = openDirectory(server.file, { mode: 'open' }));
  token = await server.adminToken();
}, 60_000);

afterAll(async () => {
  local.close();
  await server.close();
});

const get = (query: string) => server.api.call(`GET`, `/api/users?${query}`, { token });

describe('GET /api/users with sort and filters', () => {
  it.each<[string, Omit<UserPageRequest, 'offset' | 'limit'>]>([
    [
      'q=a&status=enabled&role=user&sort=email&order=desc',
      { query: 'a', status: 'enabled', role: 'user', sort: 'email', direction: 'desc' },
    ],
    ['locked=true&sort=displayName', { query: '', locked: true, sort: 'displayName' }],
    ['mustChangePassword=true&order=desc', { query: '', mustChangePassword: true, direction: 'desc' }],
    [
      'noGroup=true&sort=lastSignIn&order=desc',
      { query: '', noGroup: true, sort: 'lastSignIn', direction: 'desc' },
    ],
    ['q=ann&status=disabled&sort=created', { query: 'ann', status: 'disabled', sort: 'created' }],
    ['sort=role&locked=false&noGroup=false', { query: '', sort: 'role' }],
  ])('?%s answers what the directory answers', async (query, request) => {
    const answer = await get(`${query}&limit=25&offset=5`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(await local.searchUsers({ ...request, offset: 5, limit: 25 }));
  });

  it('?group= narrows to its members', async () => {
    const answer = await get(`group=${groupId}&sort=status&limit=500`);
    const want = await local.searchUsers({ query: '', groupId, sort: 'status', offset: 0, limit: 500 });
    expect(answer.body).toEqual(want);
    expect(want.total).toBeGreaterThan(0);
    expect(want.total).toBeLessThan(400);
  });

  it.each([
    'sort=password',
    'order=up',
    'locked=yes',
    'mustChangePassword=1',
    'group=0',
    'group=abc',
    `group=1&noGroup=true`,
    'role=owner',
    'q=ann%00lee',
  ])('refuses ?%s with 400', async (query) => {
    const answer = await get(query);
    expect(answer.status).toBe(400);
  });
});

describe('the remote directory', () => {
  it('sends the order and every filter, and gets the list the server sorted and narrowed', async () => {
    const remote = createRemoteDirectory({
      baseUrl: server.url,
      credentials: { username: ADMIN.username, password: ADMIN.password },
    });
    try {
      for (const request of [
        {
          query: 'e',
          status: 'enabled',
          role: 'auditor',
          noGroup: true,
          sort: 'lastSignIn',
          direction: 'desc',
        },
        { query: '', locked: true, mustChangePassword: true, sort: 'displayName' },
        { query: 'a', groupId, sort: 'email', direction: 'desc' },
      ] satisfies Omit<UserPageRequest, 'offset' | 'limit'>[]) {
        const page = await remote.searchUsers({ ...request, offset: 0, limit: 50 });
        expect(page).toEqual(await local.searchUsers({ ...request, offset: 0, limit: 50 }));
      }
      const unfiltered = await local.searchUsers({ query: '', offset: 0, limit: 500 });
      const narrowed = await remote.searchUsers({
        query: 'e',
        status: 'enabled',
        role: 'auditor',
        noGroup: true,
        offset: 0,
        limit: 500,
      });
      expect(narrowed.total).toBeGreaterThan(0);
      expect(narrowed.total).toBeLessThan(unfiltered.total);
    } finally {
      remote.close();
    }
  });
});
