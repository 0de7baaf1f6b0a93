import { afterEach, describe, expect, it } from 'vitest';
import { RosterError } from '../../../shared/contract/errors';
import type { UserPageRequest } from '../../../shared/domain/userListing';
import type { InstanceOverview } from '../../../shared/domain/overview';
import { roles, holds } from '../../../shared/domain/roles';
import { newUser } from './support/instanceDb';
import { OVERVIEW_SQL } from '../../../electron/services/directory/local/overviewQuery';
import { openTestStorage, STORAGE, type TestDirectory, type TestStorage } from './support/storage';
import { useTempDirs } from './support/tempDirs';

/**
 * The instance's overview over this run's storage (an SQLite file, or a PostgreSQL database): each
 * figure after the changes that move it, each equal to the total of the users list's filter of the
 * same name, and who may read it.
 */

const { tempDir } = useTempDirs();

const opened: TestStorage[] = [];
afterEach(async () => {
  for (const storage of opened.splice(0).reverse()) await storage.close();
});

const NOW = new Date('2026-06-01T12:00:00.000Z');

async function freshInstance() {
  const storage = await openTestStorage(tempDir(), { now: () => NOW });
  opened.push(storage);
  const create = async (username: string, enabled = true) =>
    (await storage.directory.createUser(newUser(username, { enabled }))).id;
  const lock = (id: number, until: string | null) =>
    storage.query('UPDATE users SET failed_logins = 5, locked_until = ? WHERE id = ?', [until, id]);
  return { ...storage, create, lock };
}

const ZERO: InstanceOverview = {
  users: 0,
  enabled: 0,
  disabled: 0,
  locked: 0,
  invited: 0,
  mustChangePassword: 0,
  groups: 0,
  administrators: 0,
};

/** What the users list counts with each filter: the figures must say the same. */
async function listTotals(directory: TestDirectory): Promise<Omit<InstanceOverview, 'groups'>> {
  const total = async (filters: Partial<UserPageRequest>) =>
    (await directory.searchUsers({ query: '', status: 'any', offset: 0, limit: 1, ...filters })).total;
  return {
    users: await total({}),
    enabled: await total({ status: 'enabled' }),
    disabled: await total({ status: 'disabled' }),
    locked: await total({ locked: true }),
    invited: await total({ status: 'invited' }),
    mustChangePassword: await total({ mustChangePassword: true }),
    administrators: await total({ role: 'administrator' }),
  };
}

async function expectOverview(directory: TestDirectory, expected: InstanceOverview) {
  const overview = await directory.overview();
  expect(overview).toEqual(expected);
  const { users, enabled, disabled, locked, invited, mustChangePassword, administrators } = overview;
  expect(await listTotals(directory)).toEqual({
    users,
    enabled,
    disabled,
    locked,
    invited,
    mustChangePassword,
    administrators,
  });
}

describe('the overview', () => {
  it('counts nothing on a new instance', async () => {
    const t = await freshInstance();
    await expectOverview(t.directory, ZERO);
  });

  it('follows every change that moves a figure, and agrees with the list', async () => {
    const t = await freshInstance();
    // The first user becomes the Administrator.
    const ada = await t.create('ada');
    const bob = await t.create('bob');
    const cy = await t.create('cy', false);
    await expectOverview(t.directory, {
      ...ZERO,
      users: 3,
      enabled: 2,
      disabled: 1,
      administrators: 1,
    });

    await t.directory.setEnabled(bob, false);
    await t.directory.setRole(cy, 'administrator');
    await t.directory.createGroup('ops');
    await t.directory.createGroup('dev');
    await expectOverview(t.directory, {
      ...ZERO,
      users: 3,
      enabled: 1,
      disabled: 2,
      groups: 2,
      administrators: 2,
    });

    const ivy = (
      await t.directory.inviteUser({
        username: 'ivy',
        displayName: 'Ivy Invited',
        email: 'ivy@example.com',
        role: 'user',
        expiresInHours: 24,
        sendEmail: false,
      })
    ).user.id;
    await t.directory.resetPassword(ada, {});
    await t.lock(bob, '2026-06-01T12:30:00.000Z');
    // A lock that has run out is no lock.
    await t.lock(cy, '2026-06-01T11:00:00.000Z');
    await expectOverview(t.directory, {
      users: 4,
      enabled: 1,
      disabled: 2,
      locked: 1,
      invited: 1,
      mustChangePassword: 1,
      groups: 2,
      administrators: 2,
    });

    // An invited user who is disabled is both: as the list's filters count them.
    await t.directory.setEnabled(ivy, false);
    await t.directory.deleteUser(bob);
    await t.directory.deleteGroups([
      (await t.directory.searchGroups({ query: 'dev', status: 'any', offset: 0, limit: 1 })).items[0]?.id ??
        0,
    ]);
    await expectOverview(t.directory, {
      users: 3,
      enabled: 1,
      disabled: 2,
      locked: 0,
      invited: 1,
      mustChangePassword: 1,
      groups: 1,
      administrators: 2,
    });
  });

  it('is read by every role that may list users, and refused to the others', async () => {
    const t = await freshInstance();
    await t.create('ada');
    await t.create('bob', false);
    for (const role of roles) {
      const directory = await t.reopen({ callerRole: () => role });
      if (holds(role, 'directory.read'))
        expect(await directory.overview()).toMatchObject({ users: 2, enabled: 1, disabled: 1 });
      else {
        const refusal = await directory.overview().then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(refusal).toBeInstanceOf(RosterError);
        expect((refusal as RosterError).code).toBe('FORBIDDEN');
      }
    }
  });

  it('writes nothing', async () => {
    const t = await freshInstance();
    await t.create('ada');
    const look = await t.look();
    const before = await look.state();
    await t.directory.overview();
    expect(await look.state()).toEqual(before);
  });
});

describe.runIf(STORAGE === 'sqlite')('the overview on SQLite', () => {
  it('reads through the indexes, all but must change password, which scans the table once', async () => {
    const t = await freshInstance();
    const plan = (
      await t.query<{ detail: string }>(`EXPLAIN QUERY PLAN ${OVERVIEW_SQL}`, [{ now: NOW.toISOString() }])
    ).map((row) => row.detail);
    const reads = plan.filter((detail) => /^(SCAN|SEARCH) (users|groups)/.test(detail));
    expect(reads).toHaveLength(8);
    expect(reads.filter((detail) => !/USING (COVERING )?INDEX/.test(detail))).toEqual(['SCAN users']);
    expect(plan.filter((detail) => detail.includes('users_by_status'))).toHaveLength(3);
  });
});
