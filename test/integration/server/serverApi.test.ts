import { describe, expect, it } from 'vitest';
import { OWASP_ARGON2ID_MINIMUM } from '../../../electron/secrets/passwordHasher';
import type {
  GroupSummary,
  Page,
  TokenPair,
  UserDetail,
  UserSummary,
} from '../../../shared/domain/directory';
import { signIn, type ApiError } from './support/api';
import { ADMIN } from './support/instanceFile';
import { newUserFields, useServedInstance } from './support/servedInstance';

/** Every endpoint of the instance server, through a real server process on 127.0.0.1. */

const served = useServedInstance();

interface Tokens {
  accessToken: string;
  refreshToken: string;
  tokenType: string;
  expiresIn: number;
  accessExpiresAt: string;
  refreshExpiresAt: string;
}

const admin = () => served().adminToken;
const call = <T = unknown>(...args: Parameters<ReturnType<typeof served>['api']['call']>) =>
  served().api.call<T>(...args);

async function createUser(fields = newUserFields()) {
  const answer = await call<UserDetail>('POST', '/api/users', { token: admin(), body: fields });
  expect(answer.status).toBe(201);
  return { ...fields, id: answer.body.id, detail: answer.body };
}

async function createGroup(name: string) {
  const answer = await call<GroupSummary>('POST', '/api/groups', { token: admin(), body: { name } });
  expect(answer.status).toBe(201);
  return answer.body;
}

describe('the server process', () => {
  it('listens on 127.0.0.1 by default', () => {
    expect(new URL(served().server.url).hostname).toBe('127.0.0.1');
  });

  it('answers GET /api/health without a token, with its name and version, and that it has no mail server', async () => {
    const answer = await call('GET', '/api/health');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      name: 'Roster instance server',
      version: expect.any(String) as string,
      api: 4,
      // Started without --mail-from: invitation links are copied, never mailed.
      mail: false,
    });
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves its OpenAPI document and docs page without a token', async () => {
    const document = await call<{ openapi: string; paths: Record<string, unknown> }>(
      'GET',
      '/api/openapi.json',
    );
    expect(document.status).toBe(200);
    expect(document.body.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining(['/api/users/{userId}', '/api/groups/{groupId}/members/delete']),
    );
    const docs = await fetch(`${served().api.base}/api/docs`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await docs.text()).toContain('/api/docs/init.js');
    const init = await fetch(`${served().api.base}/api/docs/init.js`);
    expect(init.status).toBe(200);
    expect(await init.text()).toContain("url: '/api/openapi.json'");
    for (const path of ['/api/openapi.json', '/api/docs']) {
      const posted = await fetch(`${served().api.base}${path}`, { method: 'POST' });
      expect(posted.status, path).toBe(405);
      expect(posted.headers.get('allow')).toBe('GET');
      expect(await posted.json()).toMatchObject({ code: 'METHOD_NOT_ALLOWED' });
    }
  });

  it('never writes a token or password to its log', async () => {
    const user = await createUser();
    const tokens = await call<Tokens>('POST', '/api/auth/token', {
      body: { username: user.username, password: user.password },
    });
    const log = served().server.log();
    // JSON lines: one per request, with its method, path and status.
    const lines = log
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: 'request', method: 'POST', path: '/api/auth/token', status: 200 }),
    );
    for (const secret of [user.password, tokens.body.accessToken, tokens.body.refreshToken, admin()])
      expect(log).not.toContain(secret);
  });
});

describe('auth', () => {
  it('POST /api/auth/token answers an OAuth2-style pair for a username and password', async () => {
    const answer = await call<Tokens>('POST', '/api/auth/token', {
      body: { username: ADMIN.username, password: ADMIN.password },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      accessToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as string,
      refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as string,
      tokenType: 'Bearer',
      expiresIn: 3600,
      accessExpiresAt: expect.any(String) as string,
      refreshExpiresAt: expect.any(String) as string,
      scope: 'read write',
      passwordChangeRequired: false,
    });
  });

  it('takes the username in any case, as usernames are unique regardless of case', async () => {
    const token = await signIn(served().api, ADMIN.username.toUpperCase(), ADMIN.password);
    expect((await call('GET', '/api/auth/me', { token })).status).toBe(200);
  });

  it('GET /api/auth/me says who the token belongs to', async () => {
    const answer = await call('GET', '/api/auth/me', { token: admin() });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ id: 1, username: ADMIN.username, role: 'administrator', via: 'session' });
  });

  it('keeps the hashes of a session only, never the tokens', async () => {
    const answer = await call<Tokens>('POST', '/api/auth/token', {
      body: { username: ADMIN.username, password: ADMIN.password },
    });
    const rows = served().observer.db.prepare('SELECT * FROM sessions').all();
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(answer.body.accessToken);
    expect(dump).not.toContain(answer.body.refreshToken);
  });

  it('POST /api/auth/refresh replaces both tokens; the old ones stop working', async () => {
    const login = await call<Tokens>('POST', '/api/auth/token', {
      body: { username: ADMIN.username, password: ADMIN.password },
    });
    const refreshed = await call<Tokens>('POST', '/api/auth/refresh', {
      body: { refreshToken: login.body.refreshToken },
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.tokenType).toBe('Bearer');
    expect(refreshed.body.accessToken).not.toBe(login.body.accessToken);
    expect(refreshed.body.refreshToken).not.toBe(login.body.refreshToken);
    expect((await call('GET', '/api/auth/me', { token: refreshed.body.accessToken })).status).toBe(200);
    expect((await call('GET', '/api/auth/me', { token: login.body.accessToken })).status).toBe(401);
    const again = await call<ApiError>('POST', '/api/auth/refresh', {
      body: { refreshToken: login.body.refreshToken },
    });
    expect(again.status).toBe(401);
    expect(again.body.code).toBe('UNAUTHENTICATED');
  });

  it('POST /api/auth/logout ends that session only', async () => {
    const first = await signIn(served().api, ADMIN.username, ADMIN.password);
    const second = await signIn(served().api, ADMIN.username, ADMIN.password);
    const answer = await call('POST', '/api/auth/logout', { token: first });
    expect(answer.status).toBe(204);
    expect(answer.body).toBeUndefined();
    expect((await call('GET', '/api/auth/me', { token: first })).status).toBe(401);
    expect((await call('GET', '/api/auth/me', { token: second })).status).toBe(200);
  });

  it('a non-administrator may sign in and ask who it is, but manages nothing', async () => {
    const user = await createUser();
    const token = await signIn(served().api, user.username, user.password);
    expect((await call('GET', '/api/auth/me', { token })).body).toMatchObject({ role: 'user' });
    expect((await call('GET', '/api/users', { token })).status).toBe(403);
  });
});

describe('users', () => {
  it('POST /api/users creates a user (201, Location) with the detail and no secret in it', async () => {
    const fields = newUserFields();
    const answer = await call<UserDetail>('POST', '/api/users', { token: admin(), body: fields });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('location')).toBe(`/api/users/${answer.body.id}`);
    expect(answer.body).toMatchObject({
      username: fields.username,
      displayName: fields.displayName,
      email: fields.email,
      enabled: true,
      role: 'user',
      groups: [],
      token: null,
    });
    expect(JSON.stringify(answer.body)).not.toContain(fields.password);
    expect(JSON.stringify(answer.body)).not.toContain('argon2');
  });

  it('GET /api/users/:id reads one user', async () => {
    const user = await createUser();
    const answer = await call<UserDetail>('GET', `/api/users/${user.id}`, { token: admin() });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(user.detail);
  });

  it('GET /api/users pages and filters with q, limit and offset, with the total', async () => {
    const prefix = `pg${Date.now() % 100000}x`;
    const made = [];
    for (let index = 0; index < 5; index++) made.push(await createUser(newUserFields(prefix)));
    const page = await call<Page<UserSummary>>('GET', `/api/users?q=${prefix}&limit=2&offset=1`, {
      token: admin(),
    });
    expect(page.status).toBe(200);
    expect(page.body.total).toBe(5);
    expect(page.body.offset).toBe(1);
    const sorted = made.map((user) => user.username).sort();
    expect(page.body.items.map((item) => item.username)).toEqual(sorted.slice(1, 3));
    expect(Object.keys(page.body.items[0] ?? {}).sort()).toEqual([
      'createdAt',
      'displayName',
      'email',
      'enabled',
      'id',
      'invited',
      'lastSignInAt',
      'role',
      'username',
    ]);
    const all = await call<Page<UserSummary>>('GET', '/api/users', { token: admin() });
    expect(all.body.total).toBe(served().observer.state().counts.users);
    expect(all.body.offset).toBe(0);
  });

  it('GET /api/users/next-username proposes a free generic name', async () => {
    const answer = await call<{ username: string }>('GET', '/api/users/next-username', { token: admin() });
    expect(answer.status).toBe(200);
    expect(answer.body.username).toMatch(/^user\d+$/);
  });

  it('PATCH /api/users/:id changes fields and says so in the audit log, as the signed-in admin', async () => {
    const user = await createUser();
    const answer = await call<UserDetail>('PATCH', `/api/users/${user.id}`, {
      token: admin(),
      body: { displayName: 'Renamed One', email: 'renamed@example.com' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ displayName: 'Renamed One', email: 'renamed@example.com' });
    const entry = served()
      .observer.audit('user.update')
      .find((row) => row.target_id === user.id);
    expect(entry?.actor).toBe(`api:${ADMIN.username}`);
    expect(JSON.parse(entry?.after ?? '{}')).toMatchObject({ displayName: 'Renamed One' });
  });

  it('POST /api/users/:id/disable and /enable switch a user; disabling ends its sessions', async () => {
    const user = await createUser();
    const token = await signIn(served().api, user.username, user.password);
    const disabled = await call<UserDetail>('POST', `/api/users/${user.id}/disable`, { token: admin() });
    expect(disabled.status).toBe(200);
    expect(disabled.body.enabled).toBe(false);
    expect((await call('GET', '/api/auth/me', { token })).status).toBe(401);
    expect(
      served().observer.db.prepare('SELECT count(*) FROM sessions WHERE user_id = ?').pluck().get(user.id),
    ).toBe(0);
    const refused = await call<ApiError>('POST', '/api/auth/token', {
      body: { username: user.username, password: user.password },
    });
    // The right password of a disabled account gets the answer a wrong password gets.
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('UNAUTHENTICATED');
    expect(refused.body.detail).toBe('Wrong username or password, or the account is locked or disabled.');
    const wrong = await call<ApiError>('POST', '/api/auth/token', {
      body: { username: user.username, password: 'not-the-password' },
    });
    expect(refused.body).toEqual(wrong.body);
    const enabled = await call<UserDetail>('POST', `/api/users/${user.id}/enable`, {
      token: admin(),
      body: {},
    });
    expect(enabled.status).toBe(200);
    expect(enabled.body.enabled).toBe(true);
    await signIn(served().api, user.username, user.password);
  });

  it('PUT /api/users/:id/password sets a password (204); the old one stops working, other sessions end', async () => {
    const user = await createUser();
    const session = await signIn(served().api, user.username, user.password);
    const answer = await call('PUT', `/api/users/${user.id}/password`, {
      token: admin(),
      body: { password: 'brand new pw' },
    });
    expect(answer.status).toBe(204);
    expect((await call('GET', '/api/auth/me', { token: session })).status).toBe(401);
    const old = await call('POST', '/api/auth/token', {
      body: { username: user.username, password: user.password },
    });
    expect(old.status).toBe(401);
    await signIn(served().api, user.username, 'brand new pw');
    const hash = served()
      .observer.db.prepare('SELECT password_hash FROM users WHERE id = ?')
      .pluck()
      .get(user.id);
    // The server hashes at the product's parameters (the OWASP minimum), whatever the tests' own.
    const { memoryKiB, iterations, parallelism } = OWASP_ARGON2ID_MINIMUM;
    expect(hash).toMatch(
      new RegExp(`^\\$argon2id\\$v=19\\$m=${memoryKiB},t=${iterations},p=${parallelism}\\$`),
    );
  });

  it('PUT /api/users/:id/groups sets the groups of a user', async () => {
    const user = await createUser();
    const one = await createGroup(`grp-a-${user.id}`);
    const two = await createGroup(`grp-b-${user.id}`);
    const answer = await call<UserDetail>('PUT', `/api/users/${user.id}/groups`, {
      token: admin(),
      body: { groupIds: [one.id, two.id] },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.groups.map((group) => group.name).sort()).toEqual([one.name, two.name]);
    const cleared = await call<UserDetail>('PUT', `/api/users/${user.id}/groups`, {
      token: admin(),
      body: { groupIds: [] },
    });
    expect(cleared.body.groups).toEqual([]);
  });

  it('DELETE /api/users/:id deletes a user (204); it is then not found', async () => {
    const user = await createUser();
    const answer = await call('DELETE', `/api/users/${user.id}`, { token: admin() });
    expect(answer.status).toBe(204);
    expect((await call('GET', `/api/users/${user.id}`, { token: admin() })).status).toBe(404);
    const entry = served()
      .observer.audit('user.delete')
      .find((row) => row.target_id === user.id);
    expect(entry?.actor).toBe(`api:${ADMIN.username}`);
  });

  it('POST /api/users/delete deletes several users at once', async () => {
    const one = await createUser();
    const two = await createUser();
    const answer = await call<{ deleted: number }>('POST', '/api/users/delete', {
      token: admin(),
      body: { userIds: [one.id, two.id] },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ deleted: 2 });
  });

  it('PUT /api/users/:id/role makes a user an administrator and back; GET …/:id shows it', async () => {
    const user = await createUser();
    const asUser = () => signIn(served().api, user.username, user.password);
    const before = await asUser();
    expect((await call('GET', '/api/users', { token: before })).status).toBe(403);
    const promoted = await call<UserDetail>('PUT', `/api/users/${user.id}/role`, {
      token: admin(),
      body: { role: 'administrator' },
    });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ id: user.id, username: user.username, role: 'administrator' });
    expect(promoted.headers.get('etag')).toBe(`"${promoted.body.version}"`);
    expect(promoted.body.version).toBeGreaterThan(user.detail.version);
    // A change of role ends the user's sessions: the user signs in again, with the new role.
    expect((await call('GET', '/api/users', { token: before })).status).toBe(401);
    const promotedSession = await asUser();
    expect((await call('GET', '/api/users', { token: promotedSession })).status).toBe(200);
    const demoted = await call<UserDetail>('PUT', `/api/users/${user.id}/role`, {
      token: admin(),
      body: { role: 'user' },
    });
    expect(demoted.body).toMatchObject({ role: 'user' });
    expect((await call('GET', '/api/users', { token: promotedSession })).status).toBe(401);
    expect((await call('GET', '/api/users', { token: await asUser() })).status).toBe(403);
    expect((await call<UserDetail>('GET', `/api/users/${user.id}`, { token: admin() })).body).toMatchObject({
      role: 'user',
    });
    expect((await call('GET', `/api/users/${user.id}/access`, { token: admin() })).body).toEqual({
      failedLogins: 0,
      lockedUntil: null,
    });
    expect(
      served()
        .observer.audit('user.role')
        .filter((row) => row.target_id === user.id)
        .map((row) => [JSON.parse(row.before ?? 'null'), JSON.parse(row.after ?? 'null')] as unknown),
    ).toEqual([
      [{ role: 'user' }, { role: 'administrator' }],
      [{ role: 'administrator' }, { role: 'user' }],
    ]);
  });
});

describe('groups', () => {
  it('POST /api/groups creates (201), GET lists with q and total, GET /:id reads one', async () => {
    const group = await createGroup('Operators');
    expect(group).toEqual({
      id: expect.any(Number) as number,
      name: 'Operators',
      description: '',
      memberCount: 0,
      version: expect.any(Number) as number,
    });
    const page = await call<Page<GroupSummary>>('GET', '/api/groups?q=operat&limit=10', { token: admin() });
    expect(page.status).toBe(200);
    expect(page.body).toEqual({ total: 1, offset: 0, items: [group] });
    const one = await call('GET', `/api/groups/${group.id}`, { token: admin() });
    expect(one.body).toEqual(group);
  });

  it('POST …/members adds members, GET …/members pages them, DELETE …/members/:userId removes one', async () => {
    const group = await createGroup('Crew');
    const one = await createUser(newUserFields('crew'));
    const two = await createUser(newUserFields('crew'));
    const added = await call<GroupSummary>('POST', `/api/groups/${group.id}/members`, {
      token: admin(),
      body: { userIds: [one.id, two.id] },
    });
    expect(added.status).toBe(200);
    expect(added.body.memberCount).toBe(2);
    const members = await call<Page<UserSummary>>('GET', `/api/groups/${group.id}/members?limit=1`, {
      token: admin(),
    });
    expect(members.status).toBe(200);
    expect(members.body.total).toBe(2);
    expect(members.body.items).toHaveLength(1);
    const filtered = await call<Page<UserSummary>>(
      'GET',
      `/api/groups/${group.id}/members?q=${encodeURIComponent(two.username)}`,
      { token: admin() },
    );
    expect(filtered.body.items.map((item) => item.id)).toEqual([two.id]);
    const removed = await call<GroupSummary>('DELETE', `/api/groups/${group.id}/members/${one.id}`, {
      token: admin(),
    });
    expect(removed.status).toBe(200);
    expect(removed.body.memberCount).toBe(1);
    const detail = await call<UserDetail>('GET', `/api/users/${two.id}`, { token: admin() });
    expect(detail.body.groups.map((item) => item.name)).toEqual(['Crew']);
  });

  it('PATCH /api/groups/:id renames a group; a name taken in any case is a conflict', async () => {
    const group = await createGroup('Before rename');
    const renamed = await call<GroupSummary>('PATCH', `/api/groups/${group.id}`, {
      token: admin(),
      body: { name: 'After rename' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toEqual({
      id: group.id,
      name: 'After rename',
      description: '',
      memberCount: 0,
      version: expect.any(Number) as number,
    });
    expect(renamed.body.version).toBeGreaterThan(group.version);
    expect((await call('GET', `/api/groups/${group.id}`, { token: admin() })).body).toEqual(renamed.body);
    await createGroup('Taken name');
    const taken = await call<ApiError>('PATCH', `/api/groups/${group.id}`, {
      token: admin(),
      body: { name: 'TAKEN NAME' },
    });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'CONFLICT', field: 'name' });
  });

  it('POST …/members/delete removes several members at once', async () => {
    const group = await createGroup('Leavers');
    const [one, two, three] = [
      await createUser(newUserFields('leaver')),
      await createUser(newUserFields('leaver')),
      await createUser(newUserFields('leaver')),
    ];
    await call('POST', `/api/groups/${group.id}/members`, {
      token: admin(),
      body: { userIds: [one.id, two.id, three.id] },
    });
    const removed = await call<GroupSummary>('POST', `/api/groups/${group.id}/members/delete`, {
      token: admin(),
      body: { userIds: [one.id, three.id] },
    });
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ id: group.id, memberCount: 1 });
    const members = await call<Page<UserSummary>>('GET', `/api/groups/${group.id}/members`, {
      token: admin(),
    });
    expect(members.body.items.map((item) => item.id)).toEqual([two.id]);
  });

  it('DELETE /api/groups/:id deletes a group (204)', async () => {
    const group = await createGroup('Short lived');
    expect((await call('DELETE', `/api/groups/${group.id}`, { token: admin() })).status).toBe(204);
    expect((await call('GET', `/api/groups/${group.id}`, { token: admin() })).status).toBe(404);
    expect(served().observer.audit('group.delete').at(-1)?.actor).toBe(`api:${ADMIN.username}`);
  });
});

describe("a user's token pair", () => {
  it('POST …/tokens generates a pair (201), shown once; GET …/tokens answers its times only', async () => {
    const user = await createUser();
    const generated = await call<TokenPair>('POST', `/api/users/${user.id}/tokens`, { token: admin() });
    expect(generated.status).toBe(201);
    expect(generated.body.accessToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const read = await call('GET', `/api/users/${user.id}/tokens`, { token: admin() });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({
      createdAt: generated.body.createdAt,
      accessExpiresAt: generated.body.accessExpiresAt,
      refreshExpiresAt: generated.body.refreshExpiresAt,
    });
    const detail = await call<UserDetail>('GET', `/api/users/${user.id}`, { token: admin() });
    expect(detail.body.token).toEqual(read.body);
  });

  it('is accepted as the user’s bearer token, survives the user’s logins, and is not a session to log out', async () => {
    const user = await createUser();
    const pair = (await call<TokenPair>('POST', `/api/users/${user.id}/tokens`, { token: admin() })).body;
    const me = await call('GET', '/api/auth/me', { token: pair.accessToken });
    expect(me.body).toEqual({ id: user.id, username: user.username, role: 'user', via: 'apiToken' });
    await signIn(served().api, user.username, user.password);
    expect((await call('GET', '/api/auth/me', { token: pair.accessToken })).status).toBe(200);
    const read = await call<{ createdAt: string }>('GET', `/api/users/${user.id}/tokens`, { token: admin() });
    expect(read.body.createdAt).toBe(pair.createdAt);
    const logout = await call<ApiError>('POST', '/api/auth/logout', { token: pair.accessToken });
    expect(logout.status).toBe(409);
    expect((await call('GET', '/api/auth/me', { token: pair.accessToken })).status).toBe(200);
  });

  it('a new pair replaces the old one; DELETE …/tokens revokes it (204)', async () => {
    const user = await createUser();
    const first = (await call<TokenPair>('POST', `/api/users/${user.id}/tokens`, { token: admin() })).body;
    const second = (
      await call<TokenPair>('POST', `/api/users/${user.id}/tokens`, { token: admin(), body: {} })
    ).body;
    expect((await call('GET', '/api/auth/me', { token: first.accessToken })).status).toBe(401);
    expect((await call('GET', '/api/auth/me', { token: second.accessToken })).status).toBe(200);
    expect((await call('DELETE', `/api/users/${user.id}/tokens`, { token: admin() })).status).toBe(204);
    expect((await call('GET', '/api/auth/me', { token: second.accessToken })).status).toBe(401);
    expect((await call('GET', `/api/users/${user.id}/tokens`, { token: admin() })).status).toBe(404);
    expect(served().observer.audit('token.revoke').at(-1)).toMatchObject({
      actor: `api:${ADMIN.username}`,
      target_id: user.id,
    });
  });
});
