import { describe, expect, it } from 'vitest';
import type { GroupSummary, TokenPair, UserDetail } from '../../../shared/domain/directory';
import { signIn, type Answer, type ApiError, type CallOptions } from './support/api';
import { ADMIN } from './support/instanceFile';
import { newUserFields, useServedInstance } from './support/servedInstance';

/**
 * Optimistic concurrency over the REST API: single users and groups answer `ETag: "<version>"`,
 * every write moves the version, and a write with If-Match applies only while the resource is
 * still at that version. A refused write (412, or 400 for a malformed If-Match) writes nothing:
 * the read-only observer of the file sees the same row counts and SQLite's data_version.
 */

const served = useServedInstance();
const admin = () => served().adminToken;

const call = <T = unknown>(method: string, path: string, options: CallOptions = {}) =>
  served().api.call<T>(method, path, { token: admin(), ...options });
const etag = (version: number) => `"${version}"`;

async function createUser(prefix = 'cond'): Promise<UserDetail> {
  const answer = await call<UserDetail>('POST', '/api/users', { body: newUserFields(prefix) });
  expect(answer.status).toBe(201);
  return answer.body;
}

let groups = 0;
async function createGroup(): Promise<GroupSummary> {
  groups += 1;
  const answer = await call<GroupSummary>('POST', '/api/groups', { body: { name: `Conditional ${groups}` } });
  expect(answer.status).toBe(201);
  return answer.body;
}

/** GET of one user or group: 200, and its ETag is its body's version. */
async function read<T extends { version: number }>(path: string): Promise<T> {
  const answer = await call<T>('GET', path);
  expect(answer.status, `GET ${path}`).toBe(200);
  expect(answer.headers.get('etag'), `ETag of GET ${path}`).toBe(etag(answer.body.version));
  return answer.body;
}
const readUser = (id: number) => read<UserDetail>(`/api/users/${id}`);
const readGroup = (id: number) => read<GroupSummary>(`/api/groups/${id}`);

/** A write that must be refused with `status` and commit nothing to the file. */
async function refusedWrite(
  status: number,
  method: string,
  path: string,
  options: CallOptions,
): Promise<Answer<ApiError>> {
  const before = served().observer.state();
  const answer = await call<ApiError>(method, path, options);
  expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBe(status);
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(served().observer.state(), `${method} ${path} wrote nothing`).toEqual(before);
  return answer;
}

/** A 412 that names the version a fresh GET shows, and leaves the resource as it was. */
async function expectStale(method: string, path: string, resourcePath: string, options: CallOptions) {
  const before = await read<{ version: number }>(resourcePath);
  const answer = await refusedWrite(412, method, path, options);
  expect(answer.body).toMatchObject({ status: 412, code: 'STALE', currentVersion: before.version });
  expect(await read<{ version: number }>(resourcePath), 'unchanged').toEqual(before);
}

describe('ETag of a single resource', () => {
  it('GET /api/users/{id} answers ETag "<version>" of its body', async () => {
    const user = await createUser();
    const answer = await call<UserDetail>('GET', `/api/users/${user.id}`);
    expect(answer.status).toBe(200);
    expect(answer.body.version).toBeGreaterThan(0);
    expect(answer.body.version).toBe(user.version);
    expect(answer.headers.get('etag')).toBe(`"${answer.body.version}"`);
  });

  it('GET /api/groups/{id} answers ETag "<version>" of its body', async () => {
    const group = await createGroup();
    const answer = await call<GroupSummary>('GET', `/api/groups/${group.id}`);
    expect(answer.status).toBe(200);
    expect(answer.body.version).toBe(group.version);
    expect(answer.headers.get('etag')).toBe(`"${answer.body.version}"`);
  });
});

describe('every write moves the version', () => {
  it('PATCH of a user: the answer carries the new version and ETag, GET agrees', async () => {
    const user = await createUser();
    const answer = await call<UserDetail>('PATCH', `/api/users/${user.id}`, {
      body: { displayName: 'Changed name' },
      headers: { 'If-Match': etag(user.version) },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.version).not.toBe(user.version);
    expect(answer.headers.get('etag')).toBe(etag(answer.body.version));
    const now = await readUser(user.id);
    expect(now.version).toBe(answer.body.version);
    expect(now.displayName).toBe('Changed name');
  });

  it("PATCH of a group (rename) moves the group's version", async () => {
    const group = await createGroup();
    const answer = await call<GroupSummary>('PATCH', `/api/groups/${group.id}`, {
      body: { name: `Renamed ${group.id}` },
      headers: { 'If-Match': etag(group.version) },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.version).not.toBe(group.version);
    expect((await readGroup(group.id)).version).toBe(answer.body.version);
  });

  it("PUT /api/users/{id}/groups moves the user's version and the group's", async () => {
    const user = await createUser();
    const group = await createGroup();
    const answer = await call<UserDetail>('PUT', `/api/users/${user.id}/groups`, {
      body: { groupIds: [group.id] },
      headers: { 'If-Match': etag(user.version) },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.groups.map((g) => g.id)).toEqual([group.id]);
    const userNow = await readUser(user.id);
    expect(userNow.version).not.toBe(user.version);
    expect(userNow.version).toBe(answer.body.version);
    const groupNow = await readGroup(group.id);
    expect(groupNow.memberCount).toBe(1);
    expect(groupNow.version).not.toBe(group.version);
  });

  it("a membership change from the group's side moves both the user's and the group's version", async () => {
    const user = await createUser();
    const group = await createGroup();
    const added = await call<GroupSummary>('POST', `/api/groups/${group.id}/members`, {
      body: { userIds: [user.id] },
    });
    expect(added.status).toBe(200);
    const userAdded = await readUser(user.id);
    const groupAdded = await readGroup(group.id);
    expect(userAdded.version).not.toBe(user.version);
    expect(groupAdded.version).not.toBe(group.version);
    expect(added.body.version).toBe(groupAdded.version);

    const removed = await call<GroupSummary>('DELETE', `/api/groups/${group.id}/members/${user.id}`);
    expect(removed.status).toBe(200);
    const userRemoved = await readUser(user.id);
    const groupRemoved = await readGroup(group.id);
    expect(userRemoved.version).not.toBe(userAdded.version);
    expect(groupRemoved.version).not.toBe(groupAdded.version);
    expect(groupRemoved.memberCount).toBe(0);
  });

  it("generating and revoking a token move the user's version", async () => {
    const user = await createUser();
    const generated = await call<TokenPair>('POST', `/api/users/${user.id}/tokens`);
    expect(generated.status).toBe(201);
    const withToken = await readUser(user.id);
    expect(withToken.token).not.toBeNull();
    expect(withToken.version).not.toBe(user.version);

    const revoked = await call('DELETE', `/api/users/${user.id}/tokens`);
    expect(revoked.status).toBe(204);
    const without = await readUser(user.id);
    expect(without.token).toBeNull();
    expect(without.version).not.toBe(withToken.version);
  });

  it('versions never come back: each write gives a version not seen before', async () => {
    const user = await createUser();
    const seen = new Set([user.version]);
    for (const displayName of ['First name', 'Second name', 'First name']) {
      const answer = await call<UserDetail>('PATCH', `/api/users/${user.id}`, { body: { displayName } });
      expect(answer.status).toBe(200);
      expect(seen.has(answer.body.version), `version ${answer.body.version} is new`).toBe(false);
      seen.add(answer.body.version);
    }
  });
});

describe('a stale If-Match: 412 with currentVersion, and nothing written', () => {
  it('PATCH of a user', async () => {
    const user = await createUser();
    const first = await call<UserDetail>('PATCH', `/api/users/${user.id}`, {
      body: { displayName: 'Moved on' },
    });
    expect(first.status).toBe(200);
    await expectStale('PATCH', `/api/users/${user.id}`, `/api/users/${user.id}`, {
      body: { displayName: 'Too late' },
      headers: { 'If-Match': etag(user.version) },
    });
    expect((await readUser(user.id)).displayName).toBe('Moved on');
  });

  it('DELETE of a user', async () => {
    const user = await createUser();
    expect(
      (await call('PATCH', `/api/users/${user.id}`, { body: { email: 'moved@example.com' } })).status,
    ).toBe(200);
    await expectStale('DELETE', `/api/users/${user.id}`, `/api/users/${user.id}`, {
      headers: { 'If-Match': etag(user.version) },
    });
  });

  it('PATCH of a group', async () => {
    const group = await createGroup();
    const renamed = `Moved on ${group.id}`;
    expect((await call('PATCH', `/api/groups/${group.id}`, { body: { name: renamed } })).status).toBe(200);
    await expectStale('PATCH', `/api/groups/${group.id}`, `/api/groups/${group.id}`, {
      body: { name: `Too late ${group.id}` },
      headers: { 'If-Match': etag(group.version) },
    });
    expect((await readGroup(group.id)).name).toBe(renamed);
  });

  it('DELETE of a group', async () => {
    const group = await createGroup();
    expect(
      (await call('PATCH', `/api/groups/${group.id}`, { body: { name: `Moved ${group.id}` } })).status,
    ).toBe(200);
    await expectStale('DELETE', `/api/groups/${group.id}`, `/api/groups/${group.id}`, {
      headers: { 'If-Match': etag(group.version) },
    });
  });

  it("a membership change from the group's side makes the user's earlier ETag stale", async () => {
    const user = await createUser();
    const group = await createGroup();
    expect(
      (await call('POST', `/api/groups/${group.id}/members`, { body: { userIds: [user.id] } })).status,
    ).toBe(200);
    await expectStale('PATCH', `/api/users/${user.id}`, `/api/users/${user.id}`, {
      body: { displayName: 'Too late' },
      headers: { 'If-Match': etag(user.version) },
    });
  });
});

describe('If-Match that applies', () => {
  it('the current ETag: PATCH and DELETE of a user succeed', async () => {
    const user = await createUser();
    const current = await readUser(user.id);
    const patched = await call<UserDetail>('PATCH', `/api/users/${user.id}`, {
      body: { displayName: 'Current tag' },
      headers: { 'If-Match': etag(current.version) },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.displayName).toBe('Current tag');
    const deleted = await call('DELETE', `/api/users/${user.id}`, {
      headers: { 'If-Match': patched.headers.get('etag') ?? '' },
    });
    expect(deleted.status).toBe(204);
    expect((await call('GET', `/api/users/${user.id}`)).status).toBe(404);
  });

  it('the current ETag: PATCH and DELETE of a group succeed', async () => {
    const group = await createGroup();
    const current = await readGroup(group.id);
    const patched = await call<GroupSummary>('PATCH', `/api/groups/${group.id}`, {
      body: { name: `Current ${group.id}` },
      headers: { 'If-Match': etag(current.version) },
    });
    expect(patched.status).toBe(200);
    const deleted = await call('DELETE', `/api/groups/${group.id}`, {
      headers: { 'If-Match': etag(patched.body.version) },
    });
    expect(deleted.status).toBe(204);
    expect((await call('GET', `/api/groups/${group.id}`)).status).toBe(404);
  });

  it('* applies whatever the version', async () => {
    const user = await createUser();
    expect((await call('PATCH', `/api/users/${user.id}`, { body: { displayName: 'Moved on' } })).status).toBe(
      200,
    );
    const patched = await call<UserDetail>('PATCH', `/api/users/${user.id}`, {
      body: { displayName: 'Star tag' },
      headers: { 'If-Match': '*' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.displayName).toBe('Star tag');
    const group = await createGroup();
    expect(
      (await call('PATCH', `/api/groups/${group.id}`, { body: { name: `Moved ${group.id}` } })).status,
    ).toBe(200);
    expect((await call('DELETE', `/api/groups/${group.id}`, { headers: { 'If-Match': '*' } })).status).toBe(
      204,
    );
    expect((await call('DELETE', `/api/users/${user.id}`, { headers: { 'If-Match': '*' } })).status).toBe(
      204,
    );
  });

  it('no If-Match: the write is unconditional', async () => {
    const user = await createUser();
    expect((await call('PATCH', `/api/users/${user.id}`, { body: { displayName: 'Moved on' } })).status).toBe(
      200,
    );
    const patched = await call<UserDetail>('PATCH', `/api/users/${user.id}`, {
      body: { displayName: 'No tag' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.displayName).toBe('No tag');
  });
});

describe('If-Match that can never apply', () => {
  it('a weak tag W/"<current version>" answers 412 and writes nothing', async () => {
    const user = await createUser();
    const before = await readUser(user.id);
    const answer = await refusedWrite(412, 'PATCH', `/api/users/${user.id}`, {
      body: { displayName: 'Weak tag' },
      headers: { 'If-Match': `W/"${before.version}"` },
    });
    expect(answer.body.code).toBe('STALE');
    expect(await readUser(user.id)).toEqual(before);

    const group = await createGroup();
    const groupBefore = await readGroup(group.id);
    await refusedWrite(412, 'DELETE', `/api/groups/${group.id}`, {
      headers: { 'If-Match': `W/"${groupBefore.version}"` },
    });
    expect(await readGroup(group.id)).toEqual(groupBefore);
  });

  it.each(['garbage', '"1', '1', '"1" garbage', 'W/1'])(
    'a malformed If-Match (%s) answers 400 naming the header, and writes nothing',
    async (header) => {
      const user = await createUser();
      const before = await readUser(user.id);
      const answer = await refusedWrite(400, 'PATCH', `/api/users/${user.id}`, {
        body: { displayName: 'Bad tag' },
        headers: { 'If-Match': header },
      });
      expect(answer.body).toMatchObject({ status: 400, code: 'INVALID_INPUT', field: 'If-Match' });
      expect(await readUser(user.id)).toEqual(before);
      const deleted = await refusedWrite(400, 'DELETE', `/api/users/${user.id}`, {
        headers: { 'If-Match': header },
      });
      expect(deleted.body.field).toBe('If-Match');
    },
  );
});

describe('two clients that read the same version', () => {
  it('both PATCH with it at once: exactly one succeeds, the other gets 412 with the winner’s version', async () => {
    const { api } = served();
    const [first, second] = [
      await signIn(api, ADMIN.username, ADMIN.password),
      await signIn(api, ADMIN.username, ADMIN.password),
    ];
    const user = await createUser();
    const seen = await readUser(user.id);
    const answers = await Promise.all(
      [first, second].map((token, index) =>
        api.call<UserDetail & ApiError>('PATCH', `/api/users/${user.id}`, {
          token,
          body: { displayName: `Client ${index + 1}` },
          headers: { 'If-Match': etag(seen.version) },
        }),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, 412]);
    const winner = answers.find((answer) => answer.status === 200);
    const loser = answers.find((answer) => answer.status === 412);
    const now = await readUser(user.id);
    expect(now.displayName).toBe(winner?.body.displayName);
    expect(now.version).toBe(winner?.body.version);
    expect(loser?.body.code).toBe('STALE');
    expect(loser?.body.currentVersion).toBe(now.version);
  });

  it('both DELETE a group with it at once: one 204, one 412 or 404, and the group is gone', async () => {
    const group = await createGroup();
    const seen = await readGroup(group.id);
    const answers = await Promise.all(
      [1, 2].map(() =>
        call('DELETE', `/api/groups/${group.id}`, { headers: { 'If-Match': etag(seen.version) } }),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 204)).toHaveLength(1);
    expect(statuses.filter((status) => status !== 204)[0]).toBeOneOf([404, 412]);
    expect((await call('GET', `/api/groups/${group.id}`)).status).toBe(404);
  });
});
