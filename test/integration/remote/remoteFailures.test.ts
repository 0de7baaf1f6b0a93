import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createRemoteDirectory } from '../../../electron/services/directory/remote/remoteDirectory';
import { PROBLEM_CONTENT_TYPE, problemType, type ProblemCode } from '../../../shared/api/problem';
import { makeTempDir } from '../../support/tempDir';

/** The remote directory against fake servers that fail in every way it must explain. */

const credentials = { username: 'owner', password: 'owner-pw-1' };
const all = { query: '', offset: 0, limit: 10 };
/** The token endpoint's answer (RFC 6749 §5.1), as the instance server gives it. */
const tokens = (access: string, refresh: string) =>
  JSON.stringify({
    access_token: access,
    token_type: 'Bearer',
    expires_in: 3600,
    refresh_token: refresh,
    scope: 'read write',
    password_change_required: false,
  });
/** What `fakeServer` counts a request to the token endpoint as: its path and its grant. */
const SIGN_IN = 'POST /oauth/token password';
const REFRESH = 'POST /oauth/token refresh_token';
const USER = {
  id: 1,
  username: 'owner',
  displayName: 'Owner',
  email: 'owner@example.com',
  enabled: true,
  role: 'administrator',
  invited: false,
  lastSignInAt: '2026-01-02T00:00:00.000Z',
  version: 7,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  mustChangePassword: false,
  mayResetOwnPassword: true,
  groups: [],
  token: null,
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function listen(server: Server | ReturnType<typeof createNetServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return (server.address() as AddressInfo).port;
}

/** `form`: the body of a request to the token endpoint, which the client sends form-encoded. */
type Handler = (request: IncomingMessage, response: ServerResponse, form: URLSearchParams) => void;
const send = (response: ServerResponse, status: number, body: string) => {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(body);
};
/** An error answer as the instance server writes it: RFC 9457 problem details. */
const problem = (
  status: number,
  code: ProblemCode,
  detail: string,
  extras: { field?: string; retryAfter?: number; currentVersion?: number } = {},
) => JSON.stringify({ type: problemType(code), title: 'Error', status, detail, code, ...extras });
const sendProblem = (
  response: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
) => {
  response.writeHead(status, { 'Content-Type': `${PROBLEM_CONTENT_TYPE}; charset=utf-8`, ...headers });
  response.end(body);
};
/** An OAuth error as the token endpoint writes it (RFC 6749 §5.2). */
const sendOAuthError = (response: ServerResponse, status: number, error: string, description: string) =>
  send(response, status, JSON.stringify({ error, error_description: description }));

/**
 * A fake server that signs anyone in with a password grant at POST /oauth/token and answers
 * everything else (a refresh grant too) with `rest`; counts requests by "METHOD path", and those to
 * the token endpoint by "METHOD path grant". A token request that is not form-encoded, as OAuth
 * asks, is refused as the real server refuses it.
 */
async function fakeServer(rest: Handler): Promise<{ url: string; counts: Map<string, number> }> {
  const counts = new Map<string, number>();
  const server = createHttpServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let key = `${request.method} ${new URL(request.url ?? '/', 'http://x').pathname}`;
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const token = key === 'POST /oauth/token';
      if (token) key += ` ${form.get('grant_type') ?? ''}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (token && request.headers['content-type'] !== 'application/x-www-form-urlencoded')
        sendOAuthError(
          response,
          400,
          'invalid_request',
          'Send the body as application/x-www-form-urlencoded.',
        );
      else if (key === SIGN_IN) send(response, 200, tokens('access', 'refresh'));
      else rest(request, response, form);
    });
  });
  return { url: `http://127.0.0.1:${await listen(server)}`, counts };
}

describe('transport failures', () => {
  it('says unreachable for a port with nothing listening', async () => {
    const probe = createNetServer();
    const port = await listen(probe);
    await cleanups.pop()?.();
    const directory = createRemoteDirectory({ baseUrl: `http://127.0.0.1:${port}`, credentials });
    const error = await directory.searchUsers(all).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', kind: 'unreachable' });
    expect((error as Error).message).toMatch(/unreachable/);
    expect(await directory.testConnection()).toMatchObject({ ok: false, error: { kind: 'unreachable' } });
  });

  it('says timeout for a server that accepts and never answers, within the configured time', async () => {
    const silent = createNetServer(() => undefined);
    const port = await listen(silent);
    const directory = createRemoteDirectory({
      baseUrl: `http://127.0.0.1:${port}`,
      credentials,
      timeoutMs: 300,
    });
    const started = Date.now();
    const error = await directory.searchUsers(all).catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', kind: 'timeout' });
    expect((error as Error).message).toMatch(/did not answer within 0\.3 seconds \(timeout\)/);
  });

  it('names the certificate problem of a self-signed HTTPS server', async () => {
    const temp = makeTempDir('roster-remote-tls-');
    cleanups.push(() => Promise.resolve(temp.remove()));
    const certFile = path.join(temp.path, 'cert.pem');
    const keyFile = path.join(temp.path, 'key.pem');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1'].concat([
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ]),
      { stdio: 'ignore' },
    );
    const server = createHttpsServer(
      { cert: readFileSync(certFile), key: readFileSync(keyFile) },
      (_, response) => send(response, 200, '{}'),
    );
    const port = await listen(server);
    const directory = createRemoteDirectory({ baseUrl: `https://127.0.0.1:${port}`, credentials });
    const error = await directory.searchUsers(all).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', kind: 'tls' });
    expect((error as Error).message).toMatch(
      /TLS certificate problem: it is self-signed.*DEPTH_ZERO_SELF_SIGNED_CERT/,
    );
  });

  it('retries GET once after a connection failure, and never retries POST', async () => {
    const { url, counts } = await fakeServer((request) => request.socket.destroy());
    const directory = createRemoteDirectory({ baseUrl: url, credentials });
    await expect(directory.getUser(1)).rejects.toMatchObject({ code: 'UNAVAILABLE', kind: 'unreachable' });
    await expect(directory.createGroup('x')).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      kind: 'unreachable',
    });
    await expect(directory.updateUser(1, { displayName: 'New name' })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
    expect(counts.get(SIGN_IN)).toBe(1);
    expect(counts.get('GET /api/users/1')).toBe(2);
    expect(counts.get('POST /api/groups')).toBe(1);
    expect(counts.get('PATCH /api/users/1')).toBe(1);
  });
});

describe('bad answers', () => {
  it('explains a 500 as INTERNAL with the server message', async () => {
    const { url } = await fakeServer((_, response) =>
      sendProblem(response, 500, problem(500, 'INTERNAL', 'The disk is full.')),
    );
    const error = await createRemoteDirectory({ baseUrl: url, credentials })
      .getUser(1)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'INTERNAL', kind: 'server' });
    expect((error as Error).message).toMatch(
      /answered GET \/api\/users\/1 with an error \(HTTP 500\): The disk is full/,
    );
  });

  it('says wrong-api for a server of another API version, whose health has other fields', async () => {
    // API 2's health had no `mail`: the version, not the unknown shape, is what the admin must hear.
    const { url } = await fakeServer((_, response) =>
      send(response, 200, JSON.stringify({ name: 'Old server', version: '0.0.9', api: 2 })),
    );
    const directory = createRemoteDirectory({ baseUrl: url, credentials });
    expect(await directory.testConnection()).toMatchObject({
      ok: false,
      error: {
        code: 'UNAVAILABLE',
        kind: 'wrong-api',
        message: 'The server speaks API version 2; this Roster speaks version 4. Update the older one.',
      },
    });
    await expect(directory.mailsInvitations()).rejects.toMatchObject({ kind: 'wrong-api' });
  });

  it('refuses a health answer of this API version without mail', async () => {
    const { url } = await fakeServer((_, response) =>
      send(response, 200, JSON.stringify({ name: 'Odd server', version: '0.1.0', api: 4 })),
    );
    await expect(
      createRemoteDirectory({ baseUrl: url, credentials }).mailsInvitations(),
    ).rejects.toMatchObject({ code: 'INTERNAL', kind: 'bad-answer' });
  });

  it('refuses a body that is not JSON', async () => {
    const { url } = await fakeServer((_, response) => send(response, 200, '{"id": 1,'));
    const error = await createRemoteDirectory({ baseUrl: url, credentials })
      .getUser(1)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'INTERNAL', kind: 'bad-answer' });
    expect((error as Error).message).toMatch(
      /GET \/api\/users\/1 with a body Roster does not understand \(not JSON\)/,
    );
  });

  it('refuses a JSON body that fails the schema, naming the field', async () => {
    const { url } = await fakeServer((_, response) =>
      send(response, 200, JSON.stringify({ ...USER, enabled: 'yes' })),
    );
    const error = await createRemoteDirectory({ baseUrl: url, credentials })
      .getUser(1)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'INTERNAL', kind: 'bad-answer' });
    expect((error as Error).message).toMatch(/does not understand \(enabled: /);
  });

  it('refuses a sign-in answer that is not a token pair', async () => {
    const server = createHttpServer((_, response) => send(response, 200, JSON.stringify({ token: 'x' })));
    const port = await listen(server);
    await expect(
      createRemoteDirectory({ baseUrl: `http://127.0.0.1:${port}`, credentials }).searchUsers(all),
    ).rejects.toMatchObject({ code: 'INTERNAL', kind: 'bad-answer' });
  });

  // Roster's own server no longer says that an account is locked (its sign-in refuses a locked
  // account as it refuses a wrong password), but another server, or an older one, may answer 423.
  it.each<{ what: string; body: string; headers: Record<string, string> }>([
    {
      what: 'an older server: code LOCKED, no longer a problem code, and Retry-After',
      body: JSON.stringify({
        type: 'urn:roster:problem:locked',
        title: 'Locked',
        status: 423,
        detail: 'Locked.',
        code: 'LOCKED',
        retryAfter: 600,
      }),
      headers: { 'Retry-After': '600' },
    },
    {
      what: 'a problem with retryAfter in its body only',
      body: problem(423, 'FORBIDDEN', 'Locked.', { retryAfter: 600 }),
      headers: {},
    },
  ])('explains a 423 from $what as a locked account with the time to wait', async ({ body, headers }) => {
    const server = createHttpServer((_, response) => sendProblem(response, 423, body, headers));
    const port = await listen(server);
    const error = await createRemoteDirectory({ baseUrl: `http://127.0.0.1:${port}`, credentials })
      .searchUsers(all)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'FORBIDDEN', kind: 'locked', retryAfter: 600 });
    expect((error as Error).message).toMatch(/locked.*Try again in 10 minutes/);
  });
});

describe('refusals of a write', () => {
  it('gives a 412 as STALE (kind stale) with the server message: someone changed it first', async () => {
    let ifMatch: string | undefined;
    const { url } = await fakeServer((request, response) => {
      ifMatch = request.headers['if-match'];
      sendProblem(
        response,
        412,
        problem(412, 'STALE', 'The user was changed since you read it.', { currentVersion: 9 }),
      );
    });
    const error = await createRemoteDirectory({ baseUrl: url, credentials })
      .updateUser(1, { displayName: 'New name' }, { ifVersion: 7 })
      .catch((caught: unknown) => caught);
    expect(ifMatch).toBe('"7"');
    expect(error).toMatchObject({
      code: 'STALE',
      kind: 'stale',
      message: 'The user was changed since you read it.',
    });
  });
});

describe('the session', () => {
  it('shares one refresh between concurrent requests that got 401', async () => {
    let refreshed = false;
    const { url, counts } = await fakeServer((request, response, form) => {
      if (form.get('grant_type') === 'refresh_token' && form.get('refresh_token') === 'refresh') {
        refreshed = true;
        send(response, 200, tokens('access-2', 'refresh-2'));
      } else if (request.headers.authorization !== 'Bearer access-2')
        sendProblem(response, 401, problem(401, 'UNAUTHENTICATED', 'Expired.'));
      else send(response, 200, JSON.stringify(USER));
    });
    const directory = createRemoteDirectory({ baseUrl: url, credentials });
    const users = await Promise.all([directory.getUser(1), directory.getUser(1), directory.getUser(1)]);
    expect(users).toHaveLength(3);
    expect(refreshed).toBe(true);
    expect(counts.get(REFRESH)).toBe(1);
    expect(directory.tokens()).toEqual({ accessToken: 'access-2', refreshToken: 'refresh-2' });
  });

  it('asks to sign in again when the server refuses even a new sign-in', async () => {
    // The refresh is refused as the token endpoint refuses a dead refresh token; every other
    // request as the API refuses a bad access token.
    const { url, counts } = await fakeServer((_, response, form) =>
      form.get('grant_type') === 'refresh_token'
        ? sendOAuthError(response, 400, 'invalid_grant', 'That refresh token is not valid any more.')
        : sendProblem(response, 401, problem(401, 'UNAUTHENTICATED', 'No.')),
    );
    const error = await createRemoteDirectory({ baseUrl: url, credentials })
      .getUser(1)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'FORBIDDEN', kind: 'credentials' });
    expect((error as Error).message).toMatch(/sign in again/i);
    // sign-in, the request, a refresh (refused), a new sign-in, the request once more: no loop.
    expect(counts.get(SIGN_IN)).toBe(2);
    expect(counts.get(REFRESH)).toBe(1);
    expect(counts.get('GET /api/users/1')).toBe(2);
  });

  it('gives a 403 as FORBIDDEN with the server message', async () => {
    const { url } = await fakeServer((_, response) =>
      sendProblem(response, 403, problem(403, 'FORBIDDEN', 'Only an administrator may do that.')),
    );
    await expect(createRemoteDirectory({ baseUrl: url, credentials }).getUser(1)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      kind: 'forbidden',
      message: 'Only an administrator may do that.',
    });
  });
});

afterAll(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
