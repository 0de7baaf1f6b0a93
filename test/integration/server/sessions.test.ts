import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedTokens } from '../../../shared/api/auth';
import type { Page, SessionInfo, UserDetail, UserSummary } from '../../../shared/domain/directory';
import type { Role } from '../../../shared/domain/roles';
import type { ApiError, CallOptions } from './support/api';
import { startLocalServer, type LocalServer } from './support/localServer';
import { newUserFields } from './support/servedInstance';

/**
 * A user's sign-in sessions as administrators see them, through a real HTTP server built in this
 * process: behind a trusted proxy (the client address is the last X-Forwarded-For), with a clock
 * the test moves, so that every time the list shows can be compared to the millisecond.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const REFRESH_SECONDS = 24 * 60 * 60;
let local: LocalServer;
let admin: string;

beforeAll(async () => {
  local = await startLocalServer({
    trustProxy: true,
    tokenTtl: { accessSeconds: 60 * 60, refreshSeconds: REFRESH_SECONDS },
  });
  admin = await local.adminToken();
});
afterAll(() => local.close());

const at = (ms: number) => new Date(ms).toISOString();
const from = (address: string): CallOptions => ({ headers: { 'X-Forwarded-For': address } });

const call = <T = unknown>(method: string, path: string, options: CallOptions = {}) =>
  local.api.call<T>(method, path, options);
const asAdmin = <T = unknown>(method: string, path: string, options: CallOptions = {}) =>
  call<T>(method, path, { token: admin, ...options });

/** A new account with `role` (not signed in). */
async function account(role: Role = 'user') {
  const fields = { ...newUserFields('session'), role };
  const made = await asAdmin<UserDetail>('POST', '/api/users', { body: fields });
  expect(made.status).toBe(201);
  return { ...fields, id: made.body.id };
}

async function login(user: { username: string; password: string }, address = '192.0.2.1') {
  const answer = await call<IssuedTokens>('POST', '/api/auth/token', {
    body: { username: user.username, password: user.password },
    ...from(address),
  });
  expect(answer.status).toBe(200);
  return answer.body;
}

async function sessionsOf(id: number, token = admin): Promise<SessionInfo[]> {
  const answer = await call<SessionInfo[]>('GET', `/api/users/${id}/sessions`, { token });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

/** Each session's tokens are refused: the access token at once, the refresh token too. */
async function expectEnded(sessions: readonly IssuedTokens[]) {
  for (const session of sessions) {
    expect((await call('GET', '/api/auth/me', { token: session.accessToken })).status).toBe(401);
    const refreshed = await call('POST', '/api/auth/refresh', {
      body: { refreshToken: session.refreshToken },
    });
    expect(refreshed.status).toBe(401);
  }
}

describe('GET /api/users/{userId}/sessions', () => {
  it('lists two sign-ins from two addresses, newest first, with their start, last use and address', async () => {
    const user = await account();
    const first = local.clock.now;
    await login(user, '203.0.113.5');
    local.clock.advance(SECOND);
    await login(user, '198.51.100.7');
    const listed = await sessionsOf(user.id);
    expect(listed).toEqual([
      {
        id: expect.any(Number) as unknown,
        createdAt: at(first + SECOND),
        lastUsedAt: at(first + SECOND),
        clientAddress: '198.51.100.7',
        expiresAt: at(first + SECOND + REFRESH_SECONDS * SECOND),
      },
      {
        id: expect.any(Number) as unknown,
        createdAt: at(first),
        lastUsedAt: at(first),
        clientAddress: '203.0.113.5',
        expiresAt: at(first + REFRESH_SECONDS * SECOND),
      },
    ]);
    expect(listed[0]?.id).toBeGreaterThan(listed[1]?.id ?? Infinity);
  });

  it('a refresh keeps the start and moves the last use; requests move it at most once a minute', async () => {
    const user = await account();
    const start = local.clock.now;
    const tokens = await login(user, '203.0.113.10');
    const [session] = await sessionsOf(user.id);

    // Within the minute nothing is written, not even for requests from alternating addresses.
    const before = local.observer.state();
    for (const [step, address] of [
      [20, '203.0.113.10'],
      [20, '203.0.113.11'],
      [19, '203.0.113.10'],
    ] as const) {
      local.clock.advance(step * SECOND);
      const me = await call('GET', '/api/auth/me', { token: tokens.accessToken, ...from(address) });
      expect(me.status).toBe(200);
    }
    expect(local.observer.state(), 'not written within the minute').toEqual(before);
    expect(await sessionsOf(user.id)).toEqual([session]);
    local.clock.advance(2 * SECOND);
    await call('GET', '/api/auth/me', { token: tokens.accessToken, ...from('203.0.113.11') });
    expect(await sessionsOf(user.id)).toEqual([
      { ...session, lastUsedAt: at(start + 61 * SECOND), clientAddress: '203.0.113.11' },
    ]);

    local.clock.advance(5 * MINUTE);
    const refreshed = await call<IssuedTokens>('POST', '/api/auth/refresh', {
      body: { refreshToken: tokens.refreshToken },
      ...from('198.51.100.20'),
    });
    expect(refreshed.status).toBe(200);
    const now = local.clock.now;
    expect(await sessionsOf(user.id)).toEqual([
      {
        id: session?.id,
        createdAt: at(start),
        lastUsedAt: at(now),
        clientAddress: '198.51.100.20',
        expiresAt: at(now + REFRESH_SECONDS * SECOND),
      },
    ]);
  });

  it('shows sessions to an Auditor, who may not end them (403); a User sees none', async () => {
    const user = await account();
    await login(user);
    const auditor = await account('auditor');
    const auditorToken = (await login(auditor)).accessToken;
    expect(await sessionsOf(user.id, auditorToken)).toHaveLength(1);
    const before = local.observer.state();
    const refused = await call<ApiError>('DELETE', `/api/users/${user.id}/sessions`, { token: auditorToken });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    expect(local.observer.state()).toEqual(before);
    expect(await sessionsOf(user.id)).toHaveLength(1);

    const plain = (await login(await account())).accessToken;
    expect((await call('GET', `/api/users/${user.id}/sessions`, { token: plain })).status).toBe(403);
  });
});

describe('DELETE /api/users/{userId}/sessions', () => {
  it('ends every session: access and refresh tokens are refused, and the audit log says how many', async () => {
    const user = await account();
    const sessions = [await login(user, '203.0.113.1'), await login(user, '203.0.113.2')];
    const ended = await asAdmin<{ ended: number }>('DELETE', `/api/users/${user.id}/sessions`);
    expect(ended.status).toBe(200);
    expect(ended.body).toEqual({ ended: 2 });
    expect(await sessionsOf(user.id)).toEqual([]);
    await expectEnded(sessions);
    const entry = local.observer.audit('user.endSessions').at(-1);
    expect(entry).toMatchObject({ actor: 'api:owner', target_id: user.id });
    expect(JSON.parse(entry?.after ?? '{}')).toEqual({ sessionsEnded: 2 });
    expect((await asAdmin('DELETE', `/api/users/${user.id}/sessions`)).body).toEqual({ ended: 0 });
    // The user signs in again as before.
    await login(user);
    expect(await sessionsOf(user.id)).toHaveLength(1);
  });

  it('a User manager may not end an Administrator’s sessions (403)', async () => {
    const manager = await account('userManager');
    const managerToken = (await login(manager)).accessToken;
    const target = await account('administrator');
    const live = await login(target);
    const refused = await call<ApiError>('DELETE', `/api/users/${target.id}/sessions`, {
      token: managerToken,
    });
    expect(refused.status).toBe(403);
    expect((await call('GET', '/api/auth/me', { token: live.accessToken })).status).toBe(200);
  });
});

describe('what else ends sessions', () => {
  const ways: [string, (id: number) => Promise<number>][] = [
    ['disabling', async (id) => (await asAdmin('POST', `/api/users/${id}/disable`)).status],
    [
      'a role change',
      async (id) => (await asAdmin('PUT', `/api/users/${id}/role`, { body: { role: 'auditor' } })).status,
    ],
    ['a password reset', async (id) => (await asAdmin('POST', `/api/users/${id}/password-reset`)).status],
  ];

  it.each(ways)('%s ends every session of the user', async (_way, act) => {
    const user = await account();
    const sessions = [await login(user, '203.0.113.3'), await login(user, '203.0.113.4')];
    expect(await sessionsOf(user.id)).toHaveLength(2);
    expect(await act(user.id)).toBe(200);
    expect(await sessionsOf(user.id)).toEqual([]);
    await expectEnded(sessions);
  });

  it('deleting the user ends its sessions', async () => {
    const user = await account();
    const sessions = [await login(user)];
    expect((await asAdmin('DELETE', `/api/users/${user.id}`)).status).toBe(204);
    expect((await asAdmin('GET', `/api/users/${user.id}/sessions`)).status).toBe(404);
    expect(
      local.observer.db.prepare('SELECT count(*) FROM sessions WHERE user_id = ?').pluck().get(user.id),
    ).toBe(0);
    await expectEnded(sessions);
  });
});

describe('lastSignInAt', () => {
  it('is set by each sign-in (not by a refresh) and moves neither the version nor the ETag', async () => {
    const user = await account();
    const summary = async () => {
      const answer = await asAdmin<Page<UserSummary>>('GET', `/api/users?q=${user.username}`);
      return answer.body.items.find((item) => item.username === user.username);
    };
    const read = async () => {
      const answer = await asAdmin<UserDetail>('GET', `/api/users/${user.id}`);
      return { etag: answer.headers.get('etag'), detail: answer.body };
    };
    const before = await read();
    expect((await summary())?.lastSignInAt).toBeNull();

    const first = local.clock.now;
    const tokens = await login(user);
    expect((await summary())?.lastSignInAt).toBe(at(first));
    const after = await read();
    expect(after.etag).toBe(before.etag);
    expect(after.detail).toEqual({ ...before.detail, lastSignInAt: at(first) });

    local.clock.advance(10 * MINUTE);
    await call('POST', '/api/auth/refresh', { body: { refreshToken: tokens.refreshToken } });
    expect((await summary())?.lastSignInAt, 'a refresh is not a sign-in').toBe(at(first));
    await login(user);
    expect((await summary())?.lastSignInAt).toBe(at(first + 10 * MINUTE));
    // The version read before any sign-in still guards a write.
    const patched = await asAdmin('PATCH', `/api/users/${user.id}`, {
      body: { displayName: 'Still Current' },
      headers: { 'If-Match': before.etag ?? '' },
    });
    expect(patched.status).toBe(200);
  });
});
