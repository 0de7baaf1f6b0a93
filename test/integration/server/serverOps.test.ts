import { cpSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../../electron/server/loopback';
import { parseServerOptions, SERVER_USAGE, type ServeOptions } from '../../../electron/server/serverOptions';
import { PROBLEM_CONTENT_TYPE } from '../../../shared/api/problem';
import { makeTempDir } from '../../support/tempDir';
import { apiClient, signIn } from './support/api';
import {
  BUILT_SERVER,
  builtServer,
  exchange,
  killStartedServers,
  runBuiltCli,
  startBuiltServer,
  type BuiltServer,
  type LogLine,
  type Outcome,
} from './support/builtServer';
import { ADMIN, newInstanceFile, observe } from './support/instanceFile';
import { newUserFields } from './support/servedInstance';
import { ROOT } from './support/serverProcess';

/**
 * The instance server as it is deployed: the BUILT server (out/main/server.js, `npm run server`)
 * run by plain Node. With the production dependencies only; a graceful stop on SIGTERM; a JSON
 * request log without a secret in it; the flags a deployment uses (--host with
 * --allow-insecure-http, --trust-proxy, file modes); and deploy/Dockerfile and
 * deploy/roster-server.service agreeing with the CLI. Needs the build (`npm test` makes it first).
 */

const temp = makeTempDir('roster-server-ops-');
/** Each of these tests takes seconds; on a loaded machine, many more. */
const SLOW_TEST_MS = 60_000;

beforeAll(() => {
  builtServer();
});

afterAll(() => {
  killStartedServers();
  temp.remove();
});

const json = { 'Content-Type': 'application/json' };
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function newFile(name: string): Promise<string> {
  const file = path.join(temp.path, name);
  await newInstanceFile(file);
  return file;
}

function answered(outcome: Outcome): Extract<Outcome, { kind: 'answered' }> {
  if (outcome.kind !== 'answered') throw new Error(`No complete answer: ${JSON.stringify(outcome)}`);
  return outcome;
}

const modeOf = (file: string) => statSync(file).mode & 0o777;

describe('the build, with the production dependencies only', () => {
  interface LockEntry {
    dev?: boolean;
    optional?: boolean;
  }

  /**
   * A node_modules/ of links to only the packages package-lock.json does not mark dev: what the
   * built server imports must be among them. A nested entry (a/node_modules/b) needs no link of
   * its own: Node resolves the link to a's real folder and finds b in that folder's node_modules
   * (so a package's own dependencies come from the repository's tree, where npm's lock already
   * guarantees that no production package depends on a dev-only one).
   */
  function linkProductionDependencies(target: string): string[] {
    const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, LockEntry>;
    };
    const linked: string[] = [];
    for (const [key, entry] of Object.entries(lock.packages)) {
      if (!key.startsWith('node_modules/') || entry.dev === true) continue;
      const real = path.join(ROOT, key);
      if (!existsSync(real)) {
        // Another platform's build of an optional package (@napi-rs/keyring-darwin-x64, say).
        if (entry.optional === true) continue;
        throw new Error(`${key} is in package-lock.json but not installed: run npm ci.`);
      }
      const name = key.slice('node_modules/'.length);
      if (name.includes('/node_modules/')) continue;
      const link = path.join(target, 'node_modules', name);
      mkdirSync(path.dirname(link), { recursive: true });
      symlinkSync(real, link, 'dir');
      linked.push(name);
    }
    return linked;
  }

  it(
    'creates an instance file and serves it, with plain node, from a folder holding nothing else',
    async () => {
      const folder = path.join(temp.path, 'production');
      mkdirSync(folder);
      cpSync(path.join(ROOT, 'out'), path.join(folder, 'out'), { recursive: true });
      // A version of its own shows that /api/health reads this folder's package.json.
      const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
      writeFileSync(
        path.join(folder, 'package.json'),
        JSON.stringify({ ...pkg, version: `${pkg.version}-production-only` }),
      );
      const linked = linkProductionDependencies(folder);
      expect(linked).toEqual(
        expect.arrayContaining(['pino', 'argon2', 'better-sqlite3', 'zod', 'swagger-ui-dist']),
      );
      for (const dev of ['tsx', 'electron', 'electron-vite', 'vite', 'typescript', 'vitest'])
        expect(existsSync(path.join(folder, 'node_modules', dev)), `${dev} is a devDependency`).toBe(false);

      const script = path.join(folder, 'out/main/server.js');
      const file = path.join(folder, 'instance.sqlite');
      const password = 'production-only-pw-1';
      const admin = await runBuiltCli(
        ['admin', '--db', file, '--username', 'ops', '--email', 'ops@example.com'],
        { script, cwd: folder, env: { ROSTER_ADMIN_PASSWORD: password } },
      );
      expect(admin.code, admin.stderr).toBe(0);
      expect(admin.stdout).toMatch(/Created administrator ops/);

      const server = await startBuiltServer(['--db', file, '--port', '0'], { script, cwd: folder });
      expect(server.child.spawnargs.slice(1, 2)).toEqual([script]);
      const listening = server.logLines().find((line) => line.msg.includes(' listening on '));
      expect(listening).toMatchObject({
        level: 30,
        url: server.url,
        msg: `Roster instance server listening on ${server.url}`,
      });

      const api = apiClient(server.url);
      const health = await api.call('GET', '/api/health');
      expect(health).toMatchObject({
        status: 200,
        body: { name: 'Roster instance server', version: `${pkg.version}-production-only`, api: 4 },
      });
      const token = await signIn(api, 'ops', password);
      expect((await api.call('GET', '/api/auth/me', { token })).body).toMatchObject({
        username: 'ops',
        role: 'administrator',
      });
      const openApi = await api.call<{ openapi: string; paths: Record<string, unknown> }>(
        'GET',
        '/api/openapi.json',
      );
      expect(openApi.status).toBe(200);
      expect(openApi.body.openapi).toMatch(/^3\.1\./);
      expect(Object.keys(openApi.body.paths)).toContain('/api/users');
      const bundle = await fetch(`${server.url}/api/docs/swagger-ui-bundle.js`);
      expect(bundle.status).toBe(200);
      expect(bundle.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect((await bundle.text()).length).toBeGreaterThan(100_000);

      const exit = await server.stop();
      expect(exit.code).toBe(0);
      expect(server.stderr()).toBe('');
    },
    SLOW_TEST_MS,
  );
});

describe('a graceful stop on SIGTERM', () => {
  interface Creates {
    outcomes: Promise<Outcome[]>;
    /** Resolves once the server has taken in every request (each answered 100 Continue). */
    allIn: Promise<void>;
    settled: () => number;
  }

  /** `count` concurrent POST /api/users; each hashes its new user's password with argon2id. */
  function createUsers(
    server: BuiltServer,
    token: string,
    agent: Agent,
    count: number,
    release?: Promise<void>,
  ): Creates {
    let settled = 0;
    let taken = 0;
    let allTaken = () => {};
    const allIn = new Promise<void>((resolve) => (allTaken = resolve));
    const outcomes = Array.from({ length: count }, () =>
      exchange(`${server.url}/api/users`, {
        method: 'POST',
        headers: { ...json, ...bearer(token) },
        body: JSON.stringify(newUserFields('drain')),
        agent,
        onContinue: () => {
          taken += 1;
          if (taken === count) allTaken();
        },
        ...(release ? { release } : {}),
      }).then((outcome) => {
        settled += 1;
        return outcome;
      }),
    );
    return { outcomes: Promise.all(outcomes), allIn, settled: () => settled };
  }

  it(
    'answers all 50 requests in flight, refuses new connections meanwhile, and exits 0',
    async () => {
      const file = await newFile('drain.sqlite');
      const server = await startBuiltServer(['--db', file, '--shutdown-grace', '10']);
      const token = await signIn(apiClient(server.url), ADMIN.username, ADMIN.password);
      // Kept alive, as a reverse proxy keeps its connections: each request on a connection of its own.
      const agent = new Agent({ keepAlive: true });
      let release = () => {};
      const released = new Promise<void>((resolve) => (release = resolve));
      // 25 send their bodies at once, so their hashes are running at SIGTERM; 25 are slow clients
      // whose bodies arrive only after it.
      const hashing = createUsers(server, token, agent, 25);
      const uploading = createUsers(server, token, agent, 25, released);
      await Promise.all([hashing.allIn, uploading.allIn]);
      const signalled = performance.now();
      server.child.kill('SIGTERM');
      await server.waitForLog((line) => line.msg.startsWith('shutting down'));
      // The log line comes just before the server stops listening: a connection made in between
      // may still be reset rather than refused, so a reset is tried again. An answer never is.
      let newConnection = await exchange(`${server.url}/api/health`);
      for (let tries = 0; tries < 50 && newConnection.kind === 'cut'; tries += 1) {
        if (newConnection.error === 'ECONNREFUSED') break;
        await new Promise((resolve) => setTimeout(resolve, 20));
        newConnection = await exchange(`${server.url}/api/health`);
      }
      const drainingThen = server.child.exitCode === null && uploading.settled() === 0;
      release();
      const outcomes = [...(await hashing.outcomes), ...(await uploading.outcomes)];
      const lastAnswer = Math.max(...outcomes.map((outcome) => outcome.at));
      const exit = await server.exited;
      agent.destroy();

      expect(newConnection).toMatchObject({ kind: 'cut', error: 'ECONNREFUSED' });
      expect(drainingThen, 'the new connection was refused while requests were in flight').toBe(true);
      // Every request the server took in before SIGTERM is given the grace to finish, and 10 s is
      // plenty for 50 hashes: anything but its 201, even a well-formed 503, would be a request lost.
      for (const outcome of outcomes) {
        const answer = answered(outcome);
        expect(answer.status, answer.text).toBe(201);
        expect(JSON.parse(answer.text)).toMatchObject({
          username: expect.stringMatching(/^drain/) as unknown,
        });
      }
      expect(exit).toMatchObject({ code: 0, signal: null });
      expect(exit.at - signalled, 'exit within --shutdown-grace 10 (and a margin)').toBeLessThan(12_000);
      expect(exit.at - lastAnswer, 'no waiting out the grace once nothing is in flight').toBeLessThan(2_000);
      expect(server.logLines().map((line) => line.msg)).toContain('stopped');
      const observer = observe(file);
      try {
        expect(observer.state().counts.users, 'every create was committed').toBe(51);
      } finally {
        observer.close();
      }
    },
    SLOW_TEST_MS,
  );

  it(
    'with --shutdown-grace 1, gives stalled uploads their second, cuts them, and exits 0',
    async () => {
      const file = await newFile('stalled.sqlite');
      const server = await startBuiltServer(['--db', file, '--shutdown-grace', '1']);
      const token = await signIn(apiClient(server.url), ADMIN.username, ADMIN.password);
      const agent = new Agent({ keepAlive: true });
      const never = new Promise<void>(() => {});
      const stalled = createUsers(server, token, agent, 3, never);
      await stalled.allIn;
      const signalled = performance.now();
      server.child.kill('SIGTERM');
      const exit = await server.exited;
      const outcomes = await stalled.outcomes;
      agent.destroy();

      expect(exit).toMatchObject({ code: 0, signal: null });
      expect(exit.at - signalled, 'requests in flight had their grace').toBeGreaterThanOrEqual(900);
      expect(exit.at - signalled, 'exit within --shutdown-grace 1 (and a margin)').toBeLessThan(3_500);
      for (const outcome of outcomes) expect(outcome.kind).toBe('cut');
    },
    SLOW_TEST_MS,
  );

  it(
    'with --shutdown-grace 1, exits 0 within that bound even with a backlog of password hashes',
    async () => {
      const file = await newFile('backlog.sqlite');
      const server = await startBuiltServer(['--db', file, '--shutdown-grace', '1']);
      const token = await signIn(apiClient(server.url), ADMIN.username, ADMIN.password);
      const agent = new Agent({ keepAlive: true });
      // 400 creates cannot finish in a second: about 10 s of argon2id on two idle cores.
      const creates = createUsers(server, token, agent, 400);
      await creates.allIn;
      const signalledAt = Date.now();
      const signalled = performance.now();
      server.child.kill('SIGTERM');
      const exit = await server.exited;
      const outcomes = await creates.outcomes;
      agent.destroy();

      const took = exit.at - signalled;
      const stopped = server.logLines().find((line) => line.msg === 'stopped');
      expect(stopped, 'the server logged that it stopped').toBeDefined();
      expect(Number(stopped?.time) - signalledAt, 'the server closed within the grace').toBeLessThan(3_500);
      expect(exit).toMatchObject({ code: 0, signal: null });
      expect(took, 'the process exited within --shutdown-grace 1 (and a margin)').toBeLessThan(3_500);
      // A request is either answered in full or cut before its answer began: never half an answer.
      const kinds = outcomes.map((outcome) => outcome.kind);
      expect(kinds).not.toContain('truncated');
      expect(kinds, 'some could not finish in time').toContain('cut');
      for (const outcome of outcomes)
        if (outcome.kind === 'answered') expect(outcome.status, outcome.text).toBe(201);
    },
    SLOW_TEST_MS,
  );
});

describe('the request log', () => {
  interface Sent {
    method: string;
    path: string;
    status: number;
    requestId: string;
    /** Who the log should name: the owner of a valid bearer token. */
    user?: string;
  }

  it(
    'is JSON lines with request id, method, path, status, time and user, and holds no password or token',
    async () => {
      const file = await newFile('log.sqlite');
      const logFile = path.join(temp.path, 'server.log');
      const server = await startBuiltServer(['--db', file, '--log-level', 'debug'], { logFile });
      const api = apiClient(server.url);
      const secrets = new Set<string>([ADMIN.password]);
      const sent: Sent[] = [];
      let counter = 0;

      async function call<T>(
        method: string,
        pathname: string,
        status: number,
        options: { token?: string; body?: unknown; raw?: string; requestId?: string; user?: string } = {},
      ): Promise<T> {
        counter += 1;
        const requestId = options.requestId ?? `ops-log-${counter}`;
        const answer = await api.call<T>(method, pathname, {
          ...(options.token === undefined ? {} : { token: options.token }),
          ...(options.body === undefined ? {} : { body: options.body }),
          ...(options.raw === undefined ? {} : { raw: options.raw }),
          headers: { 'X-Request-Id': requestId },
        });
        expect(answer.status, `${method} ${pathname}: ${JSON.stringify(answer.body)}`).toBe(status);
        expect(answer.headers.get('x-request-id'), 'the request id is echoed').toBe(requestId);
        sent.push({
          method,
          path: pathname,
          status,
          requestId,
          ...(options.user ? { user: options.user } : {}),
        });
        return answer.body;
      }
      interface Pair {
        accessToken: string;
        refreshToken: string;
      }
      const keep = (pair: Pair) => {
        secrets.add(pair.accessToken);
        secrets.add(pair.refreshToken);
        return pair;
      };

      const first = keep(
        await call<Pair>('POST', '/api/auth/token', 200, {
          body: { username: ADMIN.username, password: ADMIN.password },
        }),
      );
      const pair = keep(
        await call<Pair>('POST', '/api/auth/refresh', 200, { body: { refreshToken: first.refreshToken } }),
      );
      // The used refresh token again: refused, and its whole sign-in ends (reuse detection).
      await call('POST', '/api/auth/refresh', 401, { body: { refreshToken: first.refreshToken } });
      await call('GET', '/api/auth/me', 401, { token: pair.accessToken });
      const session = keep(
        await call<Pair>('POST', '/api/auth/token', 200, {
          body: { username: ADMIN.username, password: ADMIN.password },
        }),
      );
      const admin = { token: session.accessToken, user: ADMIN.username };

      const people = [newUserFields('logged'), newUserFields('logged'), newUserFields('logged')];
      const ids: number[] = [];
      for (const person of people) {
        secrets.add(person.password);
        ids.push((await call<{ id: number }>('POST', '/api/users', 201, { ...admin, body: person })).id);
      }
      const [firstId = 0, secondId = 0, thirdId = 0] = ids;
      const patched = 'patched-secret-pw-7';
      const put = 'put-secret-pw-8';
      secrets.add(patched).add(put);
      await call('PATCH', `/api/users/${firstId}`, 200, { ...admin, body: { password: patched } });
      await call('PUT', `/api/users/${secondId}/password`, 204, { ...admin, body: { password: put } });
      const own = keep(
        await call<Pair>('POST', '/api/auth/token', 200, {
          body: { username: people[0]?.username, password: patched },
        }),
      );
      await call('GET', '/api/auth/me', 200, { token: own.accessToken, user: people[0]?.username });

      const generated = keep(await call<Pair>('POST', `/api/users/${thirdId}/tokens`, 201, admin));
      await call('GET', '/api/auth/me', 200, { token: generated.accessToken, user: people[2]?.username });
      await call('GET', '/api/users', 403, { token: generated.accessToken, user: people[2]?.username });

      const wrong = 'wrong-secret-pw-9';
      secrets.add(wrong);
      await call('POST', '/api/auth/token', 401, { body: { username: ADMIN.username, password: wrong } });
      await call('POST', '/api/auth/token', 401, { body: { username: 'no-such-user', password: wrong } });
      const bogus = 'bogus-token-0123456789abcdefghijklmnopqrstuvwxyz';
      secrets.add(bogus);
      await call('GET', '/api/users', 401, { token: bogus });
      // Refused input that carries a password: too short, and in a body that is not JSON at all.
      const short = 'sh0r';
      await call('POST', '/api/users', 400, {
        ...admin,
        body: { ...newUserFields('short'), password: short },
      });
      const unparsable = 'unparsable-secret-pw-3';
      secrets.add(unparsable);
      await call('POST', '/api/auth/token', 400, { raw: `{"username":"owner","password":"${unparsable}"` });
      await call('POST', '/api/auth/logout', 204, admin);
      await call('GET', '/api/users', 401, { token: session.accessToken });

      // An unusable X-Request-Id is replaced with a UUID of the server's.
      const ugly = await api.call('GET', '/api/health', {
        headers: { 'X-Request-Id': 'has spaces; and more' },
      });
      const replaced = ugly.headers.get('x-request-id') ?? '';
      expect(replaced).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      sent.push({ method: 'GET', path: '/api/health', status: 200, requestId: replaced });

      const exit = await server.stop();
      expect(exit.code).toBe(0);

      const bytes = readFileSync(logFile);
      const lines = server.logLines();
      for (const line of lines)
        expect(line).toMatchObject({
          level: expect.any(Number) as unknown,
          time: expect.any(Number) as unknown,
          msg: expect.any(String) as unknown,
        });
      const requests = lines.filter((line) => line.msg === 'request');
      for (const line of requests)
        expect(line).toMatchObject({
          requestId: expect.any(String) as unknown,
          method: expect.any(String) as unknown,
          path: expect.stringMatching(/^\//) as unknown,
          status: expect.any(Number) as unknown,
          ms: expect.any(Number) as unknown,
        });
      expect(requests, 'one line per request').toHaveLength(sent.length);
      for (const request of sent) {
        const logged = requests.filter((line) => line.requestId === request.requestId);
        expect(logged, `one line for ${request.requestId}`).toHaveLength(1);
        const [line] = logged as [LogLine];
        expect(line).toMatchObject({ method: request.method, path: request.path, status: request.status });
        if (request.user === undefined) expect(line, request.requestId).not.toHaveProperty('user');
        else expect(line.user, request.requestId).toBe(request.user);
      }
      const everything = Buffer.concat([bytes, Buffer.from(server.stderr())]);
      for (const secret of secrets) {
        expect(secret.length).toBeGreaterThanOrEqual(8);
        expect(everything.includes(secret), `the log holds ${secret}`).toBe(false);
      }
      expect(everything.includes(short), 'the refused short password').toBe(false);
      expect(everything.includes('$argon2id$'), 'a password hash').toBe(false);
      expect(everything.toString('utf8')).not.toMatch(/bearer /i);
    },
    SLOW_TEST_MS,
  );
});

describe('the flags of a deployment', () => {
  it(
    'refuses plain HTTP beyond loopback without --allow-insecure-http, naming that flag',
    async () => {
      const file = await newFile('insecure.sqlite');
      for (const host of ['0.0.0.0', '::']) {
        const refused = await runBuiltCli(['--db', file, '--host', host, '--port', '0']);
        expect(refused.code, host).not.toBe(0);
        expect(refused.stderr, host).toContain('--allow-insecure-http');
        expect(refused.stdout, host).not.toContain('listening on');
      }
    },
    SLOW_TEST_MS,
  );

  it(
    'serves plain HTTP on 0.0.0.0 with --allow-insecure-http, with a warning in its log',
    async () => {
      const file = await newFile('allowed.sqlite');
      const server = await startBuiltServer(['--db', file, '--host', '0.0.0.0', '--allow-insecure-http']);
      try {
        expect(server.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
        const lines = server.logLines();
        const warning = lines.findIndex(
          (line) => line.level === 40 && line.msg.includes('--allow-insecure-http'),
        );
        expect(warning, JSON.stringify(lines)).toBeGreaterThanOrEqual(0);
        expect(lines[warning]).toMatchObject({ host: '0.0.0.0' });
        expect(warning).toBeLessThan(lines.findIndex((line) => line.msg.includes(' listening on ')));
        const health = answered(await exchange(`http://127.0.0.1:${server.port}/api/health`));
        expect(health.status).toBe(200);
      } finally {
        expect((await server.stop()).code).toBe(0);
      }
    },
    SLOW_TEST_MS,
  );

  it(
    'keeps instance files to their owner (0600), the -wal and -shm files too, whatever the umask',
    async () => {
      const file = path.join(temp.path, 'modes', 'instance.sqlite');
      mkdirSync(path.dirname(file));
      const created = await runBuiltCli(
        ['admin', '--db', file, '--username', 'ops', '--email', 'ops@example.com'],
        {
          env: { ROSTER_ADMIN_PASSWORD: 'modes-secret-pw' },
          umask: '000',
        },
      );
      expect(created.code, created.stderr).toBe(0);
      expect(modeOf(file).toString(8)).toBe('600');

      const server = await startBuiltServer(['--db', file]);
      try {
        // A sign-in writes a session: the -wal file then holds pages.
        await signIn(apiClient(server.url), 'ops', 'modes-secret-pw');
        for (const companion of [`${file}-wal`, `${file}-shm`]) {
          expect(existsSync(companion), companion).toBe(true);
          expect(modeOf(companion).toString(8), companion).toBe('600');
        }
        expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
        expect(modeOf(file).toString(8)).toBe('600');
      } finally {
        await server.stop();
      }
    },
    SLOW_TEST_MS,
  );

  describe('--trust-proxy and the per-address sign-in limit (--address-limit 2)', () => {
    // One kept-alive connection: every attempt comes from the same socket (127.0.0.1).
    let socket: Agent;
    beforeEach(() => void (socket = new Agent({ keepAlive: true, maxSockets: 1 })));
    afterEach(() => socket.destroy());
    const wrongFrom = (server: BuiltServer, forwardedFor?: string, localAddress?: string) =>
      exchange(`${server.url}/api/auth/token`, {
        method: 'POST',
        headers: { ...json, ...(forwardedFor === undefined ? {} : { 'X-Forwarded-For': forwardedFor }) },
        body: JSON.stringify({ username: 'nobody-here', password: 'not-the-password' }),
        ...(localAddress ? { localAddress } : { agent: socket }),
      });
    const rightFrom = (server: BuiltServer, forwardedFor: string) =>
      exchange(`${server.url}/api/auth/token`, {
        method: 'POST',
        headers: { ...json, 'X-Forwarded-For': forwardedFor },
        body: JSON.stringify({ username: ADMIN.username, password: ADMIN.password }),
        agent: socket,
      });
    const statusOf = async (pending: Promise<Outcome>) => {
      const answer = answered(await pending);
      if (answer.status === 429) {
        expect(answer.headers['content-type']).toBe(`${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
        expect(JSON.parse(answer.text)).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
        expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
      }
      return answer.status;
    };

    it(
      'trusted: counts each last X-Forwarded-For address on its own',
      async () => {
        const file = await newFile('trusted.sqlite');
        const server = await startBuiltServer(['--db', file, '--address-limit', '2', '--trust-proxy']);
        try {
          expect(await statusOf(wrongFrom(server, '198.51.100.1'))).toBe(401);
          expect(await statusOf(wrongFrom(server, '198.51.100.1'))).toBe(401);
          expect(await statusOf(wrongFrom(server, '198.51.100.1'))).toBe(429);
          expect(await statusOf(rightFrom(server, '198.51.100.1')), 'even the right password').toBe(429);
          expect(await statusOf(wrongFrom(server, '198.51.100.2')), 'another client').toBe(401);
          // Only the last entry counts, the one the proxy appended; the client writes the others.
          expect(await statusOf(wrongFrom(server, '203.0.113.66, 198.51.100.1'))).toBe(429);
          expect(await statusOf(wrongFrom(server, '198.51.100.1, 198.51.100.3'))).toBe(401);
          expect(await statusOf(wrongFrom(server, '198.51.100.1,198.51.100.3'))).toBe(401);
          expect(await statusOf(wrongFrom(server, '198.51.100.1, 198.51.100.3'))).toBe(429);
          expect(await statusOf(rightFrom(server, '198.51.100.4'))).toBe(200);
          // Without the header, the socket's own address counts, apart from the forwarded ones.
          expect(await statusOf(wrongFrom(server))).toBe(401);
        } finally {
          await server.stop();
        }
      },
      SLOW_TEST_MS,
    );

    it(
      'not trusted: ignores X-Forwarded-For and counts the socket address',
      async () => {
        const file = await newFile('untrusted.sqlite');
        const server = await startBuiltServer(['--db', file, '--address-limit', '2']);
        try {
          expect(await statusOf(wrongFrom(server, '198.51.100.1'))).toBe(401);
          expect(await statusOf(wrongFrom(server, '198.51.100.2'))).toBe(401);
          expect(await statusOf(wrongFrom(server, '198.51.100.3'))).toBe(429);
          expect(await statusOf(wrongFrom(server))).toBe(429);
          expect(await statusOf(rightFrom(server, '198.51.100.4')), 'even the right password').toBe(429);
          // Another socket address is another client.
          expect(await statusOf(wrongFrom(server, '198.51.100.1', '127.0.0.2'))).toBe(401);
        } finally {
          await server.stop();
        }
      },
      SLOW_TEST_MS,
    );
  });
});

describe('deploy/Dockerfile and deploy/roster-server.service', () => {
  const dockerfile = () => readFileSync(path.join(ROOT, 'deploy/Dockerfile'), 'utf8');
  const unit = () => readFileSync(path.join(ROOT, 'deploy/roster-server.service'), 'utf8');

  /** Every --flag must be one the server's usage lists. */
  function expectKnownFlags(args: readonly string[], where: string) {
    const flags = args.filter((arg) => arg.startsWith('--'));
    expect(flags.length, where).toBeGreaterThan(0);
    for (const flag of flags)
      expect(SERVER_USAGE, `${where}: ${flag}`).toMatch(new RegExp(`${flag}(?![\\w-])`));
  }

  /** The options as the CLI parses them, and the check it makes before it listens. */
  function serveOptions(args: readonly string[], where: string): ServeOptions {
    const options = parseServerOptions(args);
    if (options.command !== 'serve') throw new Error(`${where} does not serve`);
    expect(
      options.tls !== undefined || isLoopbackHost(options.host) || options.allowInsecureHttp,
      `${where}: plain HTTP beyond loopback is refused without --allow-insecure-http`,
    ).toBe(true);
    return options;
  }

  /** Instructions, with continuation lines joined and comments dropped. */
  function instructions(text: string): string[] {
    return text
      .replace(/\\\n/g, ' ')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
  }

  it('the Dockerfile builds in one stage, installs production dependencies only for the runtime, and runs the built server', () => {
    const lines = instructions(dockerfile());
    const stages: { from: string; name: string; lines: string[] }[] = [];
    for (const line of lines) {
      const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
      if (from) stages.push({ from: from[1] ?? '', name: from[2] ?? '', lines: [] });
      else stages.at(-1)?.lines.push(line);
    }
    const runs = (stage: (typeof stages)[number] | undefined) =>
      (stage?.lines ?? []).filter((line) => line.startsWith('RUN ')).join('\n');
    const chain = (name: string): (typeof stages)[number][] => {
      const stage = stages.find((candidate) => candidate.name === name);
      return stage ? [...chain(stage.from), stage] : [];
    };
    const env = (chained: (typeof stages)[number][]) =>
      chained.flatMap((stage) => stage.lines.filter((line) => line.startsWith('ENV '))).join('\n');

    const argDefaults = new Map<string, string>();
    for (const line of lines) {
      const arg = /^ARG\s+(\w+)=(\S+)/.exec(line);
      if (arg?.[1] !== undefined && arg[2] !== undefined) argDefaults.set(arg[1], arg[2]);
    }
    const image = (from: string) =>
      from.replace(/^\$\{(\w+)\}$/, (_, name: string) => argDefaults.get(name) ?? from);

    const build = stages.find((stage) => /npx electron-vite build/.test(runs(stage)));
    expect(build, 'a stage runs npx electron-vite build').toBeDefined();
    const buildChain = chain(build?.name ?? '');
    expect(image(buildChain[0]?.from ?? '')).toMatch(/^node:20(\.\d+)*-(bookworm|bullseye)$/);
    expect(buildChain.map(runs).join('\n')).toMatch(/apt-get install[^\n]*python3[^\n]*make[^\n]*g\+\+/);
    expect(runs(build)).toMatch(/\bnpm ci(?! --omit)/);
    expect(env(buildChain)).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD=1');
    // What the build stage copies in is there to copy.
    for (const line of buildChain.flatMap((stage) => stage.lines)) {
      const copy = /^COPY\s+(?!--from)(.+)\s+\S+$/.exec(line);
      for (const source of copy?.[1]?.split(/\s+/) ?? [])
        expect(existsSync(path.join(ROOT, source)), `COPY ${source}`).toBe(true);
    }

    const runtime = stages.at(-1);
    const runtimeChain = chain(runtime?.name ?? '');
    const production = stages.find((stage) => /\bnpm ci --omit=dev\b/.test(runs(stage)));
    expect(production, 'a stage runs npm ci --omit=dev').toBeDefined();
    expect(env(chain(production?.name ?? ''))).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD=1');
    const runtimeText = runtime?.lines.join('\n') ?? '';
    if (production !== runtime)
      expect(runtimeText).toContain(
        `COPY --from=${production?.name ?? '?'} /app/node_modules ./node_modules`,
      );
    expect(runtimeChain.map(runs).join('\n'), 'the runtime installs no dev dependencies').not.toMatch(
      /\bnpm (ci|install)(?! --omit=dev)/,
    );
    expect(runtimeText).toContain(`COPY --from=${build?.name ?? '?'} /app/out ./out`);
    expect(runtimeText).toMatch(/^COPY --from=\S+ [^\n]*package\.json/m);
    const user = /^USER\s+(\S+)/m.exec(runtimeText)?.[1];
    expect(user, 'runs as a user').toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(runtimeText).toMatch(/^VOLUME\s+\["\/data"\]/m);
    expect(runtimeText).toMatch(/^EXPOSE\s+8080$/m);

    const cmd = JSON.parse(/^CMD\s+(\[.*\])$/m.exec(runtimeText)?.[1] ?? 'null') as string[];
    expect(cmd.slice(0, 2)).toEqual(['node', 'out/main/server.js']);
    expect(cmd.slice(2, 9)).toEqual([
      '--db',
      '/data/instance.sqlite',
      '--host',
      '0.0.0.0',
      '--port',
      '8080',
      '--trust-proxy',
    ]);
    expectKnownFlags(cmd.slice(2), 'CMD');
    const options = serveOptions(cmd.slice(2), 'CMD');
    expect(options).toMatchObject({
      host: '0.0.0.0',
      port: 8080,
      database: '/data/instance.sqlite',
      trustProxy: true,
    });
    // `docker stop` kills after 10 s: the server's grace must end before that.
    expect(options.shutdownGraceMs).toBeLessThan(10_000);
  });

  it('the systemd unit runs the built server as its own user, stops it gracefully, and is hardened', () => {
    const settings = new Map<string, string[]>();
    for (const line of instructions(unit())) {
      const setting = /^(\w+)=(.*)$/.exec(line);
      if (setting?.[1] !== undefined)
        settings.set(setting[1], [...(settings.get(setting[1]) ?? []), setting[2] ?? '']);
    }
    const one = (key: string) => {
      const values = settings.get(key) ?? [];
      expect(values, key).toHaveLength(1);
      return values[0] ?? '';
    };

    const exec = one('ExecStart').split(/\s+/);
    expect(exec.slice(0, 2)).toEqual(['/usr/bin/node', '/opt/roster/out/main/server.js']);
    expect(exec.slice(2, 4)).toEqual(['--db', '/var/lib/roster/instance.sqlite']);
    expectKnownFlags(exec.slice(2), 'ExecStart');
    const options = serveOptions(exec.slice(2), 'ExecStart');

    const user = one('User');
    expect(['', 'root', '0']).not.toContain(user);
    expect(one('KillSignal')).toBe('SIGTERM');
    const stopSeconds = Number(/^(\d+)s?$/.exec(one('TimeoutStopSec'))?.[1]);
    expect(stopSeconds * 1000, 'TimeoutStopSec above --shutdown-grace').toBeGreaterThan(
      options.shutdownGraceMs,
    );
    expect(one('NoNewPrivileges')).toBe('yes');
    expect(one('ProtectSystem')).toBe('strict');
    expect(one('PrivateTmp')).toBe('yes');
    const writable = one('ReadWritePaths').split(/\s+/);
    expect(writable).toContain('/var/lib/roster');
    expect(
      writable.some((dir) => options.database.startsWith(`${dir}/`)),
      'the instance file is writable',
    ).toBe(true);
    // V8 compiles to memory that is written, then run: this setting would kill node.
    expect(settings.has('MemoryDenyWriteExecute')).toBe(false);
  });

  it('both use the path that npm run server runs', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.server).toBe('node out/main/server.js');
    expect(path.relative(ROOT, BUILT_SERVER)).toBe('out/main/server.js');
  });
});
