import { describe, expect, it } from 'vitest';
import { tokenAccount } from '../../../electron/secrets/keychain';
import { tokenIndexAccount } from '../../../electron/services/connections/keptTokens';
import { useRosterCores, valueOf } from '../../unit/support/rosterCore';
import { useTempDirs } from '../../unit/support/tempDir';
import { newUserFields, useServedInstance } from '../server/support/servedInstance';
import { connectAsOwner, inspector, SKIP_REASON, underKeyring } from './support/remoteSupport';

/**
 * Token pairs of a remote instance's users: the server keeps only hashes and
 * shows a pair once, so Roster keeps the plain pair in this computer's
 * keychain, as for a local instance, and removes it with the user, the token
 * or the instance.
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
        user: { ...newUserFields('tok'), enabled: true },
      }),
    );
  return { client, instanceId, newUser };
}

const kept = (instanceId: string, userId: number) => inspector.get(tokenAccount(instanceId, userId));

describe.skipIf(!underKeyring)(`remote token pairs${underKeyring ? '' : ` (${SKIP_REASON})`}`, () => {
  it('says the keychain is available, keeps a generated pair there and shows it again', async () => {
    const { client, instanceId, newUser } = await connected();
    expect(valueOf(await client.invoke('directory.status', { instanceId }))).toMatchObject({
      keychain: { available: true },
      // Through the connection's wrappers, from the server's health: it has no mail server.
      invitationMail: false,
    });
    const user = await newUser();
    expect(valueOf(await client.invoke('directory.tokens.read', { instanceId, userId: user.id }))).toBeNull();

    const pair = valueOf(await client.invoke('directory.tokens.generate', { instanceId, userId: user.id }));
    expect(JSON.parse((await kept(instanceId, user.id)) ?? 'null')).toEqual(pair);
    expect(valueOf(await client.invoke('directory.tokens.read', { instanceId, userId: user.id }))).toEqual(
      pair,
    );

    // The pair works against the server: it is the user's real token.
    const me = await served().api.call<{ username: string }>('GET', '/api/auth/me', {
      token: pair.accessToken,
    });
    expect(me.body.username).toBe(user.username);
  });

  it('does not show a kept pair that another client has since replaced on the server', async () => {
    const { client, instanceId, newUser } = await connected();
    const user = await newUser();
    valueOf(await client.invoke('directory.tokens.generate', { instanceId, userId: user.id }));
    const elsewhere = await served().api.call('POST', `/api/users/${user.id}/tokens`, {
      token: served().adminToken,
    });
    expect(elsewhere.status).toBe(201);
    expect(valueOf(await client.invoke('directory.tokens.read', { instanceId, userId: user.id }))).toBeNull();
  });

  it('forgets the pair when the token is revoked, the user disabled or deleted', async () => {
    const { client, instanceId, newUser } = await connected();
    const [revoked, disabled, deleted] = [await newUser(), await newUser(), await newUser()];
    for (const user of [revoked, disabled, deleted])
      valueOf(await client.invoke('directory.tokens.generate', { instanceId, userId: user.id }));

    valueOf(await client.invoke('directory.tokens.revoke', { instanceId, userId: revoked.id }));
    valueOf(
      await client.invoke('directory.users.setEnabled', { instanceId, userId: disabled.id, enabled: false }),
    );
    valueOf(await client.invoke('directory.users.delete', { instanceId, userIds: [deleted.id] }));

    for (const user of [revoked, disabled, deleted]) expect(await kept(instanceId, user.id)).toBeUndefined();
    expect(JSON.parse((await inspector.get(tokenIndexAccount(instanceId))) ?? '[]')).toEqual([]);
  });

  it('removes every kept pair, and their index, with the instance', async () => {
    const { client, instanceId, newUser } = await connected();
    const users = [await newUser(), await newUser()];
    for (const user of users)
      valueOf(await client.invoke('directory.tokens.generate', { instanceId, userId: user.id }));
    expect(await inspector.get(tokenIndexAccount(instanceId))).toBeDefined();

    valueOf(await client.invoke('instances.remove', { id: instanceId }));
    for (const user of users) expect(await kept(instanceId, user.id)).toBeUndefined();
    expect(await inspector.get(tokenIndexAccount(instanceId))).toBeUndefined();
  });
});
