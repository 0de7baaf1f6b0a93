import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKeyInfo, CreatedApiKey, NewApiKey } from '../../../shared/domain/apiKeys';
import { API_KEYS_PER_USER } from '../../../shared/domain/apiKeys';
import type { UserDetail } from '../../../shared/domain/directory';
import type { Role } from '../../../shared/domain/roles';
import { makeTempDir } from '../../support/tempDir';
import { holdWriteLock } from './support/adminRace';
import { apiClient, signIn, type ApiClient, type ApiError } from './support/api';
import { builtServer, killStartedServers, startBuiltServer } from './support/builtServer';
import { ADMIN, newInstanceFile } from './support/instanceFile';
import { startLocalServer, type LocalServer } from './support/localServer';
import { newUserFields } from './support/servedInstance';

/**
 * Named API keys through the instance server: created, listed and revoked at /api/users/{id}/keys;
 * used as bearer tokens within their scope and lifetime; their last use noted; introspected and
 * revoked through the OAuth endpoints by a standard client (oauth4webapi); the rules of who may
 * hold which key checked in the write, also with two server processes racing; and no key's value
 * anywhere in the instance file, its WAL or the server log.
 */

const DAY = 24 * 60 * 60_000;
const values = new Set<string>();
let local: LocalServer;
let admin: string;
afterAll(async () => {
  killStartedServers();
  await local.close();
});
beforeAll(async () => {
  local = await startLocalServer();
  admin = await local.adminToken();
});

/** Moves the server's clock; the administrator signs in again, as their access token may have run out. */
async function advance(ms: number) {
  local.clock.advance(ms);
  admin = await local.adminToken();
}

const asAdmin = <T>(method: string, urlPath: string, body?: unknown) =>
  local.api.call<T>(method, urlPath, { token: admin, body });

async function createUser(role: Role, prefix: string, api: ApiClient = local.api, token = admin) {
  const fields = newUserFields(prefix);
  const answer = await api.call<UserDetail>('POST', '/api/users', { token, body: { ...fields, role } });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body;
}

async function createKey(userId: number, key: NewApiKey, api: ApiClient = local.api, token = admin) {
  const answer = await api.call<CreatedApiKey>('POST', `/api/users/${userId}/keys`, { token, body: key });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  values.add(answer.body.value);
  return answer.body;
}

const keysOf = async (userId: number) =>
  (await asAdmin<ApiKeyInfo[]>('GET', `/api/users/${userId}/keys`)).body;
const me = (token: string) =>
  local.api.call<ApiError & { username: string }>('GET', '/api/auth/me', { token });
const keyRows = () => local.observer.db.prepare('SELECT count(*) FROM api_keys').pluck().get() as number;

describe('a key', () => {
  it('is answered once with its value, listed without it, and works as a bearer token', async () => {
    const user = await createUser('user', 'keyholder');
    const created = await createKey(user.id, { name: '  CI deploy ', scope: 'write', expiresInDays: 30 });
    expect(created.value).toMatch(/^roster_[A-Za-z0-9_-]{43}$/);
    expect(created.key.id).toBeGreaterThan(0);
    expect(created.key).toEqual({
      id: created.key.id,
      name: 'CI deploy',
      scope: 'write',
      createdAt: new Date(local.clock.now).toISOString(),
      expiresAt: new Date(local.clock.now + 30 * DAY).toISOString(),
      lastUsedAt: null,
      lastUsedAddress: null,
    });
    expect(await keysOf(user.id)).toEqual([created.key]);
    expect(JSON.stringify(await keysOf(user.id))).not.toContain(created.value);

    await advance(5_000);
    const answer = await me(created.value);
    expect(answer.status).toBe(200);
    expect(answer.body.username).toBe(user.username);
    // Last use is noted: when, and from where.
    expect((await keysOf(user.id))[0]).toMatchObject({
      lastUsedAt: new Date(local.clock.now).toISOString(),
      lastUsedAddress: '127.0.0.1',
    });
    expect(local.observer.audit('apiKey.create').at(-1)).toMatchObject({ target_id: user.id });
    expect(local.observer.audit('apiKey.create').at(-1)?.after).not.toContain(created.value);
  });

  it('stops working when it expires, and when it is revoked', async () => {
    const user = await createUser('user', 'expiring');
    const short = await createKey(user.id, { name: 'short', scope: 'read', expiresInDays: 1 });
    const revoked = await createKey(user.id, { name: 'revoked', scope: 'read', expiresInDays: 7 });
    expect((await me(short.value)).status).toBe(200);

    await advance(DAY);
    const expired = await me(short.value);
    expect(expired.status).toBe(401);
    expect(expired.body.detail).toBe('That API key has expired: ask for a new one.');
    // Still listed, so that the admin sees it ran out.
    expect((await keysOf(user.id)).map((key) => key.name)).toEqual(['short', 'revoked']);

    expect((await me(revoked.value)).status).toBe(200);
    const gone = await asAdmin('DELETE', `/api/users/${user.id}/keys/${revoked.key.id}`);
    expect(gone.status).toBe(204);
    expect((await me(revoked.value)).status).toBe(401);
    expect((await keysOf(user.id)).map((key) => key.name)).toEqual(['short']);
    expect((await asAdmin('DELETE', `/api/users/${user.id}/keys/${revoked.key.id}`)).status).toBe(404);
    expect(local.observer.audit('apiKey.revoke').at(-1)).toMatchObject({ target_id: user.id });
  });

  it('with the read scope may read but gets 403 on a write, which writes nothing', async () => {
    const reader = await createKey((await createUser('administrator', 'readadmin')).id, {
      name: 'reports',
      scope: 'read',
      expiresInDays: 90,
    });
    expect((await local.api.call('GET', '/api/users?limit=5', { token: reader.value })).status).toBe(200);
    const before = local.observer.state();
    const write = await local.api.call<ApiError>('POST', '/api/users', {
      token: reader.value,
      body: newUserFields('byreadkey'),
    });
    expect(write.status).toBe(403);
    expect(write.body.detail).toBe('This API key has the read scope: it may only read, not change anything.');
    expect(local.observer.state().counts).toEqual(before.counts);

    const writer = await createKey((await createUser('administrator', 'writeadmin')).id, {
      name: 'provisioning',
      scope: 'write',
      expiresInDays: 90,
    });
    const created = await local.api.call('POST', '/api/users', {
      token: writer.value,
      body: newUserFields('bykey'),
    });
    expect(created.status).toBe(201);
  });

  it('stops working while its user is disabled', async () => {
    const user = await createUser('user', 'pausing');
    const key = await createKey(user.id, { name: 'job', scope: 'read', expiresInDays: 7 });
    expect((await asAdmin('POST', `/api/users/${user.id}/disable`)).status).toBe(200);
    expect((await me(key.value)).status).toBe(401);
    expect((await asAdmin('POST', `/api/users/${user.id}/enable`)).status).toBe(200);
    expect((await me(key.value)).status).toBe(200);
  });
});

describe('who may hold which key', () => {
  const refused = async (userId: number, key: NewApiKey) => {
    const before = keyRows();
    const answer = await asAdmin<ApiError>('POST', `/api/users/${userId}/keys`, key);
    expect(keyRows()).toBe(before);
    return answer;
  };

  it('never-expiring keys: API users only', async () => {
    const user = await createUser('user', 'noforever');
    const answer = await refused(user.id, { name: 'forever', scope: 'read', expiresInDays: null });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'expiresInDays',
      detail: 'Only API users may hold a key that never expires: choose a lifetime of up to a year.',
    });
    const service = await createUser('apiUser', 'service');
    const forever = await createKey(service.id, { name: 'forever', scope: 'write', expiresInDays: null });
    expect(forever.key.expiresAt).toBeNull();
    await advance(400 * DAY);
    expect((await me(forever.value)).status).toBe(200);
  });

  it('an Auditor only gets read keys; lifetimes run from a day to a year', async () => {
    const auditor = await createUser('auditor', 'keyauditor');
    const write = await refused(auditor.id, { name: 'w', scope: 'write', expiresInDays: 1 });
    expect(write.body).toMatchObject({ status: 400, field: 'scope' });
    await createKey(auditor.id, { name: 'r', scope: 'read', expiresInDays: 1 });
    for (const expiresInDays of [0, 366, 1.5])
      expect((await refused(auditor.id, { name: 'x', scope: 'read', expiresInDays })).status).toBe(400);
  });

  it('names are unique per user regardless of case, and a user holds at most the limit', async () => {
    const user = await createUser('user', 'manykeys');
    const other = await createUser('user', 'otherkeys');
    await createKey(user.id, { name: 'Deploy', scope: 'read', expiresInDays: 1 });
    const clash = await refused(user.id, { name: 'deploy', scope: 'read', expiresInDays: 1 });
    expect(clash.body).toMatchObject({ status: 409, field: 'name' });
    await createKey(other.id, { name: 'deploy', scope: 'read', expiresInDays: 1 });
    for (let index = 1; index < API_KEYS_PER_USER; index++)
      await createKey(user.id, { name: `key ${index}`, scope: 'read', expiresInDays: 1 });
    const over = await refused(user.id, { name: 'one more', scope: 'read', expiresInDays: 1 });
    expect(over.status).toBe(409);
    expect(over.body.detail).toContain(`already holds ${API_KEYS_PER_USER} API keys`);
  });

  it('a role change may not leave a user holding a key the new role could not be given', async () => {
    const service = await createUser('apiUser', 'demoted');
    const forever = await createKey(service.id, { name: 'nightly', scope: 'write', expiresInDays: null });
    const demote = await asAdmin<ApiError>('PUT', `/api/users/${service.id}/role`, { role: 'user' });
    expect(demote.status).toBe(409);
    expect(demote.body.detail).toContain('"nightly"');
    expect((await asAdmin<UserDetail>('GET', `/api/users/${service.id}`)).body.role).toBe('apiUser');
    await asAdmin('DELETE', `/api/users/${service.id}/keys/${forever.key.id}`);
    expect((await asAdmin('PUT', `/api/users/${service.id}/role`, { role: 'user' })).status).toBe(200);
  });

  it('a User manager may not make keys for an Administrator', async () => {
    const manager = await createUser('userManager', 'keymanager');
    const password = newUserFields('x').password;
    await asAdmin('PATCH', `/api/users/${manager.id}`, { password });
    const token = await signIn(local.api, manager.username, password);
    const target = await createUser('administrator', 'keytarget');
    const before = keyRows();
    const answer = await local.api.call('POST', `/api/users/${target.id}/keys`, {
      token,
      body: { name: 'sneaky', scope: 'write', expiresInDays: 1 },
    });
    expect(answer.status).toBe(403);
    expect(keyRows()).toBe(before);
  });
});

describe('keys through the OAuth endpoints (oauth4webapi)', () => {
  const client: oauth.Client = { client_id: 'roster-api-key-test' };
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- plain HTTP on loopback, on purpose
  const options = { [oauth.allowInsecureRequests]: true } as const;
  const as = (): oauth.AuthorizationServer => ({
    issuer: local.url,
    revocation_endpoint: `${local.url}/oauth/revoke`,
    introspection_endpoint: `${local.url}/oauth/introspect`,
  });
  const byBearer =
    (token: string): oauth.ClientAuth =>
    (_as, _client, _body, headers) => {
      headers.set('authorization', `Bearer ${token}`);
    };
  const introspect = async (caller: string, token: string) =>
    oauth.processIntrospectionResponse(
      as(),
      client,
      await oauth.introspectionRequest(as(), client, byBearer(caller), token, options),
    );

  it("a resource server asks with an API user's key, learns whose a key is, and it can be revoked", async () => {
    const resourceServer = await createUser('apiUser', 'resource');
    const asker = await createKey(resourceServer.id, {
      name: 'introspection',
      scope: 'read',
      expiresInDays: null,
    });
    const owner = await createUser('user', 'introspected');
    const key = await createKey(owner.id, { name: 'app', scope: 'read', expiresInDays: 2 });

    expect(await introspect(asker.value, key.value)).toMatchObject({
      active: true,
      sub: String(owner.id),
      username: owner.username,
      role: 'user',
      scope: 'read',
      token_type: 'api_key',
      exp: Math.floor(Date.parse(key.key.expiresAt ?? '') / 1000),
    });
    // A read key may introspect: asking changes nothing.
    expect((await introspect(asker.value, asker.value)).active).toBe(true);

    await oauth.processRevocationResponse(
      await oauth.revocationRequest(as(), client, oauth.None(), key.value, options),
    );
    expect(await introspect(asker.value, key.value)).toEqual({ active: false });
    expect((await me(key.value)).status).toBe(401);
    expect(await keysOf(owner.id)).toEqual([]);
    // Whoever presents a key holds it: the log names the key's account as the one who revoked it.
    expect(local.observer.audit('apiKey.revoke').at(-1)).toMatchObject({
      actor: `api:${owner.username}`,
      target_id: owner.id,
    });

    const expiring = await createKey(owner.id, { name: 'soon', scope: 'write', expiresInDays: 1 });
    await advance(DAY);
    expect(await introspect(asker.value, expiring.value)).toEqual({ active: false });
  });
});

describe('two server processes on one file, 10 rounds each', () => {
  const temp = makeTempDir('roster-api-key-race-');
  afterAll(() => temp.remove());
  const GATE_MS = 250;
  const ROUNDS = 10;

  it('two creates of one name: one key; a never-expiring key against a demotion: never both', async () => {
    builtServer();
    const file = path.join(temp.path, 'instance.sqlite');
    await newInstanceFile(file);
    const servers = await Promise.all([startBuiltServer(['--db', file]), startBuiltServer(['--db', file])]);
    try {
      const [one, other] = servers.map((server) => apiClient(server.url)) as [ApiClient, ApiClient];
      const token = await signIn(one, ADMIN.username, ADMIN.password);
      // The session was opened through the first process; the second sees it at its first read.
      for (const api of [one, other])
        expect((await api.call('GET', '/api/auth/me', { token })).status).toBe(200);
      const count = (userId: number) =>
        one
          .call<ApiKeyInfo[]>('GET', `/api/users/${userId}/keys`, { token })
          .then((answer) => answer.body.length);
      for (let round = 0; round < ROUNDS; round++) {
        const label = `round ${round}`;
        const user = await createUser('user', 'racer', one, token);
        let gate = await holdWriteLock(file, GATE_MS);
        const creates = await Promise.all(
          [one, other].map((api) =>
            api.call<CreatedApiKey>('POST', `/api/users/${user.id}/keys`, {
              token,
              body: { name: 'same', scope: 'read', expiresInDays: 1 },
            }),
          ),
        );
        await gate.released;
        for (const answer of creates) if (answer.status === 201) values.add(answer.body.value);
        expect(
          creates.map((answer) => answer.status).sort(),
          `${label}: ${JSON.stringify(creates.map((answer) => answer.body))}`,
        ).toEqual([201, 409]);
        expect(await count(user.id), label).toBe(1);

        const service = await createUser('apiUser', 'raceservice', one, token);
        gate = await holdWriteLock(file, GATE_MS);
        const [created, demoted] = await Promise.all([
          one.call<CreatedApiKey>('POST', `/api/users/${service.id}/keys`, {
            token,
            body: { name: 'forever', scope: 'read', expiresInDays: null },
          }),
          other.call<UserDetail>('PUT', `/api/users/${service.id}/role`, { token, body: { role: 'user' } }),
        ]);
        await gate.released;
        if (created.status === 201) values.add(created.body.value);
        // Either order is fine; what may never happen is a User holding a never-expiring key.
        expect([created.status, demoted.status].sort(), label).toEqual(
          created.status === 201 ? [201, 409] : [200, 400],
        );
        const role = (await one.call<UserDetail>('GET', `/api/users/${service.id}`, { token })).body.role;
        expect(role === 'apiUser' ? 1 : 0, label).toBe(await count(service.id));
      }
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
    }
  }, 120_000);
});

describe('the values of every key above', () => {
  const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

  it('are nowhere in the instance file, its WAL or the server log', () => {
    expect(values.size).toBeGreaterThan(50);
    const wal = `${local.file}-wal`;
    const data = [readFileSync(local.file), ...(existsSync(wal) ? [readFileSync(wal)] : [])];
    expect(
      [...values].some((value) => data.some((bytes) => bytes.includes(sha256(value)))),
      'hashes are there',
    ).toBe(true);
    const places: [string, Buffer][] = [
      ...data.map((bytes, index): [string, Buffer] => [index === 0 ? 'file' : 'WAL', bytes]),
      ['log', Buffer.from(local.logText(), 'utf8')],
    ];
    expect(local.logText()).toContain('/keys');
    for (const [where, bytes] of places)
      expect(
        [...values].filter((value) => bytes.includes(value)),
        `${where} holds key values`,
      ).toEqual([]);
  });
});
