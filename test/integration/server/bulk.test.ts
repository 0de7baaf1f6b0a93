import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { insertUser } from '../../../electron/services/directory/portable/usersTable';
import type { BulkRequest, BulkStatus } from '../../../shared/domain/bulk';
import { BULK_CHUNK } from '../../../shared/domain/bulk';
import type { GroupSummary, UserDetail } from '../../../shared/domain/directory';
import type { Role } from '../../../shared/domain/roles';
import type { ApiError } from './support/api';
import { signIn } from './support/api';
import { ADMIN } from './support/instanceFile';
import { newUserFields } from './support/servedInstance';
import { startStorageServer, type StorageServer } from './support/storageServer';

/**
 * Bulk actions through the REST API: one request for a whole selection (ids, or every user a
 * list's filters match), worked through in chunks after the answer; each user changed, unchanged
 * or refused on their own with the reason; progress and cancel between chunks; the one-time
 * temporary passwords and links in the status, sealed in the storage; a job seen only by its
 * starter. On an instance file and on PostgreSQL (the vitest project says which).
 */

// Thousands of users in chunks: on PostgreSQL each user is a few round trips.
vi.setConfig({ testTimeout: 120_000 });

let local: StorageServer;
let admin: string;
beforeAll(async () => {
  local = await startStorageServer();
  admin = await local.adminToken();
});
afterAll(() => local.close());

const call = <T>(method: string, path: string, token: string, body?: unknown) =>
  local.api.call<T>(method, path, { token, body });

/** Many users at once, straight into the storage (no password hashing): `prefix-0001`… */
function seedUsers(prefix: string, count: number, role: Role = 'user'): Promise<number[]> {
  const now = new Date().toISOString();
  return local.write(function* () {
    const ids: number[] = [];
    for (let index = 0; index < count; index++) {
      const username = `${prefix}-${String(index).padStart(5, '0')}`;
      ids.push(
        yield* insertUser({
          username,
          displayName: `Bulk ${index}`,
          email: `${username}@example.com`,
          passwordHash: 'not-a-hash',
          enabled: true,
          role,
          now,
        }),
      );
    }
    return ids;
  });
}

async function createUser(role: Role, prefix: string, token = admin) {
  const fields = newUserFields(prefix);
  const answer = await call<UserDetail>('POST', '/api/users', token, { ...fields, role });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return { ...answer.body, password: fields.password };
}

async function start(request: BulkRequest | Record<string, unknown>, token = admin) {
  const answer = await call<BulkStatus>('POST', '/api/users/bulk', token, request);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body;
}

async function finished(id: string, token = admin): Promise<BulkStatus> {
  for (;;) {
    const answer = await call<BulkStatus>('GET', `/api/users/bulk/${id}`, token);
    expect(answer.status).toBe(200);
    if (['done', 'cancelled', 'failed'].includes(answer.body.state)) return answer.body;
    await sleep(10);
  }
}

const enabledOf = (ids: readonly number[]) =>
  local.count(
    `SELECT count(*) FROM users WHERE enabled = 1 AND id IN (${ids.map(() => '?').join(',')})`,
    ids,
  );

const ADMINS = "SELECT count(*) FROM users WHERE role = 'administrator'";

describe('a bulk job', () => {
  it('disables a selection in chunks and ends with a summary', async () => {
    const ids = await seedUsers('chunky', BULK_CHUNK * 2 + 7);
    const started = await start({ action: { kind: 'disable' }, selection: { kind: 'ids', userIds: ids } });
    expect(started).toMatchObject({ state: 'running', total: ids.length, processed: 0 });
    const done = await finished(started.id);
    expect(done).toMatchObject({
      state: 'done',
      total: ids.length,
      processed: ids.length,
      changed: ids.length,
      unchanged: 0,
      refused: 0,
      refusals: [],
      error: null,
    });
    expect(await enabledOf(ids)).toBe(0);
    // Once more: nothing left to change.
    expect(
      await finished(
        (await start({ action: { kind: 'disable' }, selection: { kind: 'ids', userIds: ids } })).id,
      ),
    ).toMatchObject({ changed: 0, unchanged: ids.length });
  });

  it('refuses, user by user, what the caller may not do, and goes on with the others', async () => {
    const manager = await createUser('userManager', 'bulkmanager');
    const managerToken = await signIn(local.api, manager.username, manager.password);
    const admins = [
      await createUser('administrator', 'bulkadmin'),
      await createUser('administrator', 'bulkadmin'),
    ];
    const users = await seedUsers('managed', 5);
    const selection = {
      kind: 'ids' as const,
      userIds: [users[0], admins[0]?.id, ...users.slice(1), admins[1]?.id],
    };
    const before = await local.count(ADMINS);
    const status = await finished(
      (await start({ action: { kind: 'disable' }, selection }, managerToken)).id,
      managerToken,
    );
    expect(status).toMatchObject({ state: 'done', changed: 5, refused: 2 });
    expect(status.refusals.map((refusal) => refusal.username).sort()).toEqual(
      admins.map((user) => user.username).sort(),
    );
    expect(status.refusals[0]?.reason).toMatch(/User manager may not change/);
    expect(await enabledOf(users)).toBe(0);
    expect(await enabledOf(admins.map((user) => user.id))).toBe(2);
    expect(await local.count(ADMINS)).toBe(before);
  });

  it('keeps the last enabled Administrator: the one that would be last is refused', async () => {
    const others = (
      await local.query<{ id: number }>(
        "SELECT id FROM users WHERE role = 'administrator' AND enabled = 1 AND username_key <> ?",
        [ADMIN.username],
      )
    ).map((row) => row.id);
    const [owner = 0] = (
      await local.query<{ id: number }>('SELECT id FROM users WHERE username_key = ?', [ADMIN.username])
    ).map((row) => row.id);
    const status = await finished(
      (await start({ action: { kind: 'disable' }, selection: { kind: 'ids', userIds: [...others, owner] } }))
        .id,
    );
    expect(status.changed).toBe(others.length);
    expect(status.refusals).toEqual([
      { userId: owner, username: ADMIN.username, reason: 'That would leave no enabled administrator.' },
    ]);
    expect(await local.count("SELECT count(*) FROM users WHERE role = 'administrator' AND enabled = 1")).toBe(
      1,
    );
    await finished(
      (await start({ action: { kind: 'enable' }, selection: { kind: 'ids', userIds: others } })).id,
    );
  });

  it('selects every user a list’s filters match, less the unticked ones', async () => {
    const ids = await seedUsers('matchme', 30);
    const except = ids.slice(0, 3);
    const status = await finished(
      (
        await start({
          action: { kind: 'setRole', role: 'auditor' },
          selection: { kind: 'matching', filters: { query: 'matchme-', status: 'enabled' }, except },
        })
      ).id,
    );
    expect(status).toMatchObject({ total: 27, changed: 27 });
    const roles = (
      await local.query<{ role: Role }>(
        "SELECT role FROM users WHERE username_key LIKE 'matchme-%' ORDER BY username_key",
      )
    ).map((row) => row.role);
    expect(roles).toEqual([...Array<Role>(3).fill('user'), ...Array<Role>(27).fill('auditor')]);
  });

  it('adds to and removes from a group; a group that is gone is refused before anything runs', async () => {
    const group = (await call<GroupSummary>('POST', '/api/groups', admin, { name: 'Bulk members' })).body;
    const ids = await seedUsers('member', 40);
    expect(
      await finished(
        (
          await start({
            action: { kind: 'addToGroup', groupId: group.id },
            selection: { kind: 'ids', userIds: ids },
          })
        ).id,
      ),
    ).toMatchObject({ changed: 40 });
    expect((await call<GroupSummary>('GET', `/api/groups/${group.id}`, admin)).body.memberCount).toBe(40);
    expect(
      await finished(
        (
          await start({
            action: { kind: 'removeFromGroup', groupId: group.id },
            selection: { kind: 'ids', userIds: ids.slice(0, 10) },
          })
        ).id,
      ),
    ).toMatchObject({ changed: 10 });
    expect((await call<GroupSummary>('GET', `/api/groups/${group.id}`, admin)).body.memberCount).toBe(30);

    const gone = await call<ApiError>('POST', '/api/users/bulk', admin, {
      action: { kind: 'addToGroup', groupId: 999_999 },
      selection: { kind: 'ids', userIds: ids },
    });
    expect(gone.status).toBe(404);
  });

  it('deletes, and reports users deleted meanwhile as refused', async () => {
    const ids = await seedUsers('doomed', 12);
    await local.query('DELETE FROM users WHERE id = ?', [ids[0]]);
    const status = await finished(
      (await start({ action: { kind: 'delete' }, selection: { kind: 'ids', userIds: ids } })).id,
    );
    expect(status).toMatchObject({ changed: 11, refused: 1 });
    expect(status.refusals[0]).toEqual({
      userId: ids[0],
      username: '',
      reason: 'That user no longer exists.',
    });
    expect(await local.count("SELECT count(*) FROM users WHERE username_key LIKE 'doomed-%'")).toBe(0);
  });

  it('resets passwords, each shown once in the status, and each must be changed at the next sign-in', async () => {
    const users = [await createUser('user', 'bulkreset'), await createUser('user', 'bulkreset')];
    const status = await finished(
      (
        await start({
          action: { kind: 'resetPassword' },
          selection: { kind: 'ids', userIds: users.map((user) => user.id) },
        })
      ).id,
    );
    expect(status).toMatchObject({ changed: 2, refused: 0 });
    expect(status.secrets.map((secret) => secret.username).sort()).toEqual(
      users.map((user) => user.username).sort(),
    );
    // Kept for any server process to hand out, but not readable from the storage alone.
    const rows = await local.query<{ id_hash: string; fields: string }>('SELECT id_hash, fields FROM jobs');
    const sealed = await local.query<{ sealed: Uint8Array }>('SELECT sealed FROM job_secrets');
    expect(sealed.length).toBeGreaterThan(0);
    const stored = [
      ...rows.map((row) => `${row.id_hash} ${row.fields}`),
      ...sealed.map((row) => Buffer.from(row.sealed).toString('latin1')),
    ].join('\n');
    expect(stored).not.toContain(status.id);
    for (const secret of status.secrets) expect(stored).not.toContain(secret.temporaryPassword);
    for (const secret of status.secrets) {
      expect(secret.temporaryPassword).toEqual(expect.any(String));
      const token = await signIn(local.api, secret.username, secret.temporaryPassword ?? '');
      expect((await call<ApiError>('GET', '/api/me', token)).body.code).toBe('PASSWORD_CHANGE_REQUIRED');
    }
  });

  it('sends new invitation links to Invited users and refuses the others', async () => {
    const fields = newUserFields('bulkinvitee');
    const invitee = await call<{ user: UserDetail }>('POST', '/api/invitations', admin, {
      username: fields.username,
      displayName: fields.displayName,
      email: fields.email,
    });
    expect(invitee.status).toBe(201);
    const member = await createUser('user', 'bulknotinvited');
    const status = await finished(
      (
        await start({
          action: { kind: 'resendInvitation', expiresInHours: 24 },
          selection: { kind: 'ids', userIds: [invitee.body.user.id, member.id] },
        })
      ).id,
    );
    expect(status).toMatchObject({ changed: 1, refused: 1 });
    expect(status.secrets[0]?.link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
    expect(status.refusals[0]?.reason).toContain('has a password already');
  });

  it('is seen and cancelled only by whoever started it', async () => {
    const other = await createUser('administrator', 'otheradmin');
    const otherToken = await signIn(local.api, other.username, other.password);
    const job = await start({ action: { kind: 'enable' }, selection: { kind: 'ids', userIds: [other.id] } });
    expect((await call('GET', `/api/users/bulk/${job.id}`, otherToken)).status).toBe(404);
    expect((await call('DELETE', `/api/users/bulk/${job.id}`, otherToken)).status).toBe(404);
    expect((await call('GET', `/api/users/bulk/${job.id}`, admin)).status).toBe(200);
  });
});

describe('cancelling', () => {
  it('stops between chunks: every user changed or not, and the summary says how many', async () => {
    const ids = await seedUsers('cancelme', BULK_CHUNK * 6);
    const job = await start({ action: { kind: 'disable' }, selection: { kind: 'ids', userIds: ids } });
    const cancelling = await call<BulkStatus>('DELETE', `/api/users/bulk/${job.id}`, admin);
    expect(cancelling.status).toBe(200);
    expect(['cancelling', 'done']).toContain(cancelling.body.state);
    const status = await finished(job.id);
    expect(status.state).toBe('cancelled');
    expect(status.processed).toBeLessThan(ids.length);
    expect(status.processed % BULK_CHUNK).toBe(0);
    // The file agrees with the summary, user for user.
    expect(ids.length - (await enabledOf(ids))).toBe(status.changed);
    expect(status.changed).toBe(status.processed);
  });
});
