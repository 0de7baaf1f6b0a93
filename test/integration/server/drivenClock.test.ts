import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openInstanceDatabase } from '../../../electron/database/openDatabase';
import { createInstanceServer, type InstanceServer } from '../../../electron/server/createInstanceServer';
import { silentServerLog } from '../../../electron/server/serverLog';
import type { UserDetail } from '../../../shared/domain/directory';
import { makeTempDir } from '../../support/tempDir';
import { NATIVE_DIR } from '../directory/support/instanceDb';
import { apiClient, signIn, type ApiClient, type ApiError } from './support/api';
import { ADMIN, hasher, newInstanceFile, observe, type Observer } from './support/instanceFile';

/**
 * The same server, built in this process with a clock the test moves, so that
 * expiries are checked to the second without waiting: access and refresh
 * tokens, the account lock, the per-address window.
 */

const MINUTE = 60_000;
let clock: number;
let server: InstanceServer;
let api: ApiClient;
let observer: Observer;
let temp: ReturnType<typeof makeTempDir>;

beforeEach(async () => {
  temp = makeTempDir('roster-server-clock-');
  const file = path.join(temp.path, 'instance.sqlite');
  await newInstanceFile(file);
  clock = Date.parse('2030-01-01T00:00:00.000Z');
  server = createInstanceServer({
    storage: { kind: 'sqlite', db: openInstanceDatabase(file, { mode: 'open', nativeDir: NATIVE_DIR }) },
    hasher,
    log: silentServerLog,
    info: { name: 'test', version: '0' },
    now: () => new Date(clock),
    tokenTtl: { accessSeconds: 60, refreshSeconds: 600 },
    lockout: { maxFailures: 3, lockMs: 10 * MINUTE },
    addressLimit: { maxFailures: 6, windowMs: 30 * MINUTE },
  });
  api = apiClient((await server.listen(0, '127.0.0.1')).url);
  observer = observe(file);
});

afterEach(async () => {
  observer.close();
  await server.close();
  temp.remove();
});

const login = (username: string, password: string) =>
  api.call<ApiError>('POST', '/api/auth/token', { body: { username, password } });

describe('token lifetimes', () => {
  it('an access token works until its expiry, then answers 401; refreshing gives a new one', async () => {
    const tokens = (
      await api.call<{
        accessToken: string;
        refreshToken: string;
        expiresIn: number;
        accessExpiresAt: string;
      }>('POST', '/api/auth/token', { body: { username: ADMIN.username, password: ADMIN.password } })
    ).body;
    expect(tokens.expiresIn).toBe(60);
    expect(tokens.accessExpiresAt).toBe('2030-01-01T00:01:00.000Z');
    clock += 59_999;
    expect((await api.call('GET', '/api/auth/me', { token: tokens.accessToken })).status).toBe(200);
    clock += 1;
    const expired = await api.call<ApiError>('GET', '/api/auth/me', { token: tokens.accessToken });
    expect(expired.status).toBe(401);
    expect(expired.body.detail).toMatch(/expired/);
    const refreshed = await api.call<{ accessToken: string }>('POST', '/api/auth/refresh', {
      body: { refreshToken: tokens.refreshToken },
    });
    expect(refreshed.status).toBe(200);
    expect((await api.call('GET', '/api/auth/me', { token: refreshed.body.accessToken })).status).toBe(200);
  });

  it('a refresh token past its expiry answers 401 and its session is gone', async () => {
    const tokens = (
      await api.call<{ refreshToken: string }>('POST', '/api/auth/token', {
        body: { username: ADMIN.username, password: ADMIN.password },
      })
    ).body;
    clock += 600_000;
    expect(
      (await api.call('POST', '/api/auth/refresh', { body: { refreshToken: tokens.refreshToken } })).status,
    ).toBe(401);
    expect(observer.state().counts.sessions).toBe(0);
  });

  it('keeps at most 20 sessions per user, dropping the oldest', async () => {
    const first = await signIn(api, ADMIN.username, ADMIN.password);
    for (let index = 0; index < 20; index++) await signIn(api, ADMIN.username, ADMIN.password);
    expect(observer.state().counts.sessions).toBe(20);
    expect((await api.call('GET', '/api/auth/me', { token: first })).status).toBe(401);
  });
});

describe('lock and window times', () => {
  it('a lock lasts exactly its time: the administrator sees its end, and the right password works from then on', async () => {
    const admin = await signIn(api, ADMIN.username, ADMIN.password);
    const fields = {
      username: 'clocked',
      password: 'clocked-pw',
      displayName: 'Clocked',
      email: 'c@example.com',
    };
    const created = await api.call<UserDetail>('POST', '/api/users', { token: admin, body: fields });
    expect(created.status).toBe(201);
    // What an administrator sees, signed in afresh (access tokens last a minute of this clock).
    const access = async () =>
      (
        await api.call('GET', `/api/users/${created.body.id}/access`, {
          token: await signIn(api, ADMIN.username, ADMIN.password),
        })
      ).body;
    for (let attempt = 0; attempt < 3; attempt++) await login('clocked', 'wrong-password');
    expect(observer.account('clocked')?.locked_until).toBe('2030-01-01T00:10:00.000Z');
    expect(await access()).toEqual({ failedLogins: 3, lockedUntil: '2030-01-01T00:10:00.000Z' });
    clock += 4 * MINUTE;
    // While locked, the right password gets the answer a wrong one gets, with no hint of the lock.
    const locked = await login('clocked', fields.password);
    expect(locked.status).toBe(401);
    expect(locked.body.code).toBe('UNAUTHENTICATED');
    expect(locked.body.retryAfter).toBeUndefined();
    expect(locked.headers.get('retry-after')).toBeNull();
    expect(await access()).toEqual({ failedLogins: 3, lockedUntil: '2030-01-01T00:10:00.000Z' });
    clock += 6 * MINUTE - 1;
    expect((await login('clocked', fields.password)).status).toBe(401);
    expect(await access()).toEqual({ failedLogins: 3, lockedUntil: '2030-01-01T00:10:00.000Z' });
    clock += 1;
    expect((await login('clocked', fields.password)).status).toBe(200);
    expect(observer.account('clocked')).toMatchObject({ failed_logins: 0, locked_until: null });
    expect(await access()).toEqual({ failedLogins: 0, lockedUntil: null });
  });

  it('an address is let in again when its window ends', async () => {
    for (let attempt = 0; attempt < 6; attempt++)
      expect((await login(`nobody${attempt}`, 'wrong-password')).status).toBe(401);
    const limited = await login(ADMIN.username, ADMIN.password);
    expect(limited.status).toBe(429);
    expect(limited.body.retryAfter).toBe(30 * 60);
    clock += 30 * MINUTE;
    expect((await login(ADMIN.username, ADMIN.password)).status).toBe(200);
  });
});
