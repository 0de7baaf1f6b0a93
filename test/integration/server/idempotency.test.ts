import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GroupSummary, Page, TokenInfo, TokenPair, UserDetail } from '../../../shared/domain/directory';
import { signIn, type Answer, type ApiError, type CallOptions } from './support/api';
import { newUserFields, useServedInstance } from './support/servedInstance';

/**
 * Idempotency-Key on the creates (users, groups, a user's token pair): the same key again within
 * 24 hours answers the first result (201, the same body) without creating again, even when both
 * requests arrive at once; the same key with another request is a 409 on `idempotencyKey`; keys
 * are scoped per signed-in user; a malformed key is a 400 on `Idempotency-Key`. Counts come from
 * the API and from a read-only look at the file.
 */

const served = useServedInstance();
const admin = () => served().adminToken;

const call = <T = unknown>(method: string, path: string, options: CallOptions = {}) =>
  served().api.call<T>(method, path, { token: admin(), ...options });
const state = () => served().observer.state();
const newKey = () => `key-${randomUUID()}`;
const keyed = (key: string) => ({ 'Idempotency-Key': key });

async function usersNamed(username: string): Promise<number> {
  const answer = await call<Page<UserDetail>>('GET', `/api/users?q=${encodeURIComponent(username)}`);
  expect(answer.status).toBe(200);
  return answer.body.items.filter((user) => user.username === username).length;
}

async function groupsNamed(name: string): Promise<number> {
  const answer = await call<Page<GroupSummary>>('GET', `/api/groups?q=${encodeURIComponent(name)}`);
  expect(answer.status).toBe(200);
  return answer.body.items.filter((group) => group.name === name).length;
}

async function createUser(prefix: string): Promise<UserDetail> {
  const answer = await call<UserDetail>('POST', '/api/users', { body: newUserFields(prefix) });
  expect(answer.status).toBe(201);
  return answer.body;
}

/** The instance file and its write-ahead log, as bytes. */
function fileBytes(): Buffer[] {
  const { file } = served();
  return [file, `${file}-wal`].filter((path) => existsSync(path)).map((path) => readFileSync(path));
}

/** Refused with `status` and `field`, and nothing committed to the file. */
async function refused(
  status: number,
  field: string,
  method: string,
  path: string,
  options: CallOptions,
): Promise<Answer<ApiError>> {
  const before = state();
  const answer = await call<ApiError>(method, path, options);
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(answer.body).toMatchObject({ status, field });
  expect(state(), `${method} ${path} wrote nothing`).toEqual(before);
  return answer;
}

describe('POST /api/users with an Idempotency-Key', () => {
  it('sent twice: one user, two 201 answers with the same body', async () => {
    const fields = newUserFields('twice');
    const key = newKey();
    const before = state();
    const first = await call<UserDetail>('POST', '/api/users', { body: fields, headers: keyed(key) });
    const again = await call<UserDetail>('POST', '/api/users', { body: fields, headers: keyed(key) });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(first.body.username).toBe(fields.username);
    expect(await usersNamed(fields.username)).toBe(1);
    expect(state().counts.users).toBe(before.counts.users + 1);
    expect(
      served()
        .observer.audit('user.create')
        .filter((row) => row.target_id === first.body.id),
    ).toHaveLength(1);
  });

  it('the same key with another body: 409 on idempotencyKey, nothing created', async () => {
    const key = newKey();
    const fields = newUserFields('first');
    expect((await call('POST', '/api/users', { body: fields, headers: keyed(key) })).status).toBe(201);
    const other = newUserFields('other');
    const answer = await refused(409, 'idempotencyKey', 'POST', '/api/users', {
      body: other,
      headers: keyed(key),
    });
    expect(answer.body.code).toBe('CONFLICT');
    expect(await usersNamed(other.username)).toBe(0);
    // A changed field of the same user is another body too.
    await refused(409, 'idempotencyKey', 'POST', '/api/users', {
      body: { ...fields, displayName: 'Someone else' },
      headers: keyed(key),
    });
  });

  it('the same key for another create (a group): 409 on idempotencyKey, nothing created', async () => {
    const key = newKey();
    expect(
      (await call('POST', '/api/users', { body: newUserFields('cross'), headers: keyed(key) })).status,
    ).toBe(201);
    await refused(409, 'idempotencyKey', 'POST', '/api/groups', {
      body: { name: 'Cross key' },
      headers: keyed(key),
    });
    expect(await groupsNamed('Cross key')).toBe(0);
  });

  it('two requests with the same key at once create exactly one user, and both answer it', async () => {
    const fields = newUserFields('together');
    const key = newKey();
    const before = state();
    const answers = await Promise.all(
      [1, 2, 3].map(() => call<UserDetail>('POST', '/api/users', { body: fields, headers: keyed(key) })),
    );
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201]);
    const [first, ...others] = answers;
    for (const other of others) expect(other.body).toEqual(first?.body);
    expect(await usersNamed(fields.username)).toBe(1);
    expect(state().counts.users).toBe(before.counts.users + 1);
  });

  it('without a key, the same body twice is a new create: the second is a 409 on username', async () => {
    const fields = newUserFields('nokey');
    expect((await call('POST', '/api/users', { body: fields })).status).toBe(201);
    await refused(409, 'username', 'POST', '/api/users', { body: fields });
  });
});

describe('keys are scoped per signed-in user', () => {
  let secondAdmin: string;

  beforeAll(async () => {
    const fields = newUserFields('admin2');
    const created = await call<UserDetail>('POST', '/api/users', { body: fields });
    expect(created.status).toBe(201);
    const promoted = await call<UserDetail>('PUT', `/api/users/${created.body.id}/role`, {
      body: { role: 'administrator' },
    });
    expect(promoted.status).toBe(200);
    expect(promoted.body.role).toBe('administrator');
    secondAdmin = await signIn(served().api, fields.username, fields.password);
  });

  it("another administrator's use of the same key creates its own user", async () => {
    const key = newKey();
    const mine = newUserFields('mine');
    const first = await call<UserDetail>('POST', '/api/users', { body: mine, headers: keyed(key) });
    expect(first.status).toBe(201);

    const theirs = newUserFields('theirs');
    const before = state();
    const answer = await call<UserDetail>('POST', '/api/users', {
      token: secondAdmin,
      body: theirs,
      headers: keyed(key),
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body.username).toBe(theirs.username);
    expect(answer.body.id).not.toBe(first.body.id);
    expect(state().counts.users).toBe(before.counts.users + 1);
    expect(await usersNamed(theirs.username)).toBe(1);

    // And each one's key still answers their own first result.
    const mineAgain = await call<UserDetail>('POST', '/api/users', { body: mine, headers: keyed(key) });
    expect(mineAgain.status).toBe(201);
    expect(mineAgain.body).toEqual(first.body);
    const theirsAgain = await call<UserDetail>('POST', '/api/users', {
      token: secondAdmin,
      body: theirs,
      headers: keyed(key),
    });
    expect(theirsAgain.status).toBe(201);
    expect(theirsAgain.body).toEqual(answer.body);
  });

  it("another administrator's same key and same body is not answered with the first one's result", async () => {
    const key = newKey();
    const fields = newUserFields('shared');
    expect((await call('POST', '/api/users', { body: fields, headers: keyed(key) })).status).toBe(201);
    // A create of its own: the username is taken by then.
    await refused(409, 'username', 'POST', '/api/users', {
      token: secondAdmin,
      body: fields,
      headers: keyed(key),
    });
  });
});

describe('POST /api/groups with an Idempotency-Key', () => {
  it('sent twice: one group, two 201 answers with the same body', async () => {
    const key = newKey();
    const before = state();
    const first = await call<GroupSummary>('POST', '/api/groups', {
      body: { name: 'Twice' },
      headers: keyed(key),
    });
    const again = await call<GroupSummary>('POST', '/api/groups', {
      body: { name: 'Twice' },
      headers: keyed(key),
    });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await groupsNamed('Twice')).toBe(1);
    expect(state().counts.groups).toBe(before.counts.groups + 1);
  });

  it('the same key with another body: 409 on idempotencyKey, nothing created', async () => {
    const key = newKey();
    expect(
      (await call('POST', '/api/groups', { body: { name: 'Keyed first' }, headers: keyed(key) })).status,
    ).toBe(201);
    await refused(409, 'idempotencyKey', 'POST', '/api/groups', {
      body: { name: 'Keyed other' },
      headers: keyed(key),
    });
    expect(await groupsNamed('Keyed other')).toBe(0);
  });

  it('two requests with the same key at once create exactly one group', async () => {
    const key = newKey();
    const before = state();
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        call<GroupSummary>('POST', '/api/groups', { body: { name: 'Together' }, headers: keyed(key) }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201]);
    for (const answer of answers) expect(answer.body).toEqual(answers[0]?.body);
    expect(await groupsNamed('Together')).toBe(1);
    expect(state().counts.groups).toBe(before.counts.groups + 1);
  });
});

describe('POST /api/users/{id}/tokens with an Idempotency-Key', () => {
  /** The pair works as a bearer token of its user; the user's token times are this pair's. */
  async function expectInForce(userId: number, pair: TokenPair) {
    const me = await served().api.call<{ id: number; via: string }>('GET', '/api/auth/me', {
      token: pair.accessToken,
    });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: userId, via: 'apiToken' });
    const info = await call<TokenInfo>('GET', `/api/users/${userId}/tokens`);
    expect(info.status).toBe(200);
    expect(info.body).toEqual({
      createdAt: pair.createdAt,
      accessExpiresAt: pair.accessExpiresAt,
      refreshExpiresAt: pair.refreshExpiresAt,
    });
  }

  it('sent twice: the same pair twice, one generation, and that pair is the one that works', async () => {
    const user = await createUser('tokentwice');
    const key = newKey();
    const before = state();
    const first = await call<TokenPair>('POST', `/api/users/${user.id}/tokens`, { headers: keyed(key) });
    const again = await call<TokenPair>('POST', `/api/users/${user.id}/tokens`, { headers: keyed(key) });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(state().counts.tokens).toBe(before.counts.tokens + 1);
    expect(
      served()
        .observer.audit('token.generate')
        .filter((row) => row.target_id === user.id),
    ).toHaveLength(1);
    await expectInForce(user.id, first.body);

    // A new key is a new pair: the kept one stops working, the new one works.
    const next = await call<TokenPair>('POST', `/api/users/${user.id}/tokens`, { headers: keyed(newKey()) });
    expect(next.status).toBe(201);
    expect(next.body.accessToken).not.toBe(first.body.accessToken);
    expect((await served().api.call('GET', '/api/auth/me', { token: first.body.accessToken })).status).toBe(
      401,
    );
    await expectInForce(user.id, next.body);
  });

  it('the pair kept for the key is not readable from the instance file or its -wal file', async () => {
    const user = await createUser('tokenfile');
    const key = newKey();
    const first = await call<TokenPair>('POST', `/api/users/${user.id}/tokens`, { headers: keyed(key) });
    expect(first.status).toBe(201);
    const again = await call<TokenPair>('POST', `/api/users/${user.id}/tokens`, { headers: keyed(key) });
    expect(again.body).toEqual(first.body);
    const files = fileBytes();
    expect(files.length).toBeGreaterThan(0);
    for (const bytes of files) {
      expect(bytes.includes(first.body.accessToken)).toBe(false);
      expect(bytes.includes(first.body.refreshToken)).toBe(false);
      expect(bytes.includes(key)).toBe(false);
    }
    // The check does see what the file holds.
    expect(files.some((bytes) => bytes.includes(user.username))).toBe(true);
  });

  it('the same key for another user: 409 on idempotencyKey, no pair generated', async () => {
    const user = await createUser('tokenone');
    const other = await createUser('tokenother');
    const key = newKey();
    expect((await call('POST', `/api/users/${user.id}/tokens`, { headers: keyed(key) })).status).toBe(201);
    await refused(409, 'idempotencyKey', 'POST', `/api/users/${other.id}/tokens`, { headers: keyed(key) });
    expect((await call('GET', `/api/users/${other.id}/tokens`)).status).toBe(404);
  });

  it('two requests with the same key at once generate one pair, answered to both', async () => {
    const user = await createUser('tokentogether');
    const key = newKey();
    const before = state();
    const answers = await Promise.all(
      [1, 2, 3].map(() => call<TokenPair>('POST', `/api/users/${user.id}/tokens`, { headers: keyed(key) })),
    );
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201]);
    for (const answer of answers) expect(answer.body).toEqual(answers[0]?.body);
    expect(state().counts.tokens).toBe(before.counts.tokens + 1);
    expect(
      served()
        .observer.audit('token.generate')
        .filter((row) => row.target_id === user.id),
    ).toHaveLength(1);
    const pair = answers[0]?.body;
    if (!pair) throw new Error('no answer');
    await expectInForce(user.id, pair);
  });
});

describe('a malformed Idempotency-Key', () => {
  const bad = ['fifteen-chars-x', 'has a space in the key', 'x'.repeat(129), 'tab\tinside-the-key-1'];

  it.each(bad)('%j: 400 on Idempotency-Key for every create, and nothing created', async (key) => {
    const fields = newUserFields('badkey');
    const answer = await refused(400, 'Idempotency-Key', 'POST', '/api/users', {
      body: fields,
      headers: keyed(key),
    });
    expect(answer.body.code).toBe('INVALID_INPUT');
    expect(await usersNamed(fields.username)).toBe(0);
    await refused(400, 'Idempotency-Key', 'POST', '/api/groups', {
      body: { name: 'Bad key' },
      headers: keyed(key),
    });
    expect(await groupsNamed('Bad key')).toBe(0);
    await refused(400, 'Idempotency-Key', 'POST', '/api/users/1/tokens', { headers: keyed(key) });
  });

  it('16 and 128 visible ASCII characters are keys', async () => {
    for (const key of ['!'.repeat(15) + '~', `k${'~'.repeat(126)}k`]) {
      const fields = newUserFields('edgekey');
      const first = await call<UserDetail>('POST', '/api/users', { body: fields, headers: keyed(key) });
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      const again = await call<UserDetail>('POST', '/api/users', { body: fields, headers: keyed(key) });
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(await usersNamed(fields.username)).toBe(1);
    }
  });
});
