import { describe, expect, it } from 'vitest';
import { apiKeyAccount } from '../../../electron/secrets/keychain';
import { apiKeyIndexAccount } from '../../../electron/services/connections/keptTokens';
import { useRosterCores, valueOf } from '../../unit/support/rosterCore';
import { useTempDirs } from '../../unit/support/tempDir';
import { newUserFields, useServedInstance } from '../server/support/servedInstance';
import { connectAsOwner, inspector, SKIP_REASON, underKeyring } from './support/remoteSupport';

/**
 * Named API keys of a remote instance's users: the server keeps only hashes and answers a key's
 * value once, so Roster keeps it in this computer's keychain, indexed per instance, and forgets it
 * with the key, the user or the instance.
 */

const served = useServedInstance();
const tempDir = useTempDirs();
const openCore = useRosterCores();

async function connected() {
  const { client } = openCore(tempDir());
  const instanceId = (await connectAsOwner(client, served().server.url)).id;
  const newUser = async () =>
    valueOf(
      await client.invoke('directory.users.create', {
        instanceId,
        user: { ...newUserFields('key'), enabled: true },
      }),
    );
  const createKey = async (userId: number, name = 'deploy') =>
    valueOf(
      await client.invoke('directory.keys.create', {
        instanceId,
        userId,
        key: { name, scope: 'read', expiresInDays: 7 },
      }),
    );
  return { client, instanceId, newUser, createKey };
}

const index = async (instanceId: string) =>
  JSON.parse((await inspector.get(apiKeyIndexAccount(instanceId))) ?? '[]') as unknown[];

describe.skipIf(!underKeyring)(`remote API keys${underKeyring ? '' : ` (${SKIP_REASON})`}`, () => {
  it('keeps a new key in the keychain, shows it again, and the key works against the server', async () => {
    const { client, instanceId, newUser, createKey } = await connected();
    const user = await newUser();
    const created = await createKey(user.id);
    expect(await inspector.get(apiKeyAccount(instanceId, user.id, created.key.id))).toBe(created.value);
    expect(await index(instanceId)).toEqual([{ userId: user.id, keyId: created.key.id }]);
    expect(
      valueOf(
        await client.invoke('directory.keys.read', { instanceId, userId: user.id, keyId: created.key.id }),
      ),
    ).toBe(created.value);
    expect(valueOf(await client.invoke('directory.keys.list', { instanceId, userId: user.id }))).toEqual([
      created.key,
    ]);

    const me = await served().api.call<{ username: string }>('GET', '/api/auth/me', { token: created.value });
    expect(me.body.username).toBe(user.username);

    valueOf(
      await client.invoke('directory.keys.revoke', { instanceId, userId: user.id, keyId: created.key.id }),
    );
    expect((await served().api.call('GET', '/api/auth/me', { token: created.value })).status).toBe(401);
    expect(await inspector.get(apiKeyAccount(instanceId, user.id, created.key.id))).toBeUndefined();
    expect(await index(instanceId)).toEqual([]);
  });

  it('shows nothing for a key made from another computer, and NOT_FOUND for one revoked there', async () => {
    const { client, instanceId, newUser } = await connected();
    const user = await newUser();
    const elsewhere = await served().api.call<{ key: { id: number } }>('POST', `/api/users/${user.id}/keys`, {
      token: served().adminToken,
      body: { name: 'elsewhere', scope: 'read', expiresInDays: 1 },
    });
    expect(elsewhere.status).toBe(201);
    const keyId = elsewhere.body.key.id;
    expect(
      valueOf(await client.invoke('directory.keys.read', { instanceId, userId: user.id, keyId })),
    ).toBeNull();
    await served().api.call('DELETE', `/api/users/${user.id}/keys/${keyId}`, { token: served().adminToken });
    const read = await client.invoke('directory.keys.read', { instanceId, userId: user.id, keyId });
    expect(read).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('forgets the keys of a deleted user, and every key with the instance', async () => {
    const { client, instanceId, newUser, createKey } = await connected();
    const [deleted, kept] = [await newUser(), await newUser()];
    const gone = await createKey(deleted.id);
    const stays = await createKey(kept.id);
    valueOf(await client.invoke('directory.users.delete', { instanceId, userIds: [deleted.id] }));
    expect(await inspector.get(apiKeyAccount(instanceId, deleted.id, gone.key.id))).toBeUndefined();
    expect(await index(instanceId)).toEqual([{ userId: kept.id, keyId: stays.key.id }]);

    valueOf(await client.invoke('instances.remove', { id: instanceId }));
    expect(await inspector.get(apiKeyAccount(instanceId, kept.id, stays.key.id))).toBeUndefined();
    expect(await inspector.get(apiKeyIndexAccount(instanceId))).toBeUndefined();
  });
});
