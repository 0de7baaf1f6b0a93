import { describe, expect, it } from 'vitest';
import { connectionAccounts } from '../../../electron/secrets/keychain';
import type { InstanceView } from '../../../shared/domain/instance';
import { readSettingsText, recordEvents, useRosterCores, valueOf } from '../../unit/support/rosterCore';
import { useTempDirs } from '../../unit/support/tempDir';
import { signIn } from '../server/support/api';
import { ADMIN } from '../server/support/instanceFile';
import { newUserFields, useServedInstance } from '../server/support/servedInstance';
import {
  addAndConnect,
  connectAsOwner,
  connectionEntries,
  createServerUser,
  inspector,
  ownerOf,
  savedSession,
  secretsOf,
  SKIP_REASON,
  underKeyring,
  viewOf,
  waitForState,
} from './support/remoteSupport';

/**
 * Remote instances through the RosterCore's typed client, as the renderer
 * drives them: a real instance server process on 127.0.0.1, the real OS
 * keychain (gnome-keyring under scripts/with-keyring.sh) and the real settings
 * file. Nothing of Roster's own code is replaced.
 */

const served = useServedInstance();
const tempDir = useTempDirs();
const openCore = useRosterCores();

const owner = () => ownerOf(served().server.url);

/** A fresh data folder and core with one connected remote instance of the served server. */
async function connectedCore(name = 'Remote') {
  const dataDir = tempDir();
  const opened = openCore(dataDir);
  const view = await connectAsOwner(opened.client, served().server.url, name);
  return { ...opened, dataDir, view };
}

const sessionsOf = (username: string): number =>
  (
    served()
      .observer.db.prepare(
        'SELECT count(*) AS n FROM sessions WHERE user_id = (SELECT id FROM users WHERE username_key = ?)',
      )
      .get(username.toLowerCase()) as { n: number }
  ).n;

const refreshRefused = async (refreshToken: string) =>
  (await served().api.call('POST', '/api/auth/refresh', { body: { refreshToken } })).status === 401;

describe.skipIf(!underKeyring)(`remote instances${underKeyring ? '' : ` (${SKIP_REASON})`}`, () => {
  it('adds a remote instance that connects, keeps its secrets only in the keychain, and serves the directory', async () => {
    const dataDir = tempDir();
    const { client, core } = openCore(dataDir);
    const events = recordEvents(core);
    const url = served().server.url;

    const added = valueOf(
      await client.invoke('instances.addRemote', {
        name: '  Remote  ',
        url: ` ${url}/ `,
        username: ADMIN.username,
        password: ADMIN.password,
        timeoutSeconds: 5,
      }),
    );
    expect(added).toMatchObject({
      name: 'Remote',
      kind: 'remote',
      location: url,
      state: 'connecting',
      connection: { url, username: ADMIN.username, timeoutSeconds: 5 },
    });

    const connected = valueOf(await client.invoke('instances.connect', { id: added.id }));
    expect(connected.state).toBe('connected');
    expect(connected.stateDetail).toContain(`as ${ADMIN.username}`);
    expect(connected.stateDetail).toContain(url);
    // Every window heard it go from connecting to connected.
    const states = events
      .filter((event) => event.event === 'instances.changed')
      .map((event) => (event.payload as InstanceView[]).find((view) => view.id === added.id)?.state);
    expect(states).toContain('connecting');
    expect(states.at(-1)).toBe('connected');

    // The password is in the keychain, and nowhere in the settings file.
    expect((await secretsOf(added.id)).password).toBe(ADMIN.password);
    const settings = readSettingsText(dataDir) ?? '';
    expect(settings).toContain(added.id);
    expect(settings).toContain(url);
    expect(settings).not.toContain(ADMIN.password);

    // The session's pair is in the keychain too, and it is a live session of the server.
    const session = await savedSession(added.id);
    expect(Object.keys(session).sort()).toEqual(['accessToken', 'refreshToken']);
    const settingsAfter = readSettingsText(dataDir) ?? '';
    expect(settingsAfter).not.toContain(session.accessToken);
    expect(settingsAfter).not.toContain(session.refreshToken);
    const me = await served().api.call('GET', '/api/auth/me', { token: session.accessToken });
    expect(me).toMatchObject({ status: 200, body: { username: ADMIN.username, role: 'administrator' } });

    // The directory channels work on it; the user is really on the server, created by the signed-in admin.
    const fields = newUserFields('viaroster');
    const user = valueOf(
      await client.invoke('directory.users.create', { instanceId: added.id, user: fields }),
    );
    expect(user).toMatchObject({ username: fields.username, email: fields.email, enabled: true });
    const seen = await served().api.call('GET', `/api/users/${user.id}`, { token: served().adminToken });
    expect(seen).toMatchObject({
      status: 200,
      body: { username: fields.username, displayName: fields.displayName },
    });
    expect(served().observer.audit('user.create').at(-1)).toMatchObject({
      actor: `api:${ADMIN.username}`,
      target_id: user.id,
    });
    // …and its password is the one given.
    expect(await signIn(served().api, fields.username, fields.password)).toMatch(/\S/);
  });

  it('filters over the remote: the search runs on the server and answers its total', async () => {
    const { client, view } = await connectedCore();
    const prefix = `filt${process.pid % 1000}x`;
    for (let i = 0; i < 3; i++) await createServerUser(served().api, served().adminToken, { prefix });

    const page = valueOf(
      await client.invoke('directory.users.search', {
        instanceId: view.id,
        page: { query: prefix.toUpperCase(), offset: 0, limit: 2 },
      }),
    );
    expect(page.total).toBe(3);
    expect(page.items).toHaveLength(2);
    expect(page.items.every((item) => item.username.startsWith(prefix))).toBe(true);

    const api = await served().api.call<{ total: number }>('GET', `/api/users?q=${prefix}`, {
      token: served().adminToken,
    });
    expect(page.total).toBe(api.body.total);
    const everyone = valueOf(
      await client.invoke('directory.users.search', { instanceId: view.id, page: { query: '', limit: 1 } }),
    );
    const apiEveryone = await served().api.call<{ total: number }>('GET', '/api/users', {
      token: served().adminToken,
    });
    expect(everyone.total).toBe(apiEveryone.body.total);
  });

  it('removes an instance: both keychain entries go, the settings forget it, the server session ends', async () => {
    const { client, dataDir, view } = await connectedCore();
    const session = await savedSession(view.id);
    expect(await refreshRefused(session.refreshToken)).toBe(false);
    // That refresh rotated the pair outside Roster: read the stored one again for what follows.
    const stored = await savedSession(view.id);

    expect(await client.invoke('instances.remove', { id: view.id })).toEqual({ ok: true, value: null });
    expect(await inspector.get(connectionAccounts(view.id).password)).toBeUndefined();
    expect(await inspector.get(connectionAccounts(view.id).session)).toBeUndefined();
    expect(await viewOf(client, view.id)).toBeUndefined();
    expect(readSettingsText(dataDir)).not.toContain(view.id);
    expect(readSettingsText(dataDir)).not.toContain(served().server.url);
    expect(await refreshRefused(session.refreshToken)).toBe(true);
    expect(await refreshRefused(stored.refreshToken)).toBe(true);
    // The directory is gone with it.
    expect(
      await client.invoke('directory.users.search', { instanceId: view.id, page: { query: '' } }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('removes a signed-in instance without leaving its server session behind', async () => {
    const before = sessionsOf(ADMIN.username);
    const { client, view } = await connectedCore();
    await savedSession(view.id);
    expect(sessionsOf(ADMIN.username)).toBe(before + 1);
    valueOf(await client.invoke('instances.remove', { id: view.id }));
    expect(sessionsOf(ADMIN.username)).toBe(before);
  });

  it('disconnects: offline, the session leaves the keychain, the password stays; connecting again works', async () => {
    const { client, view } = await connectedCore();
    const session = await savedSession(view.id);

    const offline = valueOf(await client.invoke('instances.disconnect', { id: view.id }));
    expect(offline.state).toBe('offline');
    expect(offline.stateDetail).toMatch(/Disconnected/);
    expect(await secretsOf(view.id)).toEqual({ password: ADMIN.password });
    expect(await refreshRefused(session.refreshToken)).toBe(true);
    expect((await viewOf(client, view.id))?.state).toBe('offline');

    const again = valueOf(await client.invoke('instances.connect', { id: view.id }));
    expect(again.state).toBe('connected');
    const renewed = await savedSession(view.id);
    expect(renewed.refreshToken).not.toBe(session.refreshToken);
    expect(
      valueOf(await client.invoke('directory.users.search', { instanceId: view.id, page: { query: '' } }))
        .total,
    ).toBeGreaterThan(0);
  });

  it('keeps a remote instance across a restart: offline at first, then connects with the saved password', async () => {
    const { core, dataDir, view } = await connectedCore();
    core.close();
    const { client: restarted } = openCore(dataDir);
    expect(await viewOf(restarted, view.id)).toMatchObject({
      name: 'Remote',
      kind: 'remote',
      state: 'offline',
      connection: { url: served().server.url, username: ADMIN.username, timeoutSeconds: 5 },
    });
    expect(valueOf(await restarted.invoke('instances.connect', { id: view.id })).state).toBe('connected');
    valueOf(await restarted.invoke('instances.remove', { id: view.id }));
    expect(await secretsOf(view.id)).toEqual({});
  });

  it('keeps a live session in the keychain when the app closes, to resume it at the next start', async () => {
    const { core, view } = await connectedCore();
    const session = await savedSession(view.id);
    core.close();
    // Give a sign-out that should not happen the time a loopback request takes.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const alive =
      (await served().api.call('GET', '/api/auth/me', { token: session.accessToken })).status === 200;
    const kept = (await secretsOf(view.id)).session;
    // Closing does not sign out: the session lives on in the keychain, to be resumed at the next start.
    expect({ alive, kept: kept !== undefined }).toEqual({ alive: true, kept: true });
    await inspector.delete(connectionAccounts(view.id).session);
    await inspector.delete(connectionAccounts(view.id).password);
  });

  it('a directory call on an offline instance connects it first', async () => {
    const { client, view } = await connectedCore();
    valueOf(await client.invoke('instances.disconnect', { id: view.id }));
    const page = valueOf(
      await client.invoke('directory.users.search', {
        instanceId: view.id,
        page: { query: ADMIN.username },
      }),
    );
    expect(page.items.map((item) => item.username)).toContain(ADMIN.username);
    expect((await viewOf(client, view.id))?.state).toBe('connected');
  });

  it('explains a wrong password, and an edit with the right one reconnects; an edit without one keeps it', async () => {
    // An administrator of its own, so that these failed sign-ins never lock the owner out.
    const second = await createServerUser(served().api, served().adminToken, {
      prefix: 'adm',
      role: 'administrator',
    });
    const dataDir = tempDir();
    const { client } = openCore(dataDir);
    const connection = { url: served().server.url, username: second.username, timeoutSeconds: 5 };
    const input = { name: 'Wrong', ...connection };
    const failed = await addAndConnect(client, { ...input, password: 'not-the-password' });
    expect(failed.state).toBe('error');
    expect(failed.stateKind).toBe('credentials');
    expect(failed.stateDetail).toMatch(/wrong username or password/i);
    expect(failed.stateDetail).toContain(second.username);

    const search = await client.invoke('directory.users.search', {
      instanceId: failed.id,
      page: { query: '' },
    });
    expect(search).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', kind: 'credentials' } });
    expect((await viewOf(client, failed.id))?.state).toBe('error');
    // The dialog's calls answer with that failure and never sign in again: that would lock the account.
    const failures = () => served().observer.account(second.username)?.failed_logins;
    const before = failures();
    for (let call = 0; call < 3; call++)
      expect(await client.invoke('directory.status', { instanceId: failed.id })).toMatchObject({
        ok: false,
        error: { kind: 'credentials' },
      });
    expect(failures()).toBe(before);
    // Test connection with the saved (wrong) password says the same.
    expect(await client.invoke('instances.testConnection', { id: failed.id, ...connection })).toMatchObject({
      ok: true,
      value: { ok: false, error: { kind: 'credentials' } },
    });

    const edited = valueOf(
      await client.invoke('instances.editRemote', { id: failed.id, ...input, password: second.password }),
    );
    expect(edited.id).toBe(failed.id);
    expect((await waitForState(client, failed.id, 'connected')).stateDetail).toContain(
      `as ${second.username}`,
    );
    expect((await secretsOf(failed.id)).password).toBe(second.password);
    expect(readSettingsText(dataDir)).not.toContain(second.password);

    // An edit without a password keeps the saved one, even when it reconnects with new settings.
    const renamed = valueOf(
      await client.invoke('instances.editRemote', {
        id: failed.id,
        ...input,
        name: 'Right',
        timeoutSeconds: 7,
      }),
    );
    expect(renamed).toMatchObject({ name: 'Right', connection: { timeoutSeconds: 7 } });
    expect((await waitForState(client, failed.id, 'connected')).name).toBe('Right');
    expect((await secretsOf(failed.id)).password).toBe(second.password);

    // Test connection: with the id and no password, the saved one; with neither, refused.
    expect(
      await client.invoke('instances.testConnection', { id: failed.id, ...connection, timeoutSeconds: 7 }),
    ).toMatchObject({ ok: true, value: { ok: true, username: second.username } });
    expect(await client.invoke('instances.testConnection', connection)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', field: 'password' },
    });
  });

  it('refuses bad additions and edits, and a refused addition writes nothing', async () => {
    const { client, dataDir, view } = await connectedCore('Remote');
    const local = valueOf(await client.invoke('instances.list', {})).find((item) => item.kind === 'local');
    if (!local) throw new Error('no local instance');
    const settingsBefore = readSettingsText(dataDir);
    const entriesBefore = await connectionEntries();
    expect(entriesBefore).toContain(connectionAccounts(view.id).password);

    const good = { name: 'Other', ...owner(), username: 'someone-else' };
    const refusals = [
      [{ ...good, name: ' remote ' }, 'CONFLICT', 'name'],
      [{ ...good, name: 'LOCAL' }, 'CONFLICT', 'name'],
      [{ ...good, username: ADMIN.username }, 'CONFLICT', 'url'],
      [{ ...good, username: ADMIN.username, url: `${owner().url.toUpperCase()}/` }, 'CONFLICT', 'url'],
      [{ ...good, url: 'ftp://x' }, 'INVALID_INPUT', 'url'],
      [{ ...good, url: 'http://user:pw@host' }, 'INVALID_INPUT', 'url'],
      [{ ...good, url: '' }, 'INVALID_INPUT', 'url'],
      [{ ...good, url: 'not an address' }, 'INVALID_INPUT', 'url'],
      [{ ...good, url: 'http://host/?a=1' }, 'INVALID_INPUT', 'url'],
      [{ ...good, timeoutSeconds: 0 }, 'INVALID_INPUT', 'timeoutSeconds'],
      [{ ...good, timeoutSeconds: 301 }, 'INVALID_INPUT', 'timeoutSeconds'],
      [{ ...good, timeoutSeconds: 1.5 }, 'INVALID_INPUT', 'timeoutSeconds'],
      [{ ...good, password: '' }, 'INVALID_INPUT', 'password'],
      [{ ...good, name: '   ' }, 'INVALID_INPUT', 'name'],
      [{ ...good, username: '' }, 'INVALID_INPUT', 'username'],
    ] as const;
    for (const [input, code, field] of refusals) {
      expect(await client.invoke('instances.addRemote', input), JSON.stringify(input)).toMatchObject({
        ok: false,
        error: { code, field },
      });
    }
    // Connection channels on a local instance, and on one that is not there.
    const connection = { url: good.url, username: good.username, timeoutSeconds: good.timeoutSeconds };
    for (const [channel, input] of [
      ['instances.connect', { id: local.id }],
      ['instances.disconnect', { id: local.id }],
      ['instances.editRemote', { id: local.id, name: 'Local', ...connection }],
    ] as const) {
      expect(await client.invoke(channel, input), channel).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT', field: 'id' },
      });
    }
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(await client.invoke('instances.connect', { id: missing })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    // An edit may not take another instance's name or account either.
    const other = valueOf(
      await client.invoke('instances.addRemote', { ...good, name: 'Second', username: 'second' }),
    );
    // No such account on the server: it ends in error, which is no concern of the settings file.
    expect(valueOf(await client.invoke('instances.connect', { id: other.id })).state).toBe('error');
    const settingsWithSecond = readSettingsText(dataDir);
    expect(
      await client.invoke('instances.editRemote', { id: other.id, ...connection, name: 'remote' }),
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT', field: 'name' } });
    expect(
      await client.invoke('instances.editRemote', {
        id: other.id,
        ...connection,
        username: ADMIN.username,
        name: 'Second',
      }),
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT', field: 'url' } });
    expect(readSettingsText(dataDir)).toBe(settingsWithSecond);
    valueOf(await client.invoke('instances.remove', { id: other.id }));

    // Nothing of the refused additions reached the settings file or the keychain.
    expect(readSettingsText(dataDir)).toBe(settingsBefore);
    expect(await connectionEntries()).toEqual(entriesBefore);
    expect(valueOf(await client.invoke('instances.list', {})).map((item) => item.name)).toEqual([
      'Local',
      'Remote',
    ]);
  });

  it('tests a connection: who signed in and which server; nothing is saved; a non-admin is refused', async () => {
    const dataDir = tempDir();
    const { client } = openCore(dataDir);
    const settingsBefore = readSettingsText(dataDir);
    const sessionsBefore = sessionsOf(ADMIN.username);

    const tested = valueOf(await client.invoke('instances.testConnection', owner()));
    expect(tested).toEqual({
      ok: true,
      username: ADMIN.username,
      server: { name: 'Roster instance server', version: expect.stringMatching(/^\d+\.\d+\.\d+/) as unknown },
    });
    expect(readSettingsText(dataDir)).toBe(settingsBefore);
    // The test's own sign-in was ended again.
    expect(sessionsOf(ADMIN.username)).toBe(sessionsBefore);

    const plain = await createServerUser(served().api, served().adminToken, { prefix: 'plain' });
    const refused = valueOf(
      await client.invoke('instances.testConnection', {
        ...owner(),
        username: plain.username,
        password: plain.password,
      }),
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', kind: 'not-admin' } });
    if (!refused.ok) expect(refused.error.message).toContain(plain.username);

    const wrong = valueOf(
      await client.invoke('instances.testConnection', { ...owner(), password: 'not-the-password' }),
    );
    expect(wrong).toMatchObject({ ok: false, error: { kind: 'credentials' } });
    // Signs in right again, which clears the owner's failed-login count.
    expect(valueOf(await client.invoke('instances.testConnection', owner()))).toMatchObject({ ok: true });
  });

  it('shows a non-administrator account as an error on the node', async () => {
    const plain = await createServerUser(served().api, served().adminToken, { prefix: 'plain' });
    const { client } = openCore(tempDir());
    const view = await addAndConnect(client, {
      name: 'Plain',
      ...owner(),
      username: plain.username,
      password: plain.password,
    });
    expect(view.state).toBe('error');
    expect(view.stateDetail).toMatch(/its role on this server is User, which cannot see the server's users/);
    expect(
      await client.invoke('directory.users.search', { instanceId: view.id, page: { query: '' } }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', kind: 'not-admin' } });
  });
});
