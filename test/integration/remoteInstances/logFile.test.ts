import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { logLocationOf, openFileLog } from '../../../electron/common/fileLog';
import { useRosterCores, valueOf } from '../../unit/support/rosterCore';
import { useTempDirs } from '../../unit/support/tempDir';
import { ADMIN } from '../server/support/instanceFile';
import { newUserFields, useServedInstance } from '../server/support/servedInstance';
import {
  addAndConnect,
  connectAsOwner,
  ownerOf,
  savedSession,
  SKIP_REASON,
  underKeyring,
  waitForState,
} from './support/remoteSupport';

/**
 * The log file a user can find, written as the hosts write it, while Roster signs in to a real
 * instance server on 127.0.0.1 with a password and uses sessions, token pairs and API keys: it
 * holds each remote call's request id and each connection state change, and none of the secrets.
 */

const served = useServedInstance();
const tempDir = useTempDirs();
const openCore = useRosterCores();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Nothing listens there. */
const CLOSED_PORT_URL = 'http://127.0.0.1:9';

type Line = Record<string, unknown>;

describe.skipIf(!underKeyring)(`the log file${underKeyring ? '' : ` (${SKIP_REASON})`}`, () => {
  it('names request ids and state changes, and never a password, token, key or session', async () => {
    const dataDir = tempDir();
    const log = openFileLog(logLocationOf(dataDir), { scope: 'test' });
    const { core, client } = openCore(dataDir, log.logger);
    const secrets: string[] = [ADMIN.password];

    const remote = await connectAsOwner(client, served().server.url);
    const instanceId = remote.id;
    const session = await savedSession(instanceId);
    secrets.push(session.accessToken, session.refreshToken);

    // "Test connection" signs in afresh with a typed password, right and wrong.
    const test = valueOf(await client.invoke('instances.testConnection', ownerOf(served().server.url)));
    expect(test.ok).toBe(true);
    const wrong = 'not-the-owner-pw';
    secrets.push(wrong);
    const refused = valueOf(
      await client.invoke('instances.testConnection', { ...ownerOf(served().server.url), password: wrong }),
    );
    expect(refused.ok).toBe(false);

    const fields = newUserFields('logged');
    secrets.push(fields.password);
    const user = valueOf(
      await client.invoke('directory.users.create', { instanceId, user: { ...fields, enabled: true } }),
    );
    const pair = valueOf(await client.invoke('directory.tokens.generate', { instanceId, userId: user.id }));
    secrets.push(pair.accessToken, pair.refreshToken);
    const key = valueOf(
      await client.invoke('directory.keys.create', {
        instanceId,
        userId: user.id,
        key: { name: 'ci', scope: 'read', expiresInDays: 7 },
      }),
    );
    secrets.push(key.value);

    // An export streams the server's answer: it is logged, with its id, as the other calls are.
    const prepared = valueOf(
      await client.invoke('directory.export.prepare', {
        instanceId,
        request: { filters: { query: user.username }, columns: ['username'] },
      }),
    );
    const download = core.downloads.claim(prepared.url.slice('/downloads/'.length));
    let exported = '';
    for await (const chunk of download?.chunks ?? [])
      exported += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    expect(exported).toContain(user.username);

    // Signing out sends the refresh token; connecting again signs in with the saved password.
    valueOf(await client.invoke('instances.disconnect', { id: instanceId }));
    valueOf(await client.invoke('instances.connect', { id: instanceId }));
    await waitForState(client, instanceId, 'connected');
    const next = await savedSession(instanceId);
    secrets.push(next.accessToken, next.refreshToken);

    // A server that is not there: the node goes to error, which the log says with the reason.
    const dead = await addAndConnect(client, { ...ownerOf(CLOSED_PORT_URL), name: 'Dead' });
    expect(dead.state).toBe('error');

    await log.close();
    const text = readFileSync(log.file, 'utf8');
    for (const secret of secrets) expect(text, 'a secret reached the log').not.toContain(secret);
    expect(text).not.toMatch(/Bearer|Basic /);
    const lines = text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Line);

    const calls = lines.filter((line) => line.msg === 'remote call');
    expect(calls.length).toBeGreaterThan(5);
    for (const call of calls) {
      expect(call).toMatchObject({
        method: expect.any(String) as string,
        status: expect.any(Number) as number,
        ms: expect.any(Number) as number,
      });
      expect(call.requestId).toMatch(UUID);
      expect(call.path).toMatch(/^\/(api|oauth)\/[^?]*$/);
    }
    expect(calls).toContainEqual(
      expect.objectContaining({ method: 'POST', path: '/api/users', status: 201 }),
    );
    expect(calls).toContainEqual(expect.objectContaining({ method: 'POST', path: '/api/auth/logout' }));
    expect(calls).toContainEqual(
      expect.objectContaining({ method: 'GET', path: '/api/users/export', status: 200 }),
    );
    // The server logged each of them under the same id.
    const serverLog = served().server.log();
    for (const call of calls) expect(serverLog).toContain(`"requestId":"${String(call.requestId)}"`);
    // The unreachable server's calls are logged as failures, with their ids too.
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'remote call failed',
        failure: 'unreachable',
        requestId: expect.stringMatching(UUID) as string,
      }),
    );

    const changes = lines
      .filter((line) => typeof line.msg === 'string' && line.msg.startsWith('connection state changed'))
      .map((line) => ({ instanceId: line.instanceId, from: line.from, to: line.to, kind: line.kind }));
    expect(changes.filter((change) => change.instanceId === instanceId)).toEqual([
      { instanceId, from: 'offline', to: 'connecting', kind: undefined },
      { instanceId, from: 'connecting', to: 'connected', kind: undefined },
      { instanceId, from: 'connected', to: 'offline', kind: undefined },
      { instanceId, from: 'offline', to: 'connecting', kind: undefined },
      { instanceId, from: 'connecting', to: 'connected', kind: undefined },
    ]);
    expect(changes.filter((change) => change.instanceId === dead.id)).toEqual([
      { instanceId: dead.id, from: 'offline', to: 'connecting', kind: undefined },
      { instanceId: dead.id, from: 'connecting', to: 'error', kind: 'unreachable' },
    ]);
    expect(lines.find((line) => line.to === 'error')).toMatchObject({
      level: 'warn',
      instance: 'Dead',
      msg: expect.stringContaining('unreachable') as string,
    });
  });
});
