import { beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_CONTENT_TYPE } from '../../../shared/api/problem';
import type { GroupSummary, UserDetail } from '../../../shared/domain/directory';
import { signIn, type Answer, type ApiError, type CallOptions } from './support/api';
import { ADMIN } from './support/instanceFile';
import { newUserFields, useServedInstance } from './support/servedInstance';

/**
 * Every refusal of the instance server (401, 403, 400 with its field, 404, 405,
 * 409, 413, 415), answered as RFC 9457 problem details (application/problem+json),
 * and that a refused request wrote nothing: the row counts of every table and
 * SQLite's data_version (which moves on any commit by the server) are the same
 * before and after.
 */

const served = useServedInstance();
const admin = () => served().adminToken;

let victim: UserDetail;
let group: GroupSummary;
let memberToken: string;
let memberName: string;

beforeAll(async () => {
  const { api } = served();
  const fields = newUserFields('victim');
  victim = (await api.call<UserDetail>('POST', '/api/users', { token: admin(), body: fields })).body;
  group = (
    await api.call<GroupSummary>('POST', '/api/groups', { token: admin(), body: { name: 'Refusals' } })
  ).body;
  const member = newUserFields('member');
  await api.call('POST', '/api/users', { token: admin(), body: member });
  memberName = member.username;
  memberToken = await signIn(api, member.username, member.password);
});

/** Calls, and checks that nothing was committed while it ran. */
async function refused(method: string, path: string, options: CallOptions = {}): Promise<Answer<ApiError>> {
  const before = served().observer.state();
  const answer = await served().api.call<ApiError>(method, path, options);
  expect(served().observer.state(), `${method} ${path} wrote nothing`).toEqual(before);
  if (answer.status >= 400) {
    expect(answer.headers.get('content-type'), `${method} ${path}`).toBe(
      `${PROBLEM_CONTENT_TYPE}; charset=utf-8`,
    );
    expect(answer.body.status, `${method} ${path}`).toBe(answer.status);
  }
  return answer;
}

const NO_SUCH = 987_654;

describe('the check that nothing was written', () => {
  it('does see a write: a successful change moves the state', async () => {
    const before = served().observer.state();
    const answer = await served().api.call('POST', '/api/groups', { token: admin(), body: { name: 'Seen' } });
    expect(answer.status).toBe(201);
    const after = served().observer.state();
    expect(after.counts.groups).toBe(before.counts.groups + 1);
    expect(after.dataVersion).not.toBe(before.dataVersion);
  });
});

/** Every route that needs an administrator, with a body it would accept. */
const adminEndpoints = (): [string, string, unknown?][] => [
  ['GET', '/api/users'],
  ['POST', '/api/users', newUserFields('nobody')],
  ['GET', '/api/users/next-username'],
  ['POST', '/api/users/delete', { userIds: [victim.id] }],
  ['GET', `/api/users/${victim.id}`],
  ['PATCH', `/api/users/${victim.id}`, { displayName: 'Changed it' }],
  ['DELETE', `/api/users/${victim.id}`],
  ['POST', `/api/users/${victim.id}/enable`],
  ['POST', `/api/users/${victim.id}/disable`],
  ['PUT', `/api/users/${victim.id}/password`, { password: 'whatever1' }],
  ['PUT', `/api/users/${victim.id}/groups`, { groupIds: [group.id] }],
  ['GET', `/api/users/${victim.id}/access`],
  ['PUT', `/api/users/${victim.id}/role`, { role: 'auditor' }],
  ['POST', `/api/users/${victim.id}/unlock`],
  ['POST', `/api/users/${victim.id}/tokens`],
  ['GET', `/api/users/${victim.id}/tokens`],
  ['DELETE', `/api/users/${victim.id}/tokens`],
  ['GET', '/api/groups'],
  ['POST', '/api/groups', { name: 'Not made' }],
  ['GET', `/api/groups/${group.id}`],
  ['PATCH', `/api/groups/${group.id}`, { name: 'Not renamed' }],
  ['DELETE', `/api/groups/${group.id}`],
  ['GET', `/api/groups/${group.id}/members`],
  ['POST', `/api/groups/${group.id}/members`, { userIds: [victim.id] }],
  ['POST', `/api/groups/${group.id}/members/delete`, { userIds: [victim.id] }],
  ['DELETE', `/api/groups/${group.id}/members/${victim.id}`],
];

describe('401 without a valid token', () => {
  it('is the answer of every route but health, token and refresh, and nothing is written', async () => {
    const routes = [...adminEndpoints(), ['POST', '/api/auth/logout'], ['GET', '/api/auth/me']] as const;
    for (const [method, path, body] of routes) {
      const answer = await refused(method, path, body === undefined ? {} : { body });
      expect(answer.status, `${method} ${path}`).toBe(401);
      expect(answer.body.code).toBe('UNAUTHENTICATED');
      expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="Roster"');
    }
  });

  it.each([
    ['an unknown token', () => ({ Authorization: 'Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })],
    ['the token with a character more', () => ({ Authorization: `Bearer ${admin()}x` })],
    ['the token without the Bearer scheme', () => ({ Authorization: admin() })],
    ['another scheme', () => ({ Authorization: `Basic ${admin()}` })],
    ['the token followed by more', () => ({ Authorization: `Bearer ${admin()} extra` })],
    ['an empty bearer', () => ({ Authorization: 'Bearer ' })],
    ['a refresh token', () => ({ Authorization: `Bearer ${admin()}` })],
  ])('refuses %s', async (label, headers) => {
    let authorization = headers();
    if (label === 'a refresh token') {
      const login = await served().api.call<{ refreshToken: string }>('POST', '/api/auth/token', {
        body: { username: ADMIN.username, password: ADMIN.password },
      });
      authorization = { Authorization: `Bearer ${login.body.refreshToken}` };
    }
    const answer = await refused('GET', '/api/users', { headers: authorization });
    expect(answer.status).toBe(401);
    expect(answer.body.code).toBe('UNAUTHENTICATED');
  });

  it('does not take the token from the query string', async () => {
    const answer = await refused('GET', `/api/auth/me?access_token=${admin()}`);
    expect(answer.status).toBe(401);
  });

  it('answers a wrong password and an unknown username alike', async () => {
    const wrong = await served().api.call<ApiError>('POST', '/api/auth/token', {
      body: { username: ADMIN.username, password: 'not-the-password' },
    });
    const unknown = await served().api.call<ApiError>('POST', '/api/auth/token', {
      body: { username: 'no-such-user', password: 'not-the-password' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    // The right password clears the count the wrong one left.
    await signIn(served().api, ADMIN.username, ADMIN.password);
  });
});

describe('403 for a signed-in user who is not an administrator', () => {
  it('is the answer of every route that manages users and groups, and nothing is written', async () => {
    for (const [method, path, body] of adminEndpoints()) {
      const answer = await refused(method, path, {
        token: memberToken,
        ...(body === undefined ? {} : { body }),
      });
      expect(answer.status, `${method} ${path}`).toBe(403);
      // The detail names the permission: reading for GET, writing for the rest.
      const permission = method === 'GET' ? 'directory.read' : 'directory.write';
      expect(answer.body, `${method} ${path}`).toEqual({
        type: 'urn:roster:problem:forbidden',
        title: 'Forbidden',
        status: 403,
        code: 'FORBIDDEN',
        detail: `"${memberName}" may not do this: it needs the permission ${permission}, which the role User does not have.`,
      });
    }
  });
});

describe('400 for bad input, naming the field', () => {
  const user = () => newUserFields('bad');
  const cases = (): [string, string, string, unknown, string | undefined][] => [
    ['POST', '/api/users', 'a username with a space', { ...user(), username: 'bad name' }, 'username'],
    ['POST', '/api/users', 'an empty username', { ...user(), username: '  ' }, 'username'],
    ['POST', '/api/users', 'a short password', { ...user(), password: 'abcd' }, 'password'],
    ['POST', '/api/users', 'a long password', { ...user(), password: 'p'.repeat(21) }, 'password'],
    ['POST', '/api/users', 'a short display name', { ...user(), displayName: 'abc' }, 'displayName'],
    ['POST', '/api/users', 'a bad email', { ...user(), email: 'not-an-email' }, 'email'],
    ['POST', '/api/users', 'a missing email', { ...user(), email: undefined }, 'email'],
    ['POST', '/api/users', 'enabled as text', { ...user(), enabled: 'yes' }, 'enabled'],
    ['POST', '/api/users', 'an unknown field', { ...user(), admin: true }, 'admin'],
    ['POST', '/api/users', 'a number as username', { ...user(), username: 42 }, 'username'],
    ['PATCH', '/api/users/:victim', 'a username (it cannot change)', { username: 'renamed' }, 'username'],
    ['PATCH', '/api/users/:victim', 'a short display name', { displayName: 'ab' }, 'displayName'],
    ['PATCH', '/api/users/:victim', 'enabled as a number', { enabled: 0 }, 'enabled'],
    ['PUT', '/api/users/:victim/password', 'a short password', { password: '1234' }, 'password'],
    ['PUT', '/api/users/:victim/password', 'no password', {}, 'password'],
    ['PUT', '/api/users/:victim/groups', 'groupIds as text', { groupIds: '1' }, 'groupIds'],
    ['PUT', '/api/users/:victim/groups', 'a zero group id', { groupIds: [0] }, 'groupIds.0'],
    ['PUT', '/api/users/:victim/role', 'an unknown role', { role: 'superuser' }, 'role'],
    ['PUT', '/api/users/:victim/role', 'the old admin flag instead of a role', { admin: true }, 'role'],
    ['POST', '/api/users', 'an unknown role', { ...user(), role: 'root' }, 'role'],
    ['POST', '/api/users/:victim/enable', 'a body with a field', { now: true }, 'now'],
    ['POST', '/api/users/delete', 'no ids', { userIds: [] }, 'userIds'],
    ['POST', '/api/users/delete', 'a fractional id', { userIds: [1.5] }, 'userIds.0'],
    ['POST', '/api/groups', 'an empty name', { name: '' }, 'name'],
    ['POST', '/api/groups', 'a long name', { name: 'g'.repeat(65) }, 'name'],
    ['POST', '/api/groups', 'no name', {}, 'name'],
    ['POST', '/api/groups/:group/members', 'a negative id', { userIds: [-1] }, 'userIds.0'],
    ['POST', '/api/auth/token', 'no password', { username: 'owner' }, 'password'],
    ['POST', '/api/auth/token', 'an empty username', { username: '', password: 'x' }, 'username'],
    ['POST', '/api/auth/refresh', 'no refresh token', {}, 'refreshToken'],
    ['POST', '/api/users', 'malformed JSON', '{"username": ', undefined],
    ['POST', '/api/users', 'a list instead of an object', '[1, 2]', undefined],
    ['POST', '/api/users', 'no body at all', '', undefined],
  ];

  it('refuses each bad body with 400 and its field, writing nothing', async () => {
    for (const [method, template, label, body, field] of cases()) {
      const path = template.replace(':victim', String(victim.id)).replace(':group', String(group.id));
      const options: CallOptions =
        typeof body === 'string' ? { token: admin(), raw: body } : { token: admin(), body };
      const answer = await refused(method, path, options);
      expect(answer.status, `${method} ${path} with ${label}`).toBe(400);
      expect(answer.body.code).toBe('INVALID_INPUT');
      expect(answer.body.field, `${method} ${path} with ${label}`).toBe(field);
      expect(answer.body.detail.length).toBeGreaterThan(0);
    }
  });

  it.each([
    ['/api/users/abc', 'userId'],
    ['/api/users/0', 'userId'],
    ['/api/users/-3', 'userId'],
    ['/api/users/99999999999999999999', 'userId'],
    ['/api/groups/1.5', 'groupId'],
    ['/api/users?limit=0', 'limit'],
    ['/api/users?limit=501', 'limit'],
    ['/api/users?limit=ten', 'limit'],
    ['/api/users?offset=-1', 'offset'],
    ['/api/users?sort=name', 'sort'],
    ['/api/users?q=a&q=b', 'q'],
    ['/api/users/1?expand=all', 'expand'],
    ['/api/groups?__proto__=x', '__proto__'],
    ['/api/health?verbose=1', 'verbose'],
  ])('refuses GET %s with the field %s', async (path, field) => {
    const answer = await refused('GET', path, { token: admin() });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'INVALID_INPUT', field });
  });

  it('refuses a malformed member id in a path', async () => {
    const answer = await refused('DELETE', `/api/groups/${group.id}/members/abc`, { token: admin() });
    expect(answer.status).toBe(400);
    expect(answer.body.field).toBe('userId');
  });
});

describe('413, 415 and 405', () => {
  it('refuses a body over the limit with 413, writing nothing', async () => {
    const huge = JSON.stringify({ ...newUserFields('huge'), displayName: 'x'.repeat(1024 * 1024) });
    const answer = await refused('POST', '/api/users', { token: admin(), raw: huge });
    expect(answer.status).toBe(413);
    expect(answer.body.code).toBe('PAYLOAD_TOO_LARGE');
    // The connection is still usable afterwards.
    expect((await served().api.call('GET', '/api/health')).status).toBe(200);
  });

  it('takes the largest valid bulk request (10,000 ids of 16 digits) under the limit', async () => {
    const userIds = Array.from({ length: 10_000 }, (_, index) => 1_000_000_000_000_000 + index);
    const answer = await refused('POST', `/api/groups/${group.id}/members`, {
      token: admin(),
      body: { userIds },
    });
    expect(answer.status).toBe(404);
    expect(answer.body.field).toBe('userIds');
  });

  it.each([
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/jsonx',
  ])('refuses the content type %s with 415, writing nothing', async (contentType) => {
    const answer = await refused('POST', '/api/users', {
      token: admin(),
      raw: JSON.stringify(newUserFields('typed')),
      contentType,
    });
    expect(answer.status).toBe(415);
    expect(answer.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses a method a path does not take with 405 and the allowed ones', async () => {
    const answer = await refused('PUT', '/api/users', { token: admin(), body: {} });
    expect(answer.status).toBe(405);
    expect(answer.body.code).toBe('METHOD_NOT_ALLOWED');
    expect(answer.headers.get('allow')).toBe('GET, POST');
  });
});

describe('404', () => {
  it.each(['/api/nope', '/nope', '/', '/api/users/', '/api//users', '/api/users/1/nope'])(
    'answers the unknown path %s',
    async (path) => {
      const answer = await refused('GET', path, { token: admin() });
      expect(answer.status).toBe(404);
      expect(answer.body.code).toBe('NOT_FOUND');
    },
  );

  it('answers every route about a user or group that does not exist, writing nothing', async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', `/api/users/${NO_SUCH}`],
      ['PATCH', `/api/users/${NO_SUCH}`, { displayName: 'Nobody here' }],
      ['DELETE', `/api/users/${NO_SUCH}`],
      ['POST', `/api/users/${NO_SUCH}/enable`],
      ['POST', `/api/users/${NO_SUCH}/disable`],
      ['PUT', `/api/users/${NO_SUCH}/password`, { password: 'whatever1' }],
      ['PUT', `/api/users/${NO_SUCH}/groups`, { groupIds: [] }],
      ['GET', `/api/users/${NO_SUCH}/access`],
      ['PUT', `/api/users/${NO_SUCH}/role`, { role: 'auditor' }],
      ['POST', `/api/users/${NO_SUCH}/unlock`],
      ['POST', `/api/users/${NO_SUCH}/tokens`],
      ['GET', `/api/users/${NO_SUCH}/tokens`],
      ['DELETE', `/api/users/${NO_SUCH}/tokens`],
      ['GET', `/api/users/${victim.id}/tokens`],
      ['PUT', `/api/users/${victim.id}/groups`, { groupIds: [NO_SUCH] }],
      ['GET', `/api/groups/${NO_SUCH}`],
      ['PATCH', `/api/groups/${NO_SUCH}`, { name: 'Nowhere' }],
      ['DELETE', `/api/groups/${NO_SUCH}`],
      ['GET', `/api/groups/${NO_SUCH}/members`],
      ['POST', `/api/groups/${NO_SUCH}/members`, { userIds: [victim.id] }],
      ['POST', `/api/groups/${group.id}/members`, { userIds: [victim.id, NO_SUCH] }],
      ['POST', `/api/groups/${NO_SUCH}/members/delete`, { userIds: [victim.id] }],
      ['DELETE', `/api/groups/${NO_SUCH}/members/${victim.id}`],
      ['DELETE', `/api/groups/${group.id}/members/${NO_SUCH}`],
    ];
    for (const [method, path, body] of routes) {
      const answer = await refused(method, path, { token: admin(), ...(body === undefined ? {} : { body }) });
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.body.code).toBe('NOT_FOUND');
      expect(answer.body.field, `${method} ${path}`).toMatch(/^(userId|userIds|groupId|groupIds|token)$/);
    }
  });
});

describe('409', () => {
  it('refuses a username that is taken, in any case, naming the field', async () => {
    for (const username of [victim.username, victim.username.toUpperCase()]) {
      const answer = await refused('POST', '/api/users', {
        token: admin(),
        body: { ...newUserFields('dup'), username },
      });
      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({ code: 'CONFLICT', field: 'username' });
    }
  });

  it('refuses a group name that is taken, in any case', async () => {
    const answer = await refused('POST', '/api/groups', { token: admin(), body: { name: 'REFUSALS' } });
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ code: 'CONFLICT', field: 'name' });
  });

  it('refuses a token for a disabled user', async () => {
    const fields = newUserFields('off');
    const off = (
      await served().api.call<UserDetail>('POST', '/api/users', {
        token: admin(),
        body: { ...fields, enabled: false },
      })
    ).body;
    const answer = await refused('POST', `/api/users/${off.id}/tokens`, { token: admin() });
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('CONFLICT');
  });

  it('refuses to leave no enabled administrator, every way', async () => {
    const routes: [string, string, unknown?][] = [
      ['DELETE', '/api/users/1'],
      ['POST', '/api/users/delete', { userIds: [victim.id, 1] }],
      ['POST', '/api/users/1/disable'],
      ['PATCH', '/api/users/1', { enabled: false }],
      ['PUT', '/api/users/1/role', { role: 'user' }],
      ['PUT', '/api/users/1/role', { role: 'userManager' }],
    ];
    for (const [method, path, body] of routes) {
      const answer = await refused(method, path, { token: admin(), ...(body === undefined ? {} : { body }) });
      expect(answer.status, `${method} ${path}`).toBe(409);
      expect(answer.body).toMatchObject({
        code: 'CONFLICT',
        detail: 'That would leave no enabled administrator.',
      });
    }
  });
});

describe('after all of that', () => {
  it('the victim is exactly as it was created', async () => {
    const answer = await served().api.call<UserDetail>('GET', `/api/users/${victim.id}`, { token: admin() });
    expect(answer.body).toEqual(victim);
  });
});
