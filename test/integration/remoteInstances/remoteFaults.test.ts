import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectionAccounts } from '../../../electron/secrets/keychain';
import { useRosterCores, valueOf } from '../../unit/support/rosterCore';
import { useTempDirs } from '../../unit/support/tempDir';
import { makeSelfSignedCertificate } from '../../support/selfSignedCertificate';
import { makeTempDir } from '../../support/tempDir';
import { apiClient, signIn } from '../server/support/api';
import { ADMIN } from '../server/support/instanceFile';
import { newUserFields } from '../server/support/servedInstance';
import { ROOT, START_TIMEOUT_MS, startServer, type RunningServer } from '../server/support/serverProcess';
import { SIGN_IN, startFakeServer, type FakeServer } from './support/fakeServer';
import {
  addAndConnect,
  inspector,
  killHard,
  secretsOf,
  serveNewInstance,
  SKIP_REASON,
  underKeyring,
  viewOf,
} from './support/remoteSupport';

const execFileAsync = promisify(execFile);
const REMOTE_DIRECTORY = path.join(ROOT, 'electron/services/directory/remote/remoteDirectory.ts');

/**
 * Remote instances when things go wrong: the server dies mid-edit and comes
 * back, answers 500, never answers, or presents a certificate nobody trusts.
 * Each failure reaches the caller of a directory channel with the kind the UI
 * explains, the navigator node shows it, and a Retry works once the server does.
 */

const tempDir = useTempDirs();
const openCore = useRosterCores();

const servers: RunningServer[] = [];
const fakes: FakeServer[] = [];
afterEach(async () => {
  for (const fake of fakes.splice(0)) await fake.close();
  for (const server of servers.splice(0)) await server.stop();
});

const SERVER_TEST_MS = 2 * START_TIMEOUT_MS;
const owner = { username: ADMIN.username, password: ADMIN.password };
const everyone = { query: '' };

async function fake(): Promise<FakeServer> {
  const server = await startFakeServer();
  fakes.push(server);
  return server;
}

describe.skipIf(!underKeyring)(`remote faults${underKeyring ? '' : ` (${SKIP_REASON})`}`, () => {
  it(
    'server killed between loading a user and saving it: unreachable, then Retry succeeds on its return',
    async () => {
      const dir = tempDir('roster-remote-kill-');
      const { server, file } = await serveNewInstance(dir);
      servers.push(server);
      const { client } = openCore(tempDir());
      const view = await addAndConnect(client, {
        name: 'Dies',
        url: server.url,
        ...owner,
        timeoutSeconds: 5,
      });
      expect(view.state).toBe('connected');

      // The dialog loads a user into the form…
      const created = valueOf(
        await client.invoke('directory.users.create', { instanceId: view.id, user: newUserFields('kill') }),
      );
      const loaded = valueOf(
        await client.invoke('directory.users.get', { instanceId: view.id, userId: created.id }),
      );
      // …the server dies before Save.
      await killHard(server);
      const save = { instanceId: view.id, userId: loaded.id, changes: { displayName: 'Saved Later' } };
      const failed = await client.invoke('directory.users.update', save);
      expect(failed).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', kind: 'unreachable' } });
      const red = await viewOf(client, view.id);
      expect(red?.state).toBe('error');
      expect(red?.stateDetail).toMatch(/unreachable/);
      // Still unreachable: the same answer, and the node stays red.
      expect(await client.invoke('directory.users.update', save)).toMatchObject({
        ok: false,
        error: { kind: 'unreachable' },
      });

      // The server comes back on the same port with the same file; Retry sends the same save.
      const back = await startServer(['--db', file, '--port', String(server.port)]);
      servers.push(back);
      expect(back.url).toBe(server.url);
      const saved = valueOf(await client.invoke('directory.users.update', save));
      expect(saved).toMatchObject({ id: created.id, displayName: 'Saved Later', email: created.email });
      expect((await viewOf(client, view.id))?.state).toBe('connected');

      // Nothing was lost: the user made before the crash, with the change made after it.
      const api = apiClient(back.url);
      const token = await signIn(api, ADMIN.username, ADMIN.password);
      expect(await api.call('GET', `/api/users/${created.id}`, { token })).toMatchObject({
        status: 200,
        body: { username: created.username, displayName: 'Saved Later' },
      });
    },
    SERVER_TEST_MS,
  );

  it('a server answering 500: kind server on the call, the node stays connected; a failing Retry turns it red', async () => {
    const server = await fake();
    const { client } = openCore(tempDir());
    const view = await addAndConnect(client, {
      name: 'Fails',
      url: server.url,
      ...owner,
      timeoutSeconds: 5,
    });
    expect(view.state).toBe('connected');

    server.setMode('error500');
    const failed = await client.invoke('directory.users.search', { instanceId: view.id, page: everyone });
    expect(failed).toMatchObject({ ok: false, error: { code: 'INTERNAL', kind: 'server' } });
    if (!failed.ok) expect(failed.error.message).toMatch(/HTTP 500.*The disk is full/);
    // One request failed, not the connection: the node stays green (remoteConnections' CONNECTION_FAILURES).
    expect((await viewOf(client, view.id))?.state).toBe('connected');

    // Connect (Retry) while the server still fails: its health check answers 500, so now the node is red.
    const retried = valueOf(await client.invoke('instances.connect', { id: view.id }));
    expect(retried.state).toBe('error');
    expect(retried.stateDetail).toMatch(/HTTP 500/);
    expect(
      await client.invoke('directory.users.search', { instanceId: view.id, page: everyone }),
    ).toMatchObject({ ok: false, error: { kind: 'server' } });

    server.setMode('ok');
    expect(
      valueOf(await client.invoke('directory.users.search', { instanceId: view.id, page: everyone })),
    ).toMatchObject({ total: 0 });
    expect((await viewOf(client, view.id))?.state).toBe('connected');
  });

  it('a server that never answers: kind timeout within the instance timeout, and the node says so', async () => {
    const server = await fake();
    const { client } = openCore(tempDir());
    const view = await addAndConnect(client, {
      name: 'Silent',
      url: server.url,
      ...owner,
      timeoutSeconds: 1,
    });
    expect(view.state).toBe('connected');

    server.setMode('silent');
    const started = Date.now();
    const failed = await client.invoke('directory.users.search', { instanceId: view.id, page: everyone });
    const elapsed = Date.now() - started;
    expect(failed).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', kind: 'timeout' } });
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(3_000);
    const red = await viewOf(client, view.id);
    expect(red?.state).toBe('error');
    expect(red?.stateDetail).toMatch(/did not answer within 1 seconds \(timeout\)/);

    // A Test connection against it times out as well, and no sooner than asked.
    const tested = valueOf(
      await client.invoke('instances.testConnection', {
        id: view.id,
        url: server.url,
        username: ADMIN.username,
        timeoutSeconds: 1,
      }),
    );
    expect(tested).toMatchObject({ ok: false, error: { kind: 'timeout' } });

    server.setMode('ok');
    expect(
      valueOf(await client.invoke('directory.users.search', { instanceId: view.id, page: everyone })),
    ).toMatchObject({ total: 0 });
    expect((await viewOf(client, view.id))?.state).toBe('connected');
  });

  it('a first connection to a server that never answers ends in error, not in connecting forever', async () => {
    const server = await fake();
    server.setMode('silent');
    const { client } = openCore(tempDir());
    const started = Date.now();
    const view = await addAndConnect(client, {
      name: 'Never',
      url: server.url,
      ...owner,
      timeoutSeconds: 1,
    });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(view.state).toBe('error');
    expect(view.stateDetail).toMatch(/timeout/);
  });

  it('disconnecting while it signs in leaves it offline with no session in the keychain or on the server', async () => {
    const server = await fake();
    server.setMode('holdSignIn');
    const { client } = openCore(tempDir());
    const added = valueOf(
      await client.invoke('instances.addRemote', {
        name: 'Racing',
        url: server.url,
        ...owner,
        timeoutSeconds: 5,
      }),
    );
    await expect.poll(() => server.counts.get(SIGN_IN) ?? 0).toBe(1);
    expect(valueOf(await client.invoke('instances.disconnect', { id: added.id })).state).toBe('offline');

    server.setMode('ok');
    server.release();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await viewOf(client, added.id))?.state).toBe('offline');
    try {
      expect(await secretsOf(added.id)).toEqual({ password: ADMIN.password });
      expect(server.counts.get('POST /api/auth/logout') ?? 0).toBeGreaterThanOrEqual(1);
    } finally {
      valueOf(await client.invoke('instances.remove', { id: added.id }));
    }
  });

  it('disconnecting is offline at once while the sign-out waits on a server that does not answer; a connect meanwhile waits for it', async () => {
    const server = await fake();
    const { client } = openCore(tempDir());
    const view = await addAndConnect(client, {
      name: 'Stalled',
      url: server.url,
      ...owner,
      timeoutSeconds: 2,
    });
    expect(view.state).toBe('connected');

    server.setMode('silent');
    let signedOut = false;
    const disconnecting = client.invoke('instances.disconnect', { id: view.id }).finally(() => {
      signedOut = true;
    });
    await expect
      .poll(async () => (await viewOf(client, view.id))?.state, { timeout: 1_000, interval: 20 })
      .toBe('offline');
    await expect.poll(() => server.counts.get('POST /api/auth/logout') ?? 0).toBe(1);
    expect(signedOut).toBe(false);

    server.setMode('ok');
    const connecting = client.invoke('instances.connect', { id: view.id });
    valueOf(await disconnecting);
    expect(valueOf(await connecting).state).toBe('connected');
    try {
      // A new session, kept after the old one was deleted.
      expect(await secretsOf(view.id)).toMatchObject({
        password: ADMIN.password,
        session: expect.any(String) as string,
      });
    } finally {
      valueOf(await client.invoke('instances.remove', { id: view.id }));
    }
  });

  it('removing an instance while it signs in leaves no secret and no server session behind', async () => {
    const server = await fake();
    server.setMode('holdSignIn');
    const { client } = openCore(tempDir());
    const added = valueOf(
      await client.invoke('instances.addRemote', {
        name: 'Racing',
        url: server.url,
        ...owner,
        timeoutSeconds: 5,
      }),
    );
    // The sign-in is on its way to the server, which has not answered yet.
    await expect.poll(() => server.counts.get(SIGN_IN) ?? 0).toBe(1);
    valueOf(await client.invoke('instances.remove', { id: added.id }));
    expect(await secretsOf(added.id)).toEqual({});

    // Now the server answers the sign-in.
    server.setMode('ok');
    server.release();
    await new Promise((resolve) => setTimeout(resolve, 500));
    try {
      expect(await inspector.get(connectionAccounts(added.id).session)).toBeUndefined();
      expect(server.counts.get('POST /api/auth/logout') ?? 0).toBeGreaterThanOrEqual(1);
    } finally {
      await inspector.delete(connectionAccounts(added.id).session);
    }
  });

  it('never sends a saved password to a server other than the saved one', async () => {
    const saved = await fake();
    const other = await fake();
    const { client } = openCore(tempDir());
    const view = await addAndConnect(client, {
      name: 'Saved',
      url: saved.url,
      ...owner,
      timeoutSeconds: 5,
    });
    expect(view.state).toBe('connected');

    // "Test connection" in the Edit dialog after the address was changed, the password left blank.
    const moved = { id: view.id, url: other.url, username: ADMIN.username, timeoutSeconds: 5 };
    expect(await client.invoke('instances.testConnection', moved)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', field: 'password' },
    });
    // Saving that edit is refused the same way, and nothing of it is kept.
    expect(await client.invoke('instances.editRemote', { ...moved, name: 'Saved' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', field: 'password' },
    });
    expect((await viewOf(client, view.id))?.connection?.url).toBe(saved.url);
    // The same address under another account is another sign-in too.
    expect(
      await client.invoke('instances.testConnection', { ...moved, url: saved.url, username: 'someone' }),
    ).toMatchObject({ ok: false, error: { field: 'password' } });
    expect(other.counts.get(SIGN_IN) ?? 0).toBe(0);
    expect(other.bodies.filter((body) => body.includes(ADMIN.password))).toEqual([]);
  });

  describe('a server with a self-signed certificate', () => {
    let temp: ReturnType<typeof makeTempDir> | undefined;
    let server: RunningServer | undefined;
    let trusted = '';

    beforeAll(async () => {
      temp = makeTempDir('roster-remote-tls-');
      const { certFile, keyFile } = makeSelfSignedCertificate(temp.path);
      trusted = certFile;
      ({ server } = await serveNewInstance(temp.path, ['--tls-cert', certFile, '--tls-key', keyFile]));
    }, SERVER_TEST_MS);

    afterAll(async () => {
      await server?.stop();
      temp?.remove();
    });

    it('Test connection says untrusted-certificate; the node is in error with the certificate problem; a call says so too', async () => {
      if (!server) throw new Error('The TLS server did not start.');
      expect(server.url).toMatch(/^https:/);
      const { client } = openCore(tempDir());
      const connection = { url: server.url, username: ADMIN.username, timeoutSeconds: 5 };
      const tested = valueOf(
        await client.invoke('instances.testConnection', { ...connection, password: ADMIN.password }),
      );
      expect(tested).toMatchObject({
        ok: false,
        error: { code: 'UNAVAILABLE', kind: 'untrusted-certificate' },
      });
      if (!tested.ok) expect(tested.error.message).toMatch(/TLS certificate problem: it is self-signed/);

      const view = await addAndConnect(client, { name: 'Secure', ...connection, password: ADMIN.password });
      expect(view.state).toBe('error');
      expect(view.stateDetail).toMatch(/TLS certificate problem: it is self-signed/);
      expect(
        await client.invoke('directory.users.search', { instanceId: view.id, page: everyone }),
      ).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', kind: 'untrusted-certificate' } });
      // The password was never sent to it, and it is still kept for when the certificate is fixed.
      expect((await secretsOf(view.id)).password).toBe(ADMIN.password);
      expect((await secretsOf(view.id)).session).toBeUndefined();
    });

    it('is trusted by a Roster started with NODE_EXTRA_CA_CERTS naming its certificate (README)', async () => {
      if (!server) throw new Error('The TLS server did not start.');
      const script = [
        `const { createRemoteDirectory } = await import(${JSON.stringify(REMOTE_DIRECTORY)});`,
        'const [url, username, password] = process.argv.slice(1);',
        'const directory = createRemoteDirectory({ baseUrl: url, credentials: { username, password } });',
        'console.log(JSON.stringify(await directory.testConnection()));',
        'await directory.signOut();',
      ].join('\n');
      const run = (env: NodeJS.ProcessEnv) =>
        execFileAsync(
          process.execPath,
          [
            '--import',
            'tsx',
            '--input-type=module',
            '-e',
            script,
            server?.url ?? '',
            ADMIN.username,
            ADMIN.password,
          ],
          { cwd: ROOT, env: { ...process.env, ...env } },
        ).then(({ stdout }) => JSON.parse(stdout) as unknown);
      expect(await run({ NODE_EXTRA_CA_CERTS: trusted })).toMatchObject({
        ok: true,
        username: ADMIN.username,
      });
      expect(await run({})).toMatchObject({ ok: false, error: { kind: 'tls' } });
    });
  });
});
