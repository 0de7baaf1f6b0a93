import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import type { UserDetail } from '../../../shared/domain/directory';
import type { Role } from '../../../shared/domain/roles';
import { rawRequest, type RawAnswer } from './support/api';
import { newUserFields, useServedInstance } from './support/servedInstance';

/**
 * A refused sign-in reveals nothing, through a real server process: an unknown username, a wrong
 * password, a locked account (with its right password), a disabled account (with its right
 * password) and an API user (with its right password) get the same answer, byte for byte, with
 * the same headers, and take the same time, since each of them costs one password hash. The lock
 * is still there, for administrators to see.
 */

const MAX_FAILURES = 3;
// A high per-address limit: the many failures of this file must never meet it.
const served = useServedInstance(['--max-failed-logins', String(MAX_FAILURES), '--address-limit', '1000']);

const THE_ANSWER = {
  type: 'urn:roster:problem:unauthenticated',
  title: 'Unauthorized',
  status: 401,
  detail: 'Wrong username or password, or the account is locked or disabled.',
  code: 'UNAUTHENTICATED',
};

interface Account {
  id: number;
  username: string;
  password: string;
}

async function createAccount(role: Role = 'user'): Promise<Account> {
  const fields = { ...newUserFields('reveal'), role };
  const answer = await served().api.call<UserDetail>('POST', '/api/users', {
    token: served().adminToken,
    body: fields,
  });
  expect(answer.status).toBe(201);
  return { id: answer.body.id, username: fields.username, password: fields.password };
}

const asAdmin = async (method: string, path: string) => {
  const answer = await served().api.call(method, path, { token: served().adminToken });
  expect(answer.status, `${method} ${path}`).toBe(200);
  return answer.body;
};
const access = (account: Account) =>
  served()
    .api.call<{ failedLogins: number; lockedUntil: string | null }>(
      'GET',
      `/api/users/${account.id}/access`,
      {
        token: served().adminToken,
      },
    )
    .then((answer) => answer.body);

/** A sign-in as any client sends it, with the answer's raw text and headers. */
const login = (username: string, password: string): Promise<RawAnswer> =>
  rawRequest(`${served().server.url}/api/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });

/** The headers a refusal is told apart by, without the two that differ for every answer. */
const comparableHeaders = (answer: RawAnswer) =>
  Object.fromEntries(
    Object.entries(answer.headers)
      .filter(([name]) => name !== 'date' && name !== 'x-request-id')
      .sort(([a], [b]) => a.localeCompare(b)),
  );

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

type Kind = 'wrong password' | 'unknown username' | 'locked' | 'disabled' | 'API user';
const KINDS: readonly Kind[] = ['wrong password', 'unknown username', 'locked', 'disabled', 'API user'];

/** One account of each kind, ready; `attempt` makes one refused sign-in of that kind. */
async function setUp() {
  const plain = await createAccount();
  const locked = await createAccount();
  const disabled = await createAccount();
  const api = await createAccount('apiUser');
  await asAdmin('POST', `/api/users/${disabled.id}/disable`);
  const locking: RawAnswer[] = [];
  for (let attempt = 0; attempt < MAX_FAILURES; attempt++)
    locking.push(await login(locked.username, 'wrong-password'));
  let unknown = 0;
  const attempt: Record<Kind, () => Promise<RawAnswer>> = {
    'wrong password': () => login(plain.username, 'wrong-password'),
    'unknown username': () => login(`nobody-${process.pid}-${(unknown += 1)}`, plain.password),
    locked: () => login(locked.username, locked.password),
    disabled: () => login(disabled.username, disabled.password),
    'API user': () => login(api.username, api.password),
  };
  /**
   * After an attempt: the wrong passwords and the API user's password are counted, so the two
   * accounts are unlocked (unmeasured) to keep them from locking and being refused as locked.
   */
  const reset: Partial<Record<Kind, () => Promise<unknown>>> = {
    'wrong password': () => asAdmin('POST', `/api/users/${plain.id}/unlock`),
    'API user': () => asAdmin('POST', `/api/users/${api.id}/unlock`),
  };
  return { plain, locked, disabled, api, locking, attempt, reset };
}

describe('a refused sign-in', () => {
  it('answers 401 with the same body and headers for an unknown username, a wrong password, a locked, a disabled account and an API user', async () => {
    const { plain, locked, api, locking, attempt, reset } = await setUp();
    const answers: [string, RawAnswer][] = locking.map((answer, index) => [`locking #${index + 1}`, answer]);
    for (const kind of KINDS) {
      answers.push([kind, await attempt[kind]()]);
      await reset[kind]?.();
    }
    const [, first] = answers[0] ?? [];
    expect(first).toBeDefined();
    for (const [what, answer] of answers) {
      expect(answer.status, what).toBe(401);
      expect(JSON.parse(answer.text), what).toEqual(THE_ANSWER);
      expect(answer.text, what).toBe(first?.text);
      expect(answer.headers['content-type'], what).toBe('application/problem+json; charset=utf-8');
      expect(answer.headers['www-authenticate'], what).toBe('Bearer realm="Roster"');
      expect(answer.headers['retry-after'], what).toBeUndefined();
      expect(comparableHeaders(answer), what).toEqual(comparableHeaders(first as RawAnswer));
    }
    // What told the refusals apart was only the account: the right passwords work where nothing stops them.
    expect((await login(plain.username, plain.password)).status).toBe(200);
    expect((await access(locked)).lockedUntil).toEqual(expect.any(String));
    expect(served().observer.account(api.username)?.role).toBe('apiUser');
  }, 60_000);

  it('takes as long for each kind as for a wrong password: each costs one password hash', async () => {
    const { attempt, reset } = await setUp();
    const timed = async (kind: Kind) => {
      const started = performance.now();
      const answer = await attempt[kind]();
      const took = performance.now() - started;
      expect(answer.status, kind).toBe(401);
      await reset[kind]?.();
      return took;
    };
    // Warm-up: the server's and this process's first requests of each kind are not measured.
    for (let round = 0; round < 2; round++) for (const kind of KINDS) await timed(kind);

    const ROUNDS = 7;
    const times = Object.fromEntries(KINDS.map((kind) => [kind, [] as number[]])) as Record<Kind, number[]>;
    for (let round = 0; round < ROUNDS; round++)
      for (let index = 0; index < KINDS.length; index++) {
        // Interleaved, in an order that turns every round, so that no kind always follows another.
        const kind = KINDS[(index + round) % KINDS.length] as Kind;
        times[kind].push(await timed(kind));
      }
    // For scale: an answer that checks no password at all.
    const unhashed: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const started = performance.now();
      expect((await rawRequest(`${served().server.url}/api/health`)).status).toBe(200);
      unhashed.push(performance.now() - started);
    }

    const medians = Object.fromEntries(KINDS.map((kind) => [kind, median(times[kind])])) as Record<
      Kind,
      number
    >;
    const figures = JSON.stringify(
      { ...medians, 'no hash (GET /api/health)': median(unhashed) },
      (_, value: unknown) => (typeof value === 'number' ? Math.round(value * 10) / 10 : value),
    );
    const baseline = medians['wrong password'];
    // The measurement can tell a hash from none: a missing hash would be far outside the band.
    expect(baseline, figures).toBeGreaterThan(3 * median(unhashed));
    for (const kind of KINDS) {
      expect(medians[kind], `${kind}: ${figures}`).toBeGreaterThanOrEqual(0.5 * baseline);
      expect(medians[kind], `${kind}: ${figures}`).toBeLessThanOrEqual(2 * baseline);
    }
  }, 90_000);

  it('still locks the account: the audit log and the administrator see it, and while locked no password is checked or counted', async () => {
    const { locked, locking } = await setUp();
    expect(locking.map((answer) => answer.status)).toEqual([401, 401, 401]);
    const account = served().observer.account(locked.username);
    expect(account).toMatchObject({
      failed_logins: MAX_FAILURES,
      locked_until: expect.any(String) as string,
    });
    const lockedUntil = account?.locked_until ?? '';
    // The default lock, 15 minutes from the failure that locked it.
    const left = Date.parse(lockedUntil) - Date.now();
    expect(left).toBeGreaterThan(14 * 60_000);
    expect(left).toBeLessThanOrEqual(15 * 60_000);

    const locks = served()
      .observer.audit('user.lock')
      .filter((row) => row.target_id === locked.id);
    expect(locks).toHaveLength(1);
    expect(locks[0]?.actor).toBe('login from 127.0.0.1');
    expect(JSON.parse(locks[0]?.after ?? '{}')).toEqual({ failedLogins: MAX_FAILURES, lockedUntil });
    expect(await access(locked)).toEqual({ failedLogins: MAX_FAILURES, lockedUntil });

    // Guesses while locked, right and wrong: refused alike, and neither counted nor checked.
    for (const password of [locked.password, 'wrong-password', locked.password, 'another-guess'])
      expect((await login(locked.username, password)).status).toBe(401);
    expect(await access(locked)).toEqual({ failedLogins: MAX_FAILURES, lockedUntil });
    expect(served().observer.account(locked.username)).toMatchObject({
      failed_logins: MAX_FAILURES,
      locked_until: lockedUntil,
    });
    expect(
      served()
        .observer.audit('user.lock')
        .filter((row) => row.target_id === locked.id),
    ).toHaveLength(1);

    // The administrator unlocks it; the right password then works.
    expect(await asAdmin('POST', `/api/users/${locked.id}/unlock`)).toEqual({
      failedLogins: 0,
      lockedUntil: null,
    });
    expect((await login(locked.username, locked.password)).status).toBe(200);
  });
});
