import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { RosterError, type RosterErrorData } from '../../../shared/contract/errors';
import type { AccessStatus } from '../../../shared/domain/directory';
import type { Role } from '../../../shared/domain/roles';
import { newUser } from './support/instanceDb';
import { MemoryKeychain } from './support/memoryKeychain';
import { ACTOR, openTestCore, refusalOf, valueOf, type TestCore } from './support/rosterCore';
import { openTestStorage, STORAGE } from './support/storage';
import { useTempDirs } from './support/tempDirs';

/**
 * The sign-in side of an instance's users, as the three access channels manage it: read, role,
 * unlock. Every test works on a real instance of this run's storage (an SQLite file, or a
 * PostgreSQL database); reading its rows behind the directory's back proves what was, and was
 * not, written.
 */

const { tempDir } = useTempDirs();

const ACTING = 'alice@workstation';
const UNLOCKED: AccessStatus = { failedLogins: 0, lockedUntil: null };

const opened: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const made of opened.splice(0).reverse()) await made.close();
});

interface AuditRow {
  actor: string;
  target_type: string;
  target_id: number;
  before: string | null;
  after: string | null;
}

/** A directory over a fresh instance, a look at its storage from outside, and a user maker. */
async function freshInstance() {
  const storage = await openTestStorage(tempDir(), { actor: ACTING });
  opened.push(storage);
  const look = await storage.look();
  const create = async (username: string, enabled = true) =>
    (await storage.directory.createUser(newUser(username, { enabled }))).id;
  const account = async (id: number) =>
    (
      await look.query<{ role: Role; failed_logins: number; locked_until: string | null }>(
        'SELECT role, failed_logins, locked_until FROM users WHERE id = ?',
        [id],
      )
    )[0];
  const audit = async (action: string) =>
    (
      await look.query<AuditRow>(
        'SELECT actor, target_type, target_id, before, after FROM audit_log WHERE action = ? ORDER BY id',
        [action],
      )
    ).map((row) => ({
      ...row,
      before: JSON.parse(row.before ?? 'null') as unknown,
      after: JSON.parse(row.after ?? 'null') as unknown,
    }));
  /** Locks an account as the server would have, on the directory's own connection. */
  const setLockout = (id: number, failedLogins: number, lockedUntil: string | null) =>
    storage.query('UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?', [
      failedLogins,
      lockedUntil,
      id,
    ]);
  return { ...storage, create, account, audit, state: look.state, setLockout };
}

/**
 * The refusal a directory call fails with, as the dispatcher would send it. A
 * thunk, because the local directory's methods throw before returning a promise.
 */
async function refusal(call: () => Promise<unknown>): Promise<RosterErrorData> {
  try {
    await call();
  } catch (error) {
    if (error instanceof RosterError) return error.toData();
    throw error;
  }
  throw new Error('Expected a refusal, the call succeeded');
}

/** Writes a lock on a connection of its own, as the instance server in another process would. */
async function lockBehind(t: TestCore, id: number, until: string): Promise<void> {
  const sql = 'UPDATE users SET failed_logins = 5, locked_until = ? WHERE id = ?';
  if (t.storage === 'sqlite') {
    const other = new Database(t.file);
    try {
      other.prepare(sql).run(until, id);
    } finally {
      other.close();
    }
    return;
  }
  const look = await t.look();
  await look.query(sql, [until, id]);
}

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

describe('reading access', () => {
  it('the first user ever created is the administrator; later ones are not; none is locked', async () => {
    const t = await freshInstance();
    const first = await t.create('first');
    const second = await t.create('second');
    const third = await t.create('third', false);
    const before = await t.state();

    expect(await t.directory.getAccess(first)).toEqual(UNLOCKED);
    expect(await t.directory.getAccess(second)).toEqual(UNLOCKED);
    expect(await t.directory.getAccess(third)).toEqual(UNLOCKED);
    expect(await t.account(first)).toEqual({ role: 'administrator', failed_logins: 0, locked_until: null });
    expect(await t.account(second)).toEqual({ role: 'user', failed_logins: 0, locked_until: null });
    expect(await t.account(third)).toEqual({ role: 'user', failed_logins: 0, locked_until: null });
    expect((await t.directory.getUser(first)).role).toBe('administrator');
    expect((await t.directory.getUser(second)).role).toBe('user');
    // Reading writes nothing.
    expect(await t.state()).toEqual(before);
  });

  it('shows failed sign-ins and a lock in force; an expired lock reads as none', async () => {
    const t = await freshInstance();
    await t.create('owner');
    const user = await t.create('locked');
    const until = inMinutes(10);

    await t.setLockout(user, 2, null);
    expect(await t.directory.getAccess(user)).toEqual({ failedLogins: 2, lockedUntil: null });

    await t.setLockout(user, 5, until);
    expect(await t.directory.getAccess(user)).toEqual({ failedLogins: 5, lockedUntil: until });

    await t.setLockout(user, 5, inMinutes(-1));
    expect((await t.directory.getAccess(user)).lockedUntil).toBeNull();
  });

  it('an unknown user is NOT_FOUND on userId for all three, and nothing is written', async () => {
    const t = await freshInstance();
    const only = await t.create('owner');
    const before = await t.state();
    const missing = only + 1000;
    const notFound = { code: 'NOT_FOUND', field: 'userId' };

    expect(await refusal(() => t.directory.getAccess(missing))).toMatchObject(notFound);
    expect(await refusal(() => t.directory.setRole(missing, 'administrator'))).toMatchObject(notFound);
    expect(await refusal(() => t.directory.setRole(missing, 'user'))).toMatchObject(notFound);
    expect(await refusal(() => t.directory.unlock(missing))).toMatchObject(notFound);
    expect(await t.state()).toEqual(before);
  });
});

describe('the role', () => {
  it('promotes and demotes, with an audit row naming the actor and both roles for each change', async () => {
    const t = await freshInstance();
    const owner = await t.create('owner');
    const user = await t.create('bob');
    const before = await t.directory.getUser(user);

    const promoted = await t.directory.setRole(user, 'administrator');
    expect(promoted).toEqual({
      ...before,
      role: 'administrator',
      version: promoted.version,
      updatedAt: expect.any(String) as string,
    });
    expect(promoted.version).toBeGreaterThan(before.version);
    expect((await t.account(user))?.role).toBe('administrator');
    expect(await t.directory.getUser(user)).toEqual(promoted);
    expect(await t.directory.getAccess(user)).toEqual(UNLOCKED);

    const demoted = await t.directory.setRole(user, 'user');
    expect(demoted).toMatchObject({ id: user, role: 'user' });
    expect(demoted.version).toBeGreaterThan(promoted.version);
    expect((await t.account(user))?.role).toBe('user');
    // The owner stayed an administrator throughout.
    expect((await t.account(owner))?.role).toBe('administrator');

    expect(await t.audit('user.role')).toEqual([
      {
        actor: ACTING,
        target_type: 'user',
        target_id: user,
        before: { role: 'user' },
        after: { role: 'administrator' },
      },
      {
        actor: ACTING,
        target_type: 'user',
        target_id: user,
        before: { role: 'administrator' },
        after: { role: 'user' },
      },
    ]);
  });

  it('gives each of the other roles, and takes it back', async () => {
    const t = await freshInstance();
    await t.create('owner');
    const user = await t.create('bea');
    for (const role of ['userManager', 'auditor', 'apiUser', 'user'] as const) {
      expect((await t.directory.setRole(user, role)).role).toBe(role);
      expect((await t.account(user))?.role).toBe(role);
    }
    expect((await t.audit('user.role')).map((row) => row.after)).toEqual([
      { role: 'userManager' },
      { role: 'auditor' },
      { role: 'apiUser' },
      { role: 'user' },
    ]);
  });

  it('writes nothing when the role is already as asked', async () => {
    const t = await freshInstance();
    const owner = await t.create('owner');
    const user = await t.create('carol');
    const before = await t.state();

    expect(await t.directory.setRole(owner, 'administrator')).toMatchObject({ role: 'administrator' });
    expect(await t.directory.setRole(user, 'user')).toMatchObject({ role: 'user' });
    expect(await t.state()).toEqual(before);
    expect(await t.audit('user.role')).toEqual([]);
  });

  it('names whoever the actor function names at the time of the change', async () => {
    const t = await freshInstance();
    await t.create('owner');
    const user = await t.create('dave');
    let current = 'first-actor';
    // The same instance through a directory that asks for its actor at each change, as the server's does.
    const asking = await t.reopen({ actor: () => current });

    await asking.setRole(user, 'administrator');
    current = 'second-actor';
    await asking.setRole(user, 'user');
    await t.setLockout(user, 5, inMinutes(5));
    current = 'third-actor';
    await asking.unlock(user);
    expect((await t.audit('user.role')).map((row) => row.actor)).toEqual(['first-actor', 'second-actor']);
    expect((await t.audit('user.unlock')).map((row) => row.actor)).toEqual(['third-actor']);
  });

  it('refuses to demote the only enabled administrator: CONFLICT on userId, nothing written', async () => {
    const t = await freshInstance();
    const owner = await t.create('owner');
    await t.create('erin');
    const before = await t.state();

    for (const role of ['userManager', 'auditor', 'user', 'apiUser'] as const) {
      const refused = await refusal(() => t.directory.setRole(owner, role));
      expect(refused, role).toMatchObject({ code: 'CONFLICT', field: 'userId' });
      expect(refused.message).toMatch(/no enabled administrator/i);
    }
    expect(await t.state()).toEqual(before);
    expect((await t.account(owner))?.role).toBe('administrator');
    expect(await t.directory.getAccess(owner)).toEqual(UNLOCKED);
  });

  it('a disabled administrator does not count: demoting the last enabled one is refused', async () => {
    const t = await freshInstance();
    const owner = await t.create('owner');
    const sleeper = await t.create('sleeper', false);
    await t.directory.setRole(sleeper, 'administrator');
    const before = await t.state();

    expect(await refusal(() => t.directory.setRole(owner, 'user'))).toMatchObject({
      code: 'CONFLICT',
      field: 'userId',
    });
    expect(await t.state()).toEqual(before);

    // The disabled administrator itself may be demoted: it leaves the enabled one.
    expect(await t.directory.setRole(sleeper, 'user')).toMatchObject({ role: 'user' });
  });

  it('with two enabled administrators one may go, then the other is the last and stays', async () => {
    const t = await freshInstance();
    const owner = await t.create('owner');
    const second = await t.create('frank');
    await t.directory.setRole(second, 'administrator');

    expect(await t.directory.setRole(owner, 'user')).toMatchObject({ role: 'user' });
    const before = await t.state();
    expect(await refusal(() => t.directory.setRole(second, 'user'))).toMatchObject({
      code: 'CONFLICT',
      field: 'userId',
    });
    expect(await t.state()).toEqual(before);
    expect((await t.account(second))?.role).toBe('administrator');
    expect((await t.audit('user.role')).map((row) => [row.target_id, row.after])).toEqual([
      [second, { role: 'administrator' }],
      [owner, { role: 'user' }],
    ]);
  });
});

describe('unlocking', () => {
  it('clears the failed sign-ins and the lock, with an audit row naming the actor', async () => {
    const t = await freshInstance();
    await t.create('owner');
    const user = await t.create('gina');
    const until = inMinutes(15);
    await t.setLockout(user, 5, until);

    expect(await t.directory.unlock(user)).toEqual(UNLOCKED);
    expect(await t.account(user)).toEqual({ role: 'user', failed_logins: 0, locked_until: null });
    expect(await t.directory.getAccess(user)).toEqual(UNLOCKED);
    expect(await t.audit('user.unlock')).toEqual([
      {
        actor: ACTING,
        target_type: 'user',
        target_id: user,
        before: { failedLogins: 5, lockedUntil: until },
        after: { failedLogins: 0, lockedUntil: null },
      },
    ]);
  });

  it('also clears an expired lock and a count below the limit', async () => {
    const t = await freshInstance();
    await t.create('owner');
    const expired = await t.create('hank');
    const counted = await t.create('ivy');
    await t.setLockout(expired, 5, inMinutes(-5));
    await t.setLockout(counted, 3, null);

    expect(await t.directory.unlock(expired)).toEqual(UNLOCKED);
    expect(await t.directory.unlock(counted)).toEqual(UNLOCKED);
    expect(await t.account(expired)).toMatchObject({ failed_logins: 0, locked_until: null });
    expect(await t.account(counted)).toMatchObject({ failed_logins: 0, locked_until: null });
    expect((await t.audit('user.unlock')).map((row) => row.target_id)).toEqual([expired, counted]);
  });

  it('writes nothing for an account with nothing to clear', async () => {
    const t = await freshInstance();
    const owner = await t.create('owner');
    const before = await t.state();
    expect(await t.directory.unlock(owner)).toEqual(UNLOCKED);
    expect(await t.state()).toEqual(before);
    expect(await t.audit('user.unlock')).toEqual([]);
  });
});

describe(`the channels, through the RosterCore dispatcher on the default local instance, on ${STORAGE}`, () => {
  it("read, promote, demote (not the last administrator) and unlock; the audit names the core's actor", async () => {
    const t = await openTestCore(tempDir(), { keychain: new MemoryKeychain(), onRunStorage: true });
    opened.push(t);
    const create = async (username: string) =>
      valueOf(await t.call('directory.users.create', { user: newUser(username) })).id;
    const owner = await create('owner');
    const user = await create('jane');

    expect(valueOf(await t.call('directory.users.access', { userId: owner }))).toEqual(UNLOCKED);
    expect(valueOf(await t.call('directory.users.access', { userId: user }))).toEqual(UNLOCKED);
    expect(valueOf(await t.call('directory.users.get', { userId: owner })).role).toBe('administrator');
    expect(valueOf(await t.call('directory.users.get', { userId: user })).role).toBe('user');
    expect(refusalOf(await t.call('directory.users.setRole', { userId: owner, role: 'user' }))).toMatchObject(
      {
        code: 'CONFLICT',
        field: 'userId',
      },
    );

    const promoted = valueOf(
      await t.call('directory.users.setRole', { userId: user, role: 'administrator' }),
    );
    expect(promoted).toMatchObject({ id: user, role: 'administrator' });
    // With another administrator, the owner may step down; then jane is the last one.
    expect(valueOf(await t.call('directory.users.setRole', { userId: owner, role: 'user' }))).toMatchObject({
      id: owner,
      role: 'user',
    });
    expect(
      refusalOf(await t.call('directory.users.setRole', { userId: user, role: 'auditor' })),
    ).toMatchObject({
      code: 'CONFLICT',
      field: 'userId',
    });
    // A stale version is refused before anything else.
    expect(
      refusalOf(
        await t.call('directory.users.setRole', { userId: user, role: 'administrator', ifVersion: 1 }),
      ),
    ).toMatchObject({ code: 'STALE' });

    // Locked as the instance server would lock it, by another connection to the instance.
    const until = inMinutes(15);
    const other = await t.look();
    await lockBehind(t, owner, until);
    expect(valueOf(await t.call('directory.users.access', { userId: owner }))).toEqual({
      failedLogins: 5,
      lockedUntil: until,
    });
    expect(valueOf(await t.call('directory.users.unlock', { userId: owner }))).toEqual(UNLOCKED);
    expect(await other.query('SELECT failed_logins, locked_until FROM users WHERE id = ?', [owner])).toEqual([
      { failed_logins: 0, locked_until: null },
    ]);

    const actors = await other.query(
      "SELECT action, actor FROM audit_log WHERE action IN ('user.role', 'user.unlock') ORDER BY id",
    );
    expect(actors).toEqual([
      { action: 'user.role', actor: ACTOR },
      { action: 'user.role', actor: ACTOR },
      { action: 'user.unlock', actor: ACTOR },
    ]);

    expect(refusalOf(await t.call('directory.users.access', { userId: user + 1000 }))).toMatchObject({
      code: 'NOT_FOUND',
      field: 'userId',
    });
  });

  it('refuse input the contract does not allow, before anything is read or written', async () => {
    const t = await openTestCore(tempDir(), { keychain: new MemoryKeychain(), onRunStorage: true });
    opened.push(t);
    const owner = valueOf(await t.call('directory.users.create', { user: newUser('owner') })).id;
    const observer = await t.look();
    const before = await observer.state();

    for (const channel of ['directory.users.access', 'directory.users.unlock', 'directory.users.setRole']) {
      const extra = channel === 'directory.users.setRole' ? { role: 'auditor' } : {};
      for (const userId of [0, -1, 1.5, '1', null])
        expect(
          refusalOf(await t.raw(channel, { userId, ...extra })),
          `${channel} ${String(userId)}`,
        ).toMatchObject({ code: 'INVALID_INPUT', field: 'userId' });
      expect(refusalOf(await t.raw(channel, { ...extra }))).toMatchObject({
        code: 'INVALID_INPUT',
        field: 'userId',
      });
      expect(refusalOf(await t.raw(channel, { userId: owner, ...extra, surprise: 1 }))).toMatchObject({
        code: 'INVALID_INPUT',
      });
    }
    for (const role of [undefined, 'root', 'Administrator', 'admin', true, 0, null])
      expect(
        refusalOf(await t.raw('directory.users.setRole', { userId: owner, role })),
        `role ${String(role)}`,
      ).toMatchObject({ code: 'INVALID_INPUT', field: 'role' });
    // The old channel is gone.
    expect(refusalOf(await t.raw('directory.users.setAdmin', { userId: owner, admin: true }))).toMatchObject({
      code: 'UNKNOWN_CHANNEL',
    });
    expect(
      refusalOf(await t.core.dispatch('directory.users.access', { instanceId: randomUUID(), userId: owner })),
    ).toMatchObject({ code: 'NOT_FOUND', field: 'instanceId' });

    expect(await observer.state()).toEqual(before);
    expect(valueOf(await t.call('directory.users.access', { userId: owner }))).toEqual(UNLOCKED);
  });
});
