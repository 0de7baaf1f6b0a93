import { beforeAll, describe, expect, it } from 'vitest';
import type { GroupSummary, UserDetail } from '../../../shared/domain/directory';
import { apiClient, type ApiClient, type ApiError } from './support/api';
import { holdWriteLock } from './support/adminRace';
import { newUserFields, useServedInstance } from './support/servedInstance';
import { START_TIMEOUT_MS, startServer, type RunningServer } from './support/serverProcess';

/**
 * Groups over the REST API: descriptions, renaming into a clash, and deleting several groups at
 * once (POST /api/groups/delete), also by two server processes on one file at the same moment.
 */

const served = useServedInstance();
let counter = 0;

const call = <T>(method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  served().api.call<T>(method, path, { token: served().adminToken, body, headers });

async function createGroup(name: string, description?: string): Promise<GroupSummary> {
  const answer = await call<GroupSummary>('POST', '/api/groups', { name, description });
  expect(answer.status).toBe(201);
  return answer.body;
}
const uniqueName = (prefix: string) => `${prefix} ${++counter}`;
const groupExists = (id: number) =>
  served().observer.db.prepare('SELECT count(*) FROM groups WHERE id = ?').pluck().get(id) === 1;

describe('a group description over REST', () => {
  it('is set on create (trimmed), read back, changed with PATCH and If-Match, and cleared', async () => {
    const created = await createGroup(uniqueName('Described'), '  Runs the nightly jobs ');
    expect(created.description).toBe('Runs the nightly jobs');
    const read = await call<GroupSummary>('GET', `/api/groups/${created.id}`);
    expect(read.body).toEqual(created);
    expect(read.headers.get('etag')).toBe(`"${created.version}"`);

    const patched = await call<GroupSummary>(
      'PATCH',
      `/api/groups/${created.id}`,
      { description: 'Owns the deploys' },
      { 'If-Match': `"${created.version}"` },
    );
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: created.name, description: 'Owns the deploys' });
    expect(patched.body.version).toBeGreaterThan(created.version);

    // The version read before the change is stale now.
    const stale = await call<ApiError>(
      'PATCH',
      `/api/groups/${created.id}`,
      { description: 'Lost update' },
      { 'If-Match': `"${created.version}"` },
    );
    expect(stale.status).toBe(412);

    const cleared = await call<GroupSummary>('PATCH', `/api/groups/${created.id}`, { description: '' });
    expect(cleared.body.description).toBe('');
    const listed = await call<{ items: GroupSummary[] }>(
      'GET',
      `/api/groups?q=${encodeURIComponent(created.name)}`,
    );
    expect(listed.body.items).toEqual([cleared.body]);
  });

  it('refuses control characters and more than 500 characters (400), writing nothing', async () => {
    const group = await createGroup(uniqueName('Strict'));
    const before = served().observer.state();
    for (const description of ['two\nlines', 'bell\u0007', 'x'.repeat(501)]) {
      const created = await call<ApiError>('POST', '/api/groups', { name: uniqueName('Bad'), description });
      expect(created.status).toBe(400);
      const patched = await call<ApiError>('PATCH', `/api/groups/${group.id}`, { description });
      expect(patched.status).toBe(400);
    }
    expect(served().observer.state()).toEqual(before);
  });
});

describe('renaming a group over REST', () => {
  it("refuses another group's name in any case: 409 CONFLICT on name", async () => {
    const taken = await createGroup(uniqueName('Taken'));
    const group = await createGroup(uniqueName('Renaming'));
    const answer = await call<ApiError>('PATCH', `/api/groups/${group.id}`, {
      name: taken.name.toUpperCase(),
    });
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ code: 'CONFLICT', field: 'name' });
    expect((await call<GroupSummary>('GET', `/api/groups/${group.id}`)).body.name).toBe(group.name);
  });
});

describe('POST /api/groups/delete', () => {
  it('deletes every group named, skips those already gone, keeps the users, audits each group', async () => {
    const member = await call<UserDetail>('POST', '/api/users', newUserFields('member'));
    const [a, b, c] = [
      await createGroup(uniqueName('Bulk')),
      await createGroup(uniqueName('Bulk')),
      await createGroup(uniqueName('Bulk')),
    ];
    await call('POST', `/api/groups/${a.id}/members`, { userIds: [member.body.id] });
    await call('DELETE', `/api/groups/${c.id}`);

    const answer = await call<{ deleted: number }>('POST', '/api/groups/delete', {
      groupIds: [a.id, b.id, c.id],
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ deleted: 2 });
    expect([a, b, c].map((group) => groupExists(group.id))).toEqual([false, false, false]);
    expect((await call('GET', `/api/users/${member.body.id}`)).status).toBe(200);
    const audited = served()
      .observer.audit('group.delete')
      .filter((row) => [a.id, b.id].includes(row.target_id))
      .map((row) => JSON.parse(row.before ?? '{}') as unknown);
    expect(audited).toEqual([
      { name: a.name, description: '', memberCount: 1 },
      { name: b.name, description: '', memberCount: 0 },
    ]);
  });

  it('refuses an empty or malformed list (400) and a caller without the write permission (403)', async () => {
    const group = await createGroup(uniqueName('Kept'));
    expect((await call('POST', '/api/groups/delete', { groupIds: [] })).status).toBe(400);
    expect((await call('POST', '/api/groups/delete', { groupIds: ['x'] })).status).toBe(400);
    expect((await call('POST', '/api/groups/delete', { ids: [group.id] })).status).toBe(400);
    const fields = newUserFields('auditor');
    const auditor = await call<UserDetail>('POST', '/api/users', fields);
    await call('PUT', `/api/users/${auditor.body.id}/role`, { role: 'auditor' });
    const signedIn = await served().api.call<{ accessToken: string }>('POST', '/api/auth/token', {
      body: { username: fields.username, password: fields.password },
    });
    const refused = await served().api.call<ApiError>('POST', '/api/groups/delete', {
      token: signedIn.body.accessToken,
      body: { groupIds: [group.id] },
    });
    expect(refused.status).toBe(403);
    expect(groupExists(group.id)).toBe(true);
  });
});

describe('two servers on one file deleting overlapping groups at the same moment', () => {
  let second: RunningServer;
  beforeAll(async () => {
    second = await startServer(['--db', served().file]);
    return () => second.stop();
  }, START_TIMEOUT_MS + 5_000);

  it('deletes each group exactly once: both answer 200, the counts add up, one audit entry each', async () => {
    const apis: readonly [ApiClient, ApiClient] = [served().api, apiClient(second.url)];
    for (let round = 0; round < 3; round++) {
      const groups: GroupSummary[] = [];
      for (let n = 0; n < 6; n++) groups.push(await createGroup(uniqueName(`Race ${round}`)));
      const ids = groups.map((group) => group.id);
      const auditedBefore = served().observer.audit('group.delete').length;
      // Both requests wait for the write lock the gate holds, then take it one after the other.
      const gate = await holdWriteLock(served().file, 250);
      const answers = await Promise.all([
        apis[0].call<{ deleted: number }>('POST', '/api/groups/delete', {
          token: served().adminToken,
          body: { groupIds: ids.slice(0, 4) },
        }),
        apis[1].call<{ deleted: number }>('POST', '/api/groups/delete', {
          token: served().adminToken,
          body: { groupIds: ids.slice(2) },
        }),
      ]);
      await gate.released;
      expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
      expect(answers[0].body.deleted + answers[1].body.deleted).toBe(6);
      expect(ids.filter(groupExists)).toEqual([]);
      const audited = served().observer.audit('group.delete').slice(auditedBefore);
      expect(audited.map((row) => row.target_id).sort((x, y) => x - y)).toEqual(
        [...ids].sort((x, y) => x - y),
      );
    }
  }, 20_000);
});
