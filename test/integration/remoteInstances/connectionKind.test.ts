import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/common/logger';
import {
  createRemoteConnections,
  type RemoteConnections,
} from '../../../electron/services/connections/remoteConnections';
import type { StoredRemoteInstance } from '../../../shared/domain/instance';
import { MemoryKeychain } from '../directory/support/memoryKeychain';
import { useServedInstance } from '../server/support/servedInstance';
import { createServerUser } from './support/remoteSupport';

/**
 * The kind of a connection's failure, which the navigator needs to know whether Retry can help:
 * the connections of the main side against a real server process, with an in-memory keychain (the
 * kind reaching the navigator's view through the RosterCore is in passwordChange.test.ts).
 */

const served = useServedInstance();
const TEMPORARY = 'temporary-pw-1';

/** A User manager of the served instance, and the connections of an app that signs in as them. */
async function connectedAccount() {
  const { api, adminToken, server } = served();
  const user = await createServerUser(api, adminToken, { prefix: 'kind', role: 'userManager' });
  const instance: StoredRemoteInstance = {
    id: randomUUID(),
    name: 'Kinds',
    kind: 'remote',
    url: server.url,
    username: user.username,
    timeoutSeconds: 5,
  };
  const connections = createRemoteConnections({
    keychain: new MemoryKeychain(),
    logger: silentLogger,
    findInstance: (id) => (id === instance.id ? instance : undefined),
  });
  await connections.savePassword(instance.id, user.password);
  expect(await connections.connect(instance.id)).toEqual({
    state: 'connected',
    detail: expect.stringContaining(`as ${user.username}`) as string,
  });
  return { user, instance, connections };
}

/** Saves another password for the instance, as Edit connection… does. */
const newPassword = (connections: RemoteConnections, id: string, password: string) =>
  connections.reconfigure(id, () => connections.savePassword(id, password));

const resetPassword = async (userId: number) =>
  expect(
    (
      await served().api.call('POST', `/api/users/${userId}/password-reset`, {
        token: served().adminToken,
        body: { password: TEMPORARY },
      })
    ).status,
  ).toBe(200);

describe('the kind of a connection failure', () => {
  it('is the RemoteError’s: credentials when a call is refused, password-change on connecting', async () => {
    const { user, instance, connections } = await connectedAccount();
    const directory = await connections.directory(instance.id);
    // The reset ends the session, and the saved password no longer signs in.
    await resetPassword(user.id);
    await expect(directory.searchUsers({ query: '', offset: 0, limit: 5 })).rejects.toMatchObject({
      kind: 'credentials',
    });
    expect(connections.status(instance.id)).toMatchObject({ state: 'error', kind: 'credentials' });

    await newPassword(connections, instance.id, TEMPORARY);
    expect(await connections.connect(instance.id)).toMatchObject({
      state: 'error',
      kind: 'password-change',
      detail: expect.stringContaining('choose a new password') as string,
    });
  });

  it('stays while the public health answers: asking whether the server mails turns no node green', async () => {
    const { user, instance, connections } = await connectedAccount();
    const directory = await connections.directory(instance.id);
    expect(await directory.mailsInvitations()).toBe(false);
    await resetPassword(user.id);
    await expect(directory.callerRole()).rejects.toMatchObject({ kind: 'credentials' });
    // A call begun before the failure may answer after it.
    expect(await directory.mailsInvitations()).toBe(false);
    expect(connections.status(instance.id)).toMatchObject({ state: 'error', kind: 'credentials' });
  });

  it('is not kept once the connection works again', async () => {
    const { user, instance, connections } = await connectedAccount();
    await resetPassword(user.id);
    await newPassword(connections, instance.id, TEMPORARY);
    expect(await connections.connect(instance.id)).toMatchObject({ kind: 'password-change' });
    await connections.changePassword(
      { url: instance.url, username: user.username, password: TEMPORARY, timeoutSeconds: 5 },
      'chosen-pw-3',
    );
    await newPassword(connections, instance.id, 'chosen-pw-3');
    const connected = await connections.connect(instance.id);
    expect(connected.state).toBe('connected');
    expect(connected).not.toHaveProperty('kind');
  });
});
