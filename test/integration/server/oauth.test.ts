import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenPair, UserDetail } from '../../../shared/domain/directory';
import type { Role } from '../../../shared/domain/roles';
import { makeTempDir } from '../../support/tempDir';
import { holdWriteLock } from './support/adminRace';
import { apiClient, rawRequest, signIn, type ApiClient, type RawAnswer } from './support/api';
import { builtServer, killStartedServers, startBuiltServer } from './support/builtServer';
import { ADMIN, newInstanceFile } from './support/instanceFile';
import { startLocalServer, type LocalServer } from './support/localServer';
import { newUserFields } from './support/servedInstance';

/**
 * Roster's tokens as OAuth 2.0 credentials, driven by a real OAuth2 client library (oauth4webapi)
 * against the instance server: the token endpoint's password and refresh grants (RFC 6749) with
 * rotation and reuse detection, for sign-in sessions and generated pairs alike; revocation
 * (RFC 7009); introspection (RFC 7662) and who may ask; every family's absolute lifetime; the
 * refusals in OAuth's words; two refreshes of one token racing on two server processes; and, at
 * the end, no token anywhere in the files or logs of the servers these tests ran.
 */

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;
const FORM = 'application/x-www-form-urlencoded';
/** The one answer to every refused sign-in, whatever the reason (signInService.ts). */
const SIGN_IN_FAILURE = 'Wrong username or password, or the account is locked or disabled.';
/** What each role's tokens may do, as OAuth's `scope` says it, by hand: only an Auditor just reads. */
const SCOPE: Readonly<Record<Role, string>> = {
  administrator: 'read write',
  userManager: 'read write',
  auditor: 'read',
  user: 'read write',
  apiUser: 'read write',
};

/** Every token these tests were given, to be looked for where none may be. */
const secrets = new Set<string>();
/** Every server these tests ran: its instance file and its log, searched for `secrets` at the end. */
const stores: { label: string; file: string; log: () => string }[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  killStartedServers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

let local: LocalServer;
beforeAll(async () => {
  local = await startLocalServer();
  stores.push({ label: 'the in-process server', file: local.file, log: local.logText });
  cleanups.push(() => local.close());
});

// ---------------------------------------------------------------------------------------------
// The OAuth2 client

const client: oauth.Client = { client_id: 'roster-oauth-test' };
/**
 * The library refuses plain HTTP unless told; these servers listen on loopback only. The option is
 * marked deprecated only so that it stands out, as it does here.
 */
// eslint-disable-next-line @typescript-eslint/no-deprecated -- plain HTTP on loopback, on purpose
const options = { [oauth.allowInsecureRequests]: true } as const;

const endpoints = (url: string): oauth.AuthorizationServer => ({
  issuer: url,
  token_endpoint: `${url}/oauth/token`,
  revocation_endpoint: `${url}/oauth/revoke`,
  introspection_endpoint: `${url}/oauth/introspect`,
});

/** An introspection caller proves who it is with its own bearer token (RFC 7662 §2.1). */
const bearer =
  (token: string): oauth.ClientAuth =>
  (_as, _client, _body, headers) => {
    headers.set('authorization', `Bearer ${token}`);
  };

interface Tokens {
  access: string;
  refresh: string;
  expiresIn: number | undefined;
  scope: string | undefined;
  passwordChangeRequired: unknown;
}

/** A token answer as the library parsed it, its tokens noted as secrets. */
function tokensOf(answer: oauth.TokenEndpointResponse): Tokens {
  // The library lower-cases the server's "Bearer".
  expect(answer.token_type).toBe('bearer');
  expect(answer.refresh_token).toEqual(expect.any(String));
  const tokens: Tokens = {
    access: answer.access_token,
    refresh: String(answer.refresh_token),
    expiresIn: answer.expires_in,
    scope: answer.scope,
    passwordChangeRequired: answer.password_change_required,
  };
  secrets.add(tokens.access).add(tokens.refresh);
  return tokens;
}

async function refreshGrant(url: string, refreshToken: string): Promise<Tokens> {
  const as = endpoints(url);
  const response = await oauth.refreshTokenGrantRequest(as, client, oauth.None(), refreshToken, options);
  return tokensOf(await oauth.processRefreshTokenResponse(as, client, response));
}

async function passwordGrant(url: string, username: string, password: string): Promise<Tokens> {
  const as = endpoints(url);
  const response = await oauth.genericTokenEndpointRequest(
    as,
    client,
    oauth.None(),
    'password',
    { username, password },
    options,
  );
  return tokensOf(await oauth.processGenericTokenEndpointResponse(as, client, response));
}

async function revoke(url: string, token: string): Promise<void> {
  const as = endpoints(url);
  await oauth.processRevocationResponse(
    await oauth.revocationRequest(as, client, oauth.None(), token, options),
  );
}

/** Asked by `caller`'s bearer token, or by nobody. */
async function introspect(url: string, caller: string | null, token: string) {
  const as = endpoints(url);
  const auth = caller === null ? oauth.None() : bearer(caller);
  const response = await oauth.introspectionRequest(as, client, auth, token, options);
  return oauth.processIntrospectionResponse(as, client, response);
}

/** The OAuth error (RFC 6749 §5.2) a call of the library was refused with. */
async function refusal(call: Promise<unknown>): Promise<oauth.ResponseBodyError> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(oauth.ResponseBodyError);
  return error as oauth.ResponseBodyError;
}

// ---------------------------------------------------------------------------------------------
// The rest of the API, for fixtures and to see whether a token works

interface Account {
  id: number;
  username: string;
  password: string;
  role: Role;
}

async function createUser(api: ApiClient, admin: string, role: Role, prefix: string): Promise<Account> {
  const fields = newUserFields(prefix);
  const answer = await api.call<UserDetail>('POST', '/api/users', {
    token: admin,
    body: { ...fields, role },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return { id: answer.body.id, username: fields.username, password: fields.password, role };
}

async function generatePair(api: ApiClient, admin: string, userId: number): Promise<TokenPair> {
  const answer = await api.call<TokenPair>('POST', `/api/users/${userId}/tokens`, { token: admin });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  secrets.add(answer.body.accessToken).add(answer.body.refreshToken);
  return answer.body;
}

const me = (api: ApiClient, token: string) => api.call('GET', '/api/auth/me', { token });
const sessionsOf = (server: LocalServer, userId: number) =>
  server.observer.db.prepare('SELECT count(*) FROM sessions WHERE user_id = ?').pluck().get(userId);
/** A user's entries of `action` that an OAuth request wrote (revocation, a replayed refresh token). */
const auditedByOAuth = (
  server: LocalServer,
  userId: number,
  action: 'token.revoke' | 'signIn.refreshReuse',
) =>
  server.observer.db
    .prepare(
      `SELECT actor, detail FROM audit_log WHERE target_id = ? AND action = ?
         AND (detail LIKE '%OAuth revocation%' OR detail LIKE 'A refresh token was presented again%')`,
    )
    .all(userId, action);
const seconds = (ms: number) => Math.floor(ms / 1000);

// ---------------------------------------------------------------------------------------------

describe('a generated pair as OAuth credentials', () => {
  it('refreshes, and its new pair again; the new access token works, and a day later the pair still refreshes', async () => {
    const admin = await local.adminToken();
    const user = await createUser(local.api, admin, 'apiUser', 'pair');
    const pair = await generatePair(local.api, admin, user.id);

    const first = await refreshGrant(local.url, pair.refreshToken);
    expect(first).toMatchObject({ expiresIn: 3600, scope: SCOPE.apiUser, passwordChangeRequired: false });
    const second = await refreshGrant(local.url, first.refresh);
    expect(await me(local.api, second.access)).toMatchObject({
      status: 200,
      body: { id: user.id, username: user.username, role: 'apiUser', via: 'apiToken' },
    });
    // Both tokens rotate: the access tokens before them work no more.
    for (const old of [pair.accessToken, first.access]) expect((await me(local.api, old)).status).toBe(401);

    local.clock.advance(DAY);
    expect((await me(local.api, second.access)).status, 'the access token lives an hour').toBe(401);
    const later = await refreshGrant(local.url, second.refresh);
    expect(await me(local.api, later.access)).toMatchObject({ status: 200, body: { id: user.id } });
  });

  it('answers a used refresh token invalid_grant and ends the pair: the newer one dies too, and the audit log says so', async () => {
    const admin = await local.adminToken();
    const user = await createUser(local.api, admin, 'apiUser', 'replay');
    const pair = await generatePair(local.api, admin, user.id);
    const first = await refreshGrant(local.url, pair.refreshToken);
    const second = await refreshGrant(local.url, first.refresh);
    expect((await me(local.api, second.access)).status).toBe(200);

    const replayed = await refusal(refreshGrant(local.url, first.refresh));
    expect(replayed).toMatchObject({ status: 400, error: 'invalid_grant' });
    // Said as for a token never issued: nothing tells its holder that the replay was noticed.
    const unknown = await refusal(refreshGrant(local.url, 'never-issued-refresh-token-0123456789abcdefg'));
    expect(replayed.cause).toEqual(unknown.cause);

    expect((await refusal(refreshGrant(local.url, second.refresh))).error).toBe('invalid_grant');
    expect((await me(local.api, second.access)).status).toBe(401);
    // The replay itself is the entry: the pair it ended is no second one.
    expect(auditedByOAuth(local, user.id, 'signIn.refreshReuse')).toHaveLength(1);
    expect(auditedByOAuth(local, user.id, 'token.revoke')).toHaveLength(0);
    expect((await local.api.call('GET', `/api/users/${user.id}/tokens`, { token: admin })).status).toBe(404);
  });
});

describe('a sign-in session through the password grant', () => {
  it('refreshes twice and works; a used refresh token then ends the whole session', async () => {
    const admin = await local.adminToken();
    const user = await createUser(local.api, admin, 'auditor', 'session');
    const signedIn = await passwordGrant(local.url, user.username, user.password);
    expect(signedIn).toMatchObject({ expiresIn: 3600, scope: SCOPE.auditor, passwordChangeRequired: false });
    const first = await refreshGrant(local.url, signedIn.refresh);
    const second = await refreshGrant(local.url, first.refresh);
    expect(await me(local.api, second.access)).toMatchObject({
      status: 200,
      body: { id: user.id, role: 'auditor', via: 'session' },
    });
    expect(sessionsOf(local, user.id), 'a refresh rotates the session, it starts none').toBe(1);

    expect(await refusal(refreshGrant(local.url, signedIn.refresh))).toMatchObject({
      status: 400,
      error: 'invalid_grant',
    });
    expect((await refusal(refreshGrant(local.url, second.refresh))).error).toBe('invalid_grant');
    expect((await me(local.api, second.access)).status).toBe(401);
    expect(sessionsOf(local, user.id)).toBe(0);
  });

  it('says password_change_required after an administrator reset the password, until it is changed', async () => {
    const admin = await local.adminToken();
    const user = await createUser(local.api, admin, 'user', 'reset');
    const temporary = 'Temporary-pw-7';
    const reset = await local.api.call('POST', `/api/users/${user.id}/password-reset`, {
      token: admin,
      body: { password: temporary },
    });
    expect(reset.status).toBe(200);

    const signedIn = await passwordGrant(local.url, user.username, temporary);
    expect(signedIn.passwordChangeRequired).toBe(true);
    const refreshed = await refreshGrant(local.url, signedIn.refresh);
    expect(refreshed.passwordChangeRequired, 'a refresh does not forget it').toBe(true);
    expect((await me(local.api, refreshed.access)).body).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED' });

    const chosen = 'Chosen-pw-7';
    const changed = await local.api.call('PUT', '/api/me/password', {
      token: refreshed.access,
      body: { currentPassword: temporary, newPassword: chosen },
    });
    expect(changed.status).toBe(204);
    expect((await refreshGrant(local.url, refreshed.refresh)).passwordChangeRequired).toBe(false);
    expect((await passwordGrant(local.url, user.username, chosen)).passwordChangeRequired).toBe(false);
  });
});

describe('revocation (RFC 7009)', () => {
  it('of an access or a refresh token ends its session or pair; an unknown token is 200 and changes nothing', async () => {
    const admin = await local.adminToken();
    const user = await createUser(local.api, admin, 'user', 'revoke');
    for (const which of ['access', 'refresh'] as const) {
      const session = await passwordGrant(local.url, user.username, user.password);
      await revoke(local.url, session[which]);
      expect((await me(local.api, session.access)).status, which).toBe(401);
      expect((await refusal(refreshGrant(local.url, session.refresh))).error, which).toBe('invalid_grant');
    }
    expect(sessionsOf(local, user.id)).toBe(0);

    const apiUser = await createUser(local.api, admin, 'apiUser', 'revokepair');
    for (const which of ['accessToken', 'refreshToken'] as const) {
      const pair = await generatePair(local.api, admin, apiUser.id);
      await revoke(local.url, pair[which]);
      expect((await me(local.api, pair.accessToken)).status, which).toBe(401);
      expect((await refusal(refreshGrant(local.url, pair.refreshToken))).error, which).toBe('invalid_grant');
    }
    expect(auditedByOAuth(local, apiUser.id, 'token.revoke')).toHaveLength(2);

    const before = local.observer.state();
    await revoke(local.url, 'never-issued-token-0123456789abcdefghijklmnop');
    expect(local.observer.state()).toEqual(before);
  });
});

describe('introspection (RFC 7662)', () => {
  it('answers active, whose and until when, for access and refresh tokens of sessions and pairs', async () => {
    const admin = await local.adminToken();
    const user = await createUser(local.api, admin, 'userManager', 'intro');
    const apiUser = await createUser(local.api, admin, 'apiUser', 'introapi');
    const issued = seconds(local.clock.now);
    const session = await passwordGrant(local.url, user.username, user.password);
    const pair = await generatePair(local.api, admin, apiUser.id);

    const cases = [
      { token: session.access, owner: user, type: 'Bearer', exp: issued + 3600 },
      { token: session.refresh, owner: user, type: 'refresh_token', exp: issued + 30 * 24 * 3600 },
      {
        token: pair.accessToken,
        owner: apiUser,
        type: 'Bearer',
        exp: seconds(Date.parse(pair.accessExpiresAt)),
      },
      {
        token: pair.refreshToken,
        owner: apiUser,
        type: 'refresh_token',
        exp: seconds(Date.parse(pair.refreshExpiresAt)),
      },
    ];
    for (const { token, owner, type, exp } of cases)
      expect(await introspect(local.url, admin, token), `${owner.role} ${type}`).toEqual({
        active: true,
        sub: String(owner.id),
        username: owner.username,
        role: owner.role,
        scope: SCOPE[owner.role],
        token_type: type,
        exp,
      });
  });

  it('answers only { active: false } for an unknown, a revoked, a disabled user’s and an expired token', async () => {
    let admin = await local.adminToken();
    const inactive = async (token: string, what: string) =>
      expect(await introspect(local.url, admin, token), what).toEqual({ active: false });

    await inactive('never-issued-token-0123456789abcdefghijklmnop', 'unknown');

    const user = await createUser(local.api, admin, 'user', 'introoff');
    const revoked = await passwordGrant(local.url, user.username, user.password);
    await revoke(local.url, revoked.refresh);
    await inactive(revoked.access, 'revoked access');
    await inactive(revoked.refresh, 'revoked refresh');

    const disabled = await createUser(local.api, admin, 'user', 'introdis');
    const session = await passwordGrant(local.url, disabled.username, disabled.password);
    const pair = await generatePair(local.api, admin, disabled.id);
    const off = await local.api.call('POST', `/api/users/${disabled.id}/disable`, { token: admin });
    expect(off.status).toBe(200);
    for (const token of [session.access, session.refresh, pair.accessToken, pair.refreshToken])
      await inactive(token, 'a disabled user’s');

    const expiring = await passwordGrant(local.url, user.username, user.password);
    expect((await introspect(local.url, admin, expiring.access)).active).toBe(true);
    local.clock.advance(HOUR);
    admin = await local.adminToken();
    await inactive(expiring.access, 'expired access');
    expect((await introspect(local.url, admin, expiring.refresh)).active, 'the refresh token lives on').toBe(
      true,
    );
    local.clock.advance(30 * DAY);
    admin = await local.adminToken();
    await inactive(expiring.refresh, 'expired refresh');
  });

  it('lets Administrators and API users ask; no token is 401 invalid_token, other roles 403 insufficient_scope', async () => {
    const admin = await local.adminToken();
    const subject = await createUser(local.api, admin, 'user', 'asked');
    const asked = (await passwordGrant(local.url, subject.username, subject.password)).access;

    const challenge = await introspect(local.url, null, asked).catch((caught: unknown) => caught);
    expect(challenge).toBeInstanceOf(oauth.WWWAuthenticateChallengeError);
    expect(challenge).toMatchObject({
      status: 401,
      cause: [{ scheme: 'bearer', parameters: { error: 'invalid_token' } }],
    });
    const body = (await (challenge as oauth.WWWAuthenticateChallengeError).response.json()) as unknown;
    expect(body).toMatchObject({ error: 'invalid_token' });

    for (const role of ['user', 'userManager', 'auditor'] as const) {
      const caller = await createUser(local.api, admin, role, `ask${role.slice(0, 4)}`);
      const token = (await passwordGrant(local.url, caller.username, caller.password)).access;
      const refused = await refusal(introspect(local.url, token, asked));
      expect(refused, role).toMatchObject({ status: 403, error: 'insufficient_scope' });
      expect(refused.error_description, role).toContain('tokens.introspect');
    }

    const resourceServer = await createUser(local.api, admin, 'apiUser', 'askapi');
    const pair = await generatePair(local.api, admin, resourceServer.id);
    for (const caller of [pair.accessToken, admin])
      expect(await introspect(local.url, caller, asked)).toMatchObject({
        active: true,
        sub: String(subject.id),
        username: subject.username,
      });
  });
});

describe('the absolute lifetime of a family', () => {
  it('carries no session or pair past its end however often refreshed, nor a refresh token that would outlive it', async () => {
    // The family (2 days) is shorter than a refresh token's own lifetime (3 days), so that only
    // the family's end can refuse a token never refreshed.
    const family = { accessSeconds: 3600, refreshSeconds: 3 * 24 * 3600, familySeconds: 2 * 24 * 3600 };
    const server = await startLocalServer({ tokenTtl: family });
    stores.push({ label: 'the short-family server', file: server.file, log: server.logText });
    cleanups.push(() => server.close());

    const admin = await server.adminToken();
    const user = await createUser(server.api, admin, 'user', 'family');
    const apiUser = await createUser(server.api, admin, 'apiUser', 'familypair');
    const end = seconds(server.clock.now) + family.familySeconds;
    const session = await passwordGrant(server.url, user.username, user.password);
    const untouched = await passwordGrant(server.url, user.username, user.password);
    const pair = await generatePair(server.api, admin, apiUser.id);
    // Even never refreshed, a family's first refresh token says it ends with the family.
    expect((await introspect(server.url, admin, untouched.refresh)).exp).toBe(end);
    expect((await introspect(server.url, admin, pair.refreshToken)).exp).toBe(end);

    let current = [session.refresh, pair.refreshToken];
    const refreshAll = async () => {
      const fresh = await Promise.all(current.map((token) => refreshGrant(server.url, token)));
      current = fresh.map((tokens) => tokens.refresh);
      return fresh;
    };
    for (const hours of [20, 20]) {
      server.clock.advance(hours * HOUR);
      for (const tokens of await refreshAll()) expect(tokens.expiresIn).toBe(3600);
    }
    // Half an hour before the end: the access token lives that half hour, not its hour.
    server.clock.advance(7.5 * HOUR);
    const last = await refreshAll();
    const asker = await server.adminToken();
    for (const tokens of last) {
      expect(tokens.expiresIn).toBe(1800);
      expect((await me(server.api, tokens.access)).status).toBe(200);
      expect((await introspect(server.url, asker, tokens.access)).exp).toBe(end);
      expect((await introspect(server.url, asker, tokens.refresh)).exp).toBe(end);
    }

    server.clock.advance(0.5 * HOUR);
    for (const [index, tokens] of last.entries()) {
      expect((await me(server.api, tokens.access)).status, `family ${index}`).toBe(401);
      expect((await refusal(refreshGrant(server.url, tokens.refresh))).error, `family ${index}`).toBe(
        'invalid_grant',
      );
    }
    expect((await refusal(refreshGrant(server.url, untouched.refresh))).error).toBe('invalid_grant');
  });
});

describe('the refusals of the OAuth endpoints', () => {
  /** A form (or anything else) POSTed as it is, from `localAddress` when given. */
  async function post(
    url: string,
    body: string,
    extra: { contentType?: string; localAddress?: string; token?: string } = {},
  ): Promise<RawAnswer & { json: Record<string, unknown> }> {
    const answer = await rawRequest(url, {
      method: 'POST',
      body,
      headers: {
        'Content-Type': extra.contentType ?? FORM,
        ...(extra.token === undefined ? {} : { Authorization: `Bearer ${extra.token}` }),
      },
      ...(extra.localAddress === undefined ? {} : { localAddress: extra.localAddress }),
    });
    return {
      ...answer,
      json: answer.text === '' ? {} : (JSON.parse(answer.text) as Record<string, unknown>),
    };
  }
  const form = (fields: [string, string][]) => new URLSearchParams(fields).toString();
  const token = () => `${local.url}/oauth/token`;

  /** RFC 6749 §5.1 and §5.2: no answer of these endpoints may be kept by a cache. */
  const expectNotCached = (answer: RawAnswer, label: string) => {
    expect(answer.headers['cache-control'], label).toBe('no-store');
    expect(answer.headers.pragma, label).toBe('no-cache');
  };

  /** An OAuth error: its status, its code and a description, and nothing else. */
  const expectOAuthError = (
    answer: RawAnswer & { json: Record<string, unknown> },
    status: number,
    error: string,
    label: string,
  ) => {
    expect(answer.status, `${label}: ${answer.text}`).toBe(status);
    expect(answer.headers['content-type'], label).toBe('application/json; charset=utf-8');
    expect(answer.json, label).toEqual({ error, error_description: expect.any(String) as string });
    expectNotCached(answer, label);
  };

  it('unsupported_grant_type; invalid_request for a missing parameter, one given twice, or a JSON body', async () => {
    const cases: [string, string, string | undefined, string][] = [
      [
        'client_credentials',
        form([['grant_type', 'client_credentials']]),
        undefined,
        'unsupported_grant_type',
      ],
      [
        'no grant_type',
        form([
          ['username', ADMIN.username],
          ['password', ADMIN.password],
        ]),
        undefined,
        'invalid_request',
      ],
      [
        'no password',
        form([
          ['grant_type', 'password'],
          ['username', ADMIN.username],
        ]),
        undefined,
        'invalid_request',
      ],
      ['no refresh_token', form([['grant_type', 'refresh_token']]), undefined, 'invalid_request'],
      // Were the second one taken, this would be a wrong password (invalid_grant) instead.
      [
        'username twice',
        form([
          ['grant_type', 'password'],
          ['username', ADMIN.username],
          ['username', 'someone-else'],
          ['password', ADMIN.password],
        ]),
        undefined,
        'invalid_request',
      ],
      [
        'a JSON body',
        JSON.stringify({ grant_type: 'password', username: ADMIN.username, password: ADMIN.password }),
        'application/json',
        'invalid_request',
      ],
    ];
    for (const [label, body, contentType, error] of cases) {
      const before = local.observer.state();
      const answer = await post(token(), body, contentType === undefined ? {} : { contentType });
      expectOAuthError(answer, 400, error, label);
      expect(local.observer.state(), `${label} wrote nothing`).toEqual(before);
    }
  });

  it('answers a wrong password and an unknown username alike: 400 invalid_grant, the one sign-in failure', async () => {
    const wrong = await post(
      token(),
      form([
        ['grant_type', 'password'],
        ['username', ADMIN.username],
        ['password', 'not-the-password'],
      ]),
    );
    const unknown = await post(
      token(),
      form([
        ['grant_type', 'password'],
        ['username', 'no-such-user'],
        ['password', ADMIN.password],
      ]),
    );
    expectOAuthError(wrong, 400, 'invalid_grant', 'wrong password');
    expect(wrong.json.error_description).toBe(SIGN_IN_FAILURE);
    expect(unknown.json).toEqual(wrong.json);
  });

  it('429 temporarily_unavailable with Retry-After once an address failed 20 times; other addresses sign in', async () => {
    // From another loopback address, so that the limit this test reaches holds back no other test.
    const elsewhere = '127.0.0.2';
    const attempt = () =>
      post(
        token(),
        form([
          ['grant_type', 'password'],
          ['username', 'no-such-user'],
          ['password', 'not-the-password'],
        ]),
        { localAddress: elsewhere },
      );
    // The default limit: 20 failures in 15 minutes.
    for (let failure = 1; failure <= 20; failure++)
      expectOAuthError(await attempt(), 400, 'invalid_grant', `failure ${failure}`);
    const limited = await attempt();
    expectOAuthError(limited, 429, 'temporarily_unavailable', 'over the limit');
    // The window's 15 minutes, to the second: the driven clock stood still.
    expect(limited.headers['retry-after']).toBe('900');

    expect((await passwordGrant(local.url, ADMIN.username, ADMIN.password)).access).toEqual(
      expect.any(String),
    );
  });

  it('says every answer of the three endpoints, success or refusal, may not be cached', async () => {
    const admin = await local.adminToken();
    const user = await createUser(local.api, admin, 'user', 'nocache');
    const signedIn = await post(
      token(),
      form([
        ['grant_type', 'password'],
        ['username', user.username],
        ['password', user.password],
      ]),
    );
    expect(signedIn.status).toBe(200);
    const tokens = {
      access: String(signedIn.json.access_token),
      refresh: String(signedIn.json.refresh_token),
    };
    secrets.add(tokens.access).add(tokens.refresh);
    const refreshed = await post(
      token(),
      form([
        ['grant_type', 'refresh_token'],
        ['refresh_token', tokens.refresh],
      ]),
    );
    expect(refreshed.status).toBe(200);
    secrets.add(String(refreshed.json.access_token)).add(String(refreshed.json.refresh_token));

    const introspection = `${local.url}/oauth/introspect`;
    const asked = form([['token', String(refreshed.json.access_token)]]);
    const answers = {
      'password grant': signedIn,
      'refresh grant': refreshed,
      introspection: await post(introspection, asked, { token: admin }),
      'introspection without a token': await post(introspection, asked),
      "introspection by a User's token": await post(introspection, asked, {
        token: String(refreshed.json.access_token),
      }),
      'a replayed refresh token': await post(
        token(),
        form([
          ['grant_type', 'refresh_token'],
          ['refresh_token', tokens.refresh],
        ]),
      ),
      revocation: await post(`${local.url}/oauth/revoke`, form([['token', 'never-issued-token-0123456789']])),
      'revocation without a token': await post(`${local.url}/oauth/revoke`, ''),
    };
    expect(
      Object.fromEntries(Object.entries(answers).map(([label, answer]) => [label, answer.status])),
    ).toEqual({
      'password grant': 200,
      'refresh grant': 200,
      introspection: 200,
      'introspection without a token': 401,
      "introspection by a User's token": 403,
      'a replayed refresh token': 400,
      revocation: 200,
      'revocation without a token': 400,
    });
    for (const [label, answer] of Object.entries(answers)) expectNotCached(answer, label);
    expect(answers['introspection without a token'].headers['www-authenticate']).toBe(
      'Bearer error="invalid_token"',
    );
  });
});

describe('two refreshes of one refresh token at once, on two server processes of one file', () => {
  const ROUNDS = 20;
  /** The write lock held while both requests arrive, so that their transactions meet at it. */
  const GATE_MS = 250;
  const temp = makeTempDir('roster-oauth-race-');
  cleanups.push(() => temp.remove());

  it('give tokens to exactly one and invalid_grant to the other, and then the whole family is dead', async () => {
    builtServer();
    const file = path.join(temp.path, 'instance.sqlite');
    await newInstanceFile(file);
    const servers = await Promise.all([startBuiltServer(['--db', file]), startBuiltServer(['--db', file])]);
    const logs = () => servers.map((server) => server.stdout() + server.stderr()).join('\n');
    stores.push({ label: 'the two built servers', file, log: logs });
    try {
      const urls = servers.map((server) => server.url);
      const [firstUrl = '', secondUrl = ''] = urls;
      const [one, other] = [apiClient(firstUrl), apiClient(secondUrl)];
      const admin = await signIn(one, ADMIN.username, ADMIN.password);
      const user = await createUser(one, admin, 'user', 'race');
      const apiUser = await createUser(one, admin, 'apiUser', 'racepair');
      // Each process signs in and refreshes once before the rounds, at once: the user was created
      // through the other process a moment ago, and a process started beside another sees its
      // commits from its first read.
      for (const url of urls)
        await refreshGrant(url, (await passwordGrant(url, user.username, user.password)).refresh);

      for (let round = 0; round < ROUNDS; round++) {
        // Sign-in sessions and generated pairs by turns.
        const family =
          round % 2 === 0
            ? await passwordGrant(firstUrl, user.username, user.password)
            : await generatePair(one, admin, apiUser.id).then((pair) => ({
                access: pair.accessToken,
                refresh: pair.refreshToken,
              }));
        const gate = await holdWriteLock(file, GATE_MS);
        const outcomes = await Promise.all(
          urls.map((url) =>
            refreshGrant(url, family.refresh).then(
              (tokens) => ({ tokens }),
              (error: unknown) => ({ error }),
            ),
          ),
        );
        await gate.released;

        const label = `round ${round}`;
        const won = outcomes.flatMap((outcome) => ('tokens' in outcome ? [outcome.tokens] : []));
        const lost = outcomes.flatMap((outcome) => ('error' in outcome ? [outcome.error] : []));
        expect(won, `${label}: exactly one gets tokens (${String(lost[0])})`).toHaveLength(1);
        expect(lost[0], label).toBeInstanceOf(oauth.ResponseBodyError);
        expect(lost[0], label).toMatchObject({ status: 400, error: 'invalid_grant' });

        const winner = won[0] as Tokens;
        for (const api of [one, other]) {
          expect((await me(api, winner.access)).status, `${label}: the winner's access token`).toBe(401);
          expect((await me(api, family.access)).status, `${label}: the first access token`).toBe(401);
        }
        expect((await refusal(refreshGrant(secondUrl, winner.refresh))).error, label).toBe('invalid_grant');
      }
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
    }
  }, 120_000);
});

describe('the tokens of all of the above', () => {
  const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

  it('are nowhere in an instance file, its WAL or its server log', () => {
    expect(secrets.size).toBeGreaterThan(100);
    expect(stores.map((store) => store.label)).toEqual([
      'the in-process server',
      'the short-family server',
      'the two built servers',
    ]);
    for (const store of stores) {
      const wal = `${store.file}-wal`;
      const data = [readFileSync(store.file), ...(existsSync(wal) ? [readFileSync(wal)] : [])];
      const log = store.log();
      // The search looks where the tokens went: their hashes are in the file, the OAuth requests in the log.
      expect(
        [...secrets].some((secret) => data.some((bytes) => bytes.includes(sha256(secret)))),
        `${store.label}: no token's hash found, so the search cannot be trusted`,
      ).toBe(true);
      expect(log, store.label).toContain('/oauth/token');
      const places: [string, Buffer][] = [
        ...data.map((bytes, index): [string, Buffer] => [
          `${store.label}: ${index === 0 ? 'file' : 'WAL'}`,
          bytes,
        ]),
        [`${store.label}: log`, Buffer.from(log, 'utf8')],
      ];
      for (const [where, bytes] of places) {
        const found = [...secrets].filter((secret) => bytes.includes(secret));
        expect(found, `${where} holds tokens`).toEqual([]);
      }
    }
  });
});
