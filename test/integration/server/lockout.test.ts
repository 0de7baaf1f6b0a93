import { describe, expect, it } from 'vitest';
import type { UserDetail } from '../../../shared/domain/directory';
import { rawRequest, type Answer, type ApiError } from './support/api';
import { ADMIN } from './support/instanceFile';
import { newUserFields, useServedInstance, type ServedInstance } from './support/servedInstance';

/**
 * Lockout through real server processes: 5 failed logins lock an account (here
 * for 6 seconds, so that its end can be seen), counted atomically; an
 * administrator unlocks; and one client address is held to its own limit.
 */

interface TestUser {
  id: number;
  username: string;
  password: string;
}

async function createUser(served: ServedInstance): Promise<TestUser> {
  const fields = newUserFields('lock');
  const answer = await served.api.call<UserDetail>('POST', '/api/users', {
    token: served.adminToken,
    body: fields,
  });
  expect(answer.status).toBe(201);
  return { ...fields, id: answer.body.id };
}

const login = (served: ServedInstance, username: string, password: string): Promise<Answer<ApiError>> =>
  served.api.call<ApiError>('POST', '/api/auth/token', { body: { username, password } });

/** The same from another loopback address: another client, as far as the per-address limit can tell. */
async function loginFrom(served: ServedInstance, localAddress: string, username: string, password: string) {
  const answer = await rawRequest(`${served.server.url}/api/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
    localAddress,
  });
  return { status: answer.status, body: JSON.parse(answer.text) as ApiError };
}

const countStatuses = (answers: { status: number }[]) =>
  answers.reduce<Record<number, number>>(
    (counts, { status }) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }),
    {},
  );

describe('the account lockout', () => {
  const LOCK_SECONDS = 8;
  const served = useServedInstance(['--lock-minutes', String(LOCK_SECONDS / 60), '--address-limit', '1000']);

  it('locks after 5 wrong passwords; then even the right one is refused, with the answer a wrong one gets', async () => {
    const user = await createUser(served());
    const first = await login(served(), user.username, 'wrong-password');
    expect(first.status).toBe(401);
    expect(served().observer.account(user.username)?.failed_logins).toBe(1);
    for (let attempt = 2; attempt <= 4; attempt++) {
      const answer = await login(served(), user.username, 'wrong-password');
      expect(answer.status).toBe(401);
      expect(served().observer.account(user.username)?.failed_logins).toBe(attempt);
    }
    const lockedAt = Date.now();
    const fifth = await login(served(), user.username, 'wrong-password');
    // The failure that locks looks like any other: nothing tells the caller about the lock.
    expect(fifth.status).toBe(401);
    expect(fifth.body).toEqual(first.body);
    expect(fifth.headers.get('retry-after')).toBeNull();
    const lockedUntil = served().observer.account(user.username)?.locked_until ?? '';
    // The lock's time, counted from the request (to a few milliseconds of the minutes' rounding).
    expect(Date.parse(lockedUntil) - lockedAt).toBeGreaterThanOrEqual(LOCK_SECONDS * 1000 - 5);
    expect(Date.parse(lockedUntil) - Date.now()).toBeLessThanOrEqual(LOCK_SECONDS * 1000);

    const right = await login(served(), user.username, user.password);
    expect(right.status).toBe(401);
    expect(right.body).toEqual(first.body);
    expect(right.headers.get('retry-after')).toBeNull();
    const account = served().observer.account(user.username);
    expect(account?.failed_logins).toBe(5);
    expect(account?.locked_until).toBe(lockedUntil);

    const status = await served().api.call('GET', `/api/users/${user.id}/access`, {
      token: served().adminToken,
    });
    expect(status.body).toEqual({ failedLogins: 5, lockedUntil: account?.locked_until });
    const locks = served()
      .observer.audit('user.lock')
      .filter((row) => row.target_id === user.id);
    expect(locks).toHaveLength(1);
    expect(locks[0]?.actor).toBe('login from 127.0.0.1');
  });

  it('a right password before the limit clears the count', async () => {
    const user = await createUser(served());
    for (let attempt = 0; attempt < 3; attempt++) await login(served(), user.username, 'wrong-password');
    expect(served().observer.account(user.username)?.failed_logins).toBe(3);
    expect((await login(served(), user.username, user.password)).status).toBe(200);
    expect(served().observer.account(user.username)).toMatchObject({ failed_logins: 0, locked_until: null });
  });

  it('20 wrong passwords at once count at most 5 attempts and lock the account', async () => {
    const user = await createUser(served());
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => login(served(), user.username, 'wrong-password')),
    );
    expect(served().observer.account(user.username)?.failed_logins).toBe(5);
    // 4 checked and wrong, the 5th checked, wrong and locking, 15 refused unchecked: all alike.
    expect(countStatuses(answers)).toEqual({ 401: 20 });
    expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
    expect(served().observer.account(user.username)?.locked_until).toEqual(expect.any(String));
    expect((await login(served(), user.username, user.password)).status).toBe(401);
    expect(served().observer.account(user.username)?.failed_logins).toBe(5);
    const locks = served()
      .observer.audit('user.lock')
      .filter((row) => row.target_id === user.id);
    expect(locks).toHaveLength(1);
  });

  it('an administrator unlocks an account; the right password then works at once', async () => {
    const user = await createUser(served());
    for (let attempt = 0; attempt < 5; attempt++) await login(served(), user.username, 'wrong-password');
    expect((await login(served(), user.username, user.password)).status).toBe(401);
    expect(served().observer.account(user.username)?.locked_until).toEqual(expect.any(String));

    const unlocked = await served().api.call('POST', `/api/users/${user.id}/unlock`, {
      token: served().adminToken,
    });
    expect(unlocked.status).toBe(200);
    expect(unlocked.body).toEqual({ failedLogins: 0, lockedUntil: null });
    const entry = served()
      .observer.audit('user.unlock')
      .find((row) => row.target_id === user.id);
    expect(entry?.actor).toBe(`api:${ADMIN.username}`);
    expect(JSON.parse(entry?.before ?? '{}')).toMatchObject({ failedLogins: 5 });
    expect((await login(served(), user.username, user.password)).status).toBe(200);
  });

  it('unlocking an account that is not locked writes nothing', async () => {
    const user = await createUser(served());
    const before = served().observer.state();
    const answer = await served().api.call('POST', `/api/users/${user.id}/unlock`, {
      token: served().adminToken,
    });
    expect(answer.status).toBe(200);
    expect(served().observer.state()).toEqual(before);
  });

  it('a lock ends by itself after its time, and the count starts afresh', { timeout: 20_000 }, async () => {
    const user = await createUser(served());
    for (let attempt = 0; attempt < 5; attempt++) await login(served(), user.username, 'wrong-password');
    const lockedUntil = Date.parse(served().observer.account(user.username)?.locked_until ?? '');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, lockedUntil - Date.now()) + 200));
    expect((await login(served(), user.username, 'wrong-password')).status).toBe(401);
    expect(served().observer.account(user.username)).toMatchObject({ failed_logins: 1, locked_until: null });
    expect((await login(served(), user.username, user.password)).status).toBe(200);
  });
});

describe('the per-address limit', () => {
  const WINDOW_SECONDS = 8;
  const served = useServedInstance([
    '--address-limit',
    '8',
    '--address-window-minutes',
    String(WINDOW_SECONDS / 60),
  ]);

  it('refuses an address with 429 after 8 failures across usernames, before it can lock everyone', async () => {
    const [first, second, third, fourth] = [
      await createUser(served()),
      await createUser(served()),
      await createUser(served()),
      await createUser(served()),
    ];
    const users = [first, second, third, fourth];

    // Successful logins are not failures: they use none of the address's allowance.
    for (let index = 0; index < 10; index++)
      expect((await login(served(), first.username, first.password)).status).toBe(200);

    for (const user of [first, second])
      for (let attempt = 0; attempt < 4; attempt++)
        expect((await login(served(), user.username, 'wrong-password')).status).toBe(401);
    const limited = await login(served(), third.username, 'wrong-password');
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(limited.body.retryAfter).toBeGreaterThan(0);
    expect(limited.headers.get('retry-after')).toBe(String(limited.body.retryAfter));
    // Not counted against the account, and no account was locked.
    expect(served().observer.account(third.username)?.failed_logins).toBe(0);
    for (const user of users) expect(served().observer.account(user.username)?.locked_until).toBeNull();
    // The address is refused even with a right password; another address is not.
    expect((await login(served(), fourth.username, fourth.password)).status).toBe(429);
    expect((await loginFrom(served(), '127.0.0.2', fourth.username, fourth.password)).status).toBe(200);
  });

  it('holds for parallel attempts too: 30 at once from one address, at most 8 counted', async () => {
    const users: TestUser[] = [];
    for (let index = 0; index < 6; index++) users.push(await createUser(served()));
    const failures = () =>
      users.reduce((sum, user) => sum + (served().observer.account(user.username)?.failed_logins ?? 0), 0);
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, index) => {
        const user = users[index % users.length];
        return loginFrom(served(), '127.0.0.3', user?.username ?? '', 'wrong-password');
      }),
    );
    expect(failures()).toBe(8);
    expect(countStatuses(answers)[429]).toBe(22);
  });

  it('lets the address in again when its window has passed', { timeout: 30_000 }, async () => {
    const user = await createUser(served());
    const failures = await Promise.all(
      Array.from({ length: 8 }, () => loginFrom(served(), '127.0.0.4', 'nobody-at-all', 'wrong-password')),
    );
    expect(countStatuses(failures)).toEqual({ 401: 8 });
    const limited = await loginFrom(served(), '127.0.0.4', user.username, user.password);
    expect(limited.status).toBe(429);
    const wait = (limited.body.retryAfter ?? 0) * 1000;
    expect(wait).toBeLessThanOrEqual(WINDOW_SECONDS * 1000);
    await new Promise((resolve) => setTimeout(resolve, wait + 200));
    expect((await loginFrom(served(), '127.0.0.4', user.username, user.password)).status).toBe(200);
  });
});
