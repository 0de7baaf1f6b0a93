import { beforeAll, describe, expect, it } from 'vitest';
import type { UserDetail } from '../../../shared/domain/directory';
import { apiClient, type Answer, type ApiClient, type ApiError } from './support/api';
import { holdWriteLock, openAdminRestore, type AdminRestore } from './support/adminRace';
import { ADMIN } from './support/instanceFile';
import { newUserFields, useServedInstance } from './support/servedInstance';
import { START_TIMEOUT_MS, startServer, type RunningServer } from './support/serverProcess';

/**
 * The last enabled administrator cannot be removed, even by two requests at once, each removing
 * one of the last two, through real server processes. The rule is checked inside each write's
 * IMMEDIATE transaction; it used to be checked by the route handlers before the write, so two
 * PATCHes that also set a password (an argon2 hash, ~0.1 s, between that check and the write)
 * both passed the check and both succeeded, leaving nobody able to manage the instance.
 *
 * Each administrator removes itself, with its own session: the other request then never touches
 * the caller, so neither request can be refused for its token (401) or its role (403), and the
 * only refusal left is the rule's, 409 CONFLICT, which the loser must get every time. A
 * non-administrator stays enabled throughout, so a rule counting users instead of administrators
 * would let both through.
 *
 * One server: had the check stayed before the write's transaction, every pair whose PATCH is sent
 * first would have both succeed (the PATCH checks, hashes, and meanwhile the other checks and
 * writes). Two servers on the same file, their writes held at a gate until both wait for the lock:
 * had the transactions been DEFERRED, both would have read under the gate, and at least the second
 * would have failed its write with SQLITE_BUSY (500); IMMEDIATE makes it wait for the lock, then
 * read the first's commit and answer CONFLICT.
 */

type Way = 'disable' | 'delete' | 'demote';

const NEW_PASSWORD = 'race-new-pw-1';

/** Each way of removing an administrator, and the status that says it was done. */
const REQUESTS: Record<Way, { method: string; path: (id: number) => string; body?: unknown; done: number }> =
  {
    disable: {
      method: 'PATCH',
      path: (id) => `/api/users/${id}`,
      body: { enabled: false, password: NEW_PASSWORD },
      done: 200,
    },
    delete: { method: 'DELETE', path: (id) => `/api/users/${id}`, done: 204 },
    // A role change to User: the demotion that remains, now that administrator is a role.
    demote: { method: 'PUT', path: (id) => `/api/users/${id}/role`, body: { role: 'user' }, done: 200 },
  };

/** How each way leaves its target: `null` is no row at all. */
const REMOVED: Record<Way, { enabled: number; role: string } | null> = {
  disable: { enabled: 0, role: 'administrator' },
  delete: null,
  demote: { enabled: 1, role: 'user' },
};
const INTACT = { enabled: 1, role: 'administrator' };

const WAYS: readonly Way[] = ['disable', 'delete', 'demote'];
const ORDERED_PAIRS = WAYS.flatMap((first) => WAYS.map((second) => [first, second] as const));
const ROUNDS = 20;
/** Each gated round is as sure to make the transactions meet as the next, so a few suffice. */
const GATED_ROUNDS = 3;
const GATE_MS = 250;

describe('the last two administrators, each removing itself at the same moment', () => {
  const served = useServedInstance();
  let a = 0;
  let b = 0;
  let restore: AdminRestore;

  beforeAll(async () => {
    const { api, adminToken, observer, file } = served();
    a = observer.account(ADMIN.username)?.id ?? 0;
    const create = async () => {
      const answer = await api.call<UserDetail>('POST', '/api/users', {
        token: adminToken,
        body: { ...newUserFields('race'), enabled: true },
      });
      expect(answer.status).toBe(201);
      return answer.body.id;
    };
    b = await create();
    await create(); // enabled, never an administrator
    const promoted = await api.call('PUT', `/api/users/${b}/role`, {
      token: adminToken,
      body: { role: 'administrator' },
    });
    expect(promoted.status).toBe(200);
    restore = openAdminRestore(file, [a, b]);
    return () => restore.close();
  }, 10_000);

  const remove = (api: ApiClient, way: Way, id: number) => {
    const { method, path, body } = REQUESTS[way];
    return api.call<ApiError | undefined>(method, path(id), { token: restore.tokenOf(id), body });
  };
  const outcome = (way: Way, answer: Answer<ApiError | undefined>) => {
    if (answer.status === REQUESTS[way].done) return 'removed';
    if (answer.status === 409 && answer.body?.code === 'CONFLICT') return 'refused';
    return `unexpected ${answer.status} ${JSON.stringify(answer.body)}`;
  };
  const rowOf = (id: number) =>
    served().observer.db.prepare('SELECT enabled, role FROM users WHERE id = ?').get(id) ?? null;
  const enabledAdmins = () =>
    served()
      .observer.db.prepare("SELECT count(*) FROM users WHERE role = 'administrator' AND enabled = 1")
      .pluck()
      .get();

  /** One round: A removed through `apis[0]` and B through `apis[1]`, both sent at once; exactly one may win. */
  async function round(label: string, ways: readonly [Way, Way], apis: readonly [ApiClient, ApiClient]) {
    const [wayA, wayB] = ways;
    const answers = await Promise.all([remove(apis[0], wayA, a), remove(apis[1], wayB, b)]);
    const outcomes = [outcome(wayA, answers[0]), outcome(wayB, answers[1])];
    expect([...outcomes].sort(), `${label}: A ${outcomes[0]}, B ${outcomes[1]}`).toEqual([
      'refused',
      'removed',
    ]);
    expect(enabledAdmins(), label).toBe(1);
    const aRemoved = outcomes[0] === 'removed';
    expect(rowOf(a), `${label}: A`).toEqual(aRemoved ? REMOVED[wayA] : INTACT);
    expect(rowOf(b), `${label}: B`).toEqual(aRemoved ? INTACT : REMOVED[wayB]);
  }

  describe('through one server', () => {
    it.each(ORDERED_PAIRS)(
      'A by %s and B by %s: one is done, the other is 409 CONFLICT, one administrator remains (20 rounds)',
      async (wayA, wayB) => {
        const api = served().api;
        for (let n = 0; n < ROUNDS; n++) {
          restore.reset();
          expect(enabledAdmins()).toBe(2);
          await round(`round ${n}`, [wayA, wayB], [api, api]);
        }
      },
      15_000,
    );
  });

  describe('through two servers on the same file, both writes waiting for the write lock', () => {
    let second: RunningServer;
    beforeAll(async () => {
      second = await startServer(['--db', served().file]);
      return () => second.stop();
    }, START_TIMEOUT_MS + 5_000);

    it.each(ORDERED_PAIRS)(
      'A by %s (first server) and B by %s (second server): one is done, the other is 409 CONFLICT',
      async (wayA, wayB) => {
        const apis = [served().api, apiClient(second.url)] as const;
        for (let n = 0; n < GATED_ROUNDS; n++) {
          restore.reset();
          expect(enabledAdmins()).toBe(2);
          const gate = await holdWriteLock(served().file, GATE_MS);
          await round(`gated round ${n}`, [wayA, wayB], apis);
          await gate.released;
        }
      },
      10_000,
    );
  });
});
