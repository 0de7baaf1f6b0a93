import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Directory } from '../../../electron/services/directory/directory';
import type { Result } from '../../../shared/contract/errors';
import { makeTempDir } from '../../support/tempDir';
import { openAdminRestoreAt, type StorageAdminRestore } from './support/adminRestore';
import { MemoryKeychain } from './support/memoryKeychain';
import { openTestCore, valueOf, type TestCore } from './support/rosterCore';
import type { StorageLook } from './support/storage';

/**
 * The last enabled administrator cannot be removed, even by two calls at once, each removing one
 * of the last two: through the dialog's channels (the real dispatcher, into this run's storage: a
 * real SQLite file or a PostgreSQL database), then with one side on a second connection to it (a
 * second directory, as the instance server or another window opens it; it deletes with deleteUser,
 * the channel with deleteUsers). The rule is checked inside each write's transaction, after its
 * write lock (SQLite's IMMEDIATE, PostgreSQL's advisory lock); on a local instance it used to be
 * checked for neither delete nor disable.
 *
 * An update that sets a password hashes it (argon2, ~0.1 s) before its transaction: a rule checked
 * before that, outside the transaction, would let both calls through whenever the update starts
 * first. A non-administrator stays enabled throughout, so a rule counting users instead of
 * administrators would let both through too.
 *
 * In one thread better-sqlite3 runs each transaction to its end synchronously, so on SQLite the
 * two connections' transactions never overlap here: the second variant proves that each check
 * reads what the other connection committed during its await, not the IMMEDIATE lock itself (that
 * one is proven across processes by test/integration/server/lastAdminRace.test.ts). On PostgreSQL
 * the two pools' transactions do overlap, and only the write lock keeps the rule.
 */

type Way = 'update' | 'setEnabled' | 'delete' | 'demote';

const NEW_PASSWORD = 'race-new-pw-1';
const WAYS: readonly Way[] = ['update', 'setEnabled', 'delete', 'demote'];
const ORDERED_PAIRS = WAYS.flatMap((first) => WAYS.map((second) => [first, second] as const));
const ROUNDS = 20;
const TIMEOUT_MS = 15_000;

/** How each way leaves its target: `null` is no row at all. */
const REMOVED: Record<Way, { enabled: number; role: string } | null> = {
  update: { enabled: 0, role: 'administrator' },
  setEnabled: { enabled: 0, role: 'administrator' },
  delete: null,
  demote: { enabled: 1, role: 'user' },
};
const INTACT = { enabled: 1, role: 'administrator' };

type Remover = (way: Way, id: number) => Promise<Result<unknown>>;

/** Through the dialog's channels, as the renderer calls them. */
const throughChannels =
  (t: TestCore): Remover =>
  (way, userId) => {
    switch (way) {
      case 'update':
        return t.call('directory.users.update', {
          userId,
          changes: { enabled: false, password: NEW_PASSWORD },
        });
      case 'setEnabled':
        return t.call('directory.users.setEnabled', { userId, enabled: false });
      case 'delete':
        return t.call('directory.users.delete', { userIds: [userId] });
      // A role change to User: the demotion that remains, now that administrator is a role.
      case 'demote':
        return t.call('directory.users.setRole', { userId, role: 'user' });
    }
  };

/** Straight to a Directory, as the instance server's handlers call it; a throw becomes a refusal. */
const throughDirectory =
  (directory: Directory): Remover =>
  async (way, userId) => {
    const work = {
      update: () => directory.updateUser(userId, { enabled: false, password: NEW_PASSWORD }),
      setEnabled: () => directory.setEnabled(userId, false),
      delete: () => directory.deleteUser(userId),
      demote: () => directory.setRole(userId, 'user'),
    }[way];
    try {
      return { ok: true, value: await work() };
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      return {
        ok: false,
        error: { code: typeof code === 'string' ? code : 'INTERNAL', message: String(error) },
      } as Result<unknown>;
    }
  };

const outcome = (result: Result<unknown>) => {
  if (result.ok) return 'removed';
  if (result.error.code === 'CONFLICT') return 'refused';
  return `unexpected ${JSON.stringify(result.error)}`;
};

let t: TestCore;
let look: StorageLook;
let restore: StorageAdminRestore;
let a = 0;
let b = 0;
const temp = makeTempDir('roster-last-admin-');

beforeAll(async () => {
  t = await openTestCore(temp.path, { keychain: new MemoryKeychain(), onRunStorage: true });
  const create = async (username: string) =>
    valueOf(
      await t.call('directory.users.create', {
        user: {
          username,
          password: `${username}-pw1`,
          displayName: `The ${username}`,
          email: `${username}@example.com`,
          enabled: true,
        },
      }),
    ).id;
  a = await create('admin-a'); // the first user: an administrator
  b = await create('admin-b');
  await create('not-admin');
  valueOf(await t.call('directory.users.setRole', { userId: b, role: 'administrator' }));
  look = await t.look();
  restore = await openAdminRestoreAt(await t.location(), [a, b]);
}, 10_000);

afterAll(async () => {
  await restore.close();
  await t.close();
  temp.remove();
});

const rowOf = async (id: number) =>
  (await look.query('SELECT enabled, role FROM users WHERE id = ?', [id]))[0] ?? null;
const enabledAdmins = async () =>
  (
    await look.query<{ n: number }>(
      "SELECT count(*) AS n FROM users WHERE role = 'administrator' AND enabled = 1",
    )
  )[0]?.n;

/** 20 rounds: A removed one way and B another, started together; exactly one may win. */
async function race(removeA: Remover, wayA: Way, removeB: Remover, wayB: Way) {
  for (let round = 0; round < ROUNDS; round++) {
    await restore.reset();
    expect(await enabledAdmins()).toBe(2);

    const results = await Promise.all([removeA(wayA, a), removeB(wayB, b)]);

    const outcomes = results.map(outcome);
    expect([...outcomes].sort(), `round ${round}: A ${outcomes[0]}, B ${outcomes[1]}`).toEqual([
      'refused',
      'removed',
    ]);
    expect(await enabledAdmins(), `round ${round}`).toBe(1);
    const aRemoved = outcomes[0] === 'removed';
    expect(await rowOf(a), `round ${round}: A`).toEqual(aRemoved ? REMOVED[wayA] : INTACT);
    expect(await rowOf(b), `round ${round}: B`).toEqual(aRemoved ? INTACT : REMOVED[wayB]);
  }
}

describe("the last two administrators removed at once through the dialog's channels", () => {
  it.each(ORDERED_PAIRS)(
    'A by %s and B by %s: one is done, the other is CONFLICT, one administrator remains (20 rounds)',
    async (wayA, wayB) => {
      const channels = throughChannels(t);
      await race(channels, wayA, channels, wayB);
    },
    TIMEOUT_MS,
  );
});

describe('the same over two connections to the storage (the app and a second directory)', () => {
  let second: Directory;
  beforeAll(async () => {
    // Closed with the core.
    second = await t.reopen('second-connection');
  });

  it.each(ORDERED_PAIRS)(
    'A by %s (channels) and B by %s (second connection): one is done, the other is CONFLICT (20 rounds)',
    async (wayA, wayB) => {
      await race(throughChannels(t), wayA, throughDirectory(second), wayB);
    },
    TIMEOUT_MS,
  );
});
