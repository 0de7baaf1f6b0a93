import { describe, expect, it } from 'vitest';
import { newUser } from './support/instanceDb';
import { openTestStorage } from './support/storage';
import { useTempDirs } from './support/tempDirs';

/**
 * What a signed-in user does to their own user, straight on the directory of this run's storage
 * (the instance server's /api/me calls these): read it, change their display name and email with
 * a version condition, audited in their name; and a group read by its id.
 */

const { tempDir, onCleanup } = useTempDirs();

async function instance() {
  const storage = await openTestStorage(tempDir(), { actor: 'the-admin' });
  onCleanup(() => storage.close());
  await storage.directory.createUser(newUser('owner'));
  const me = await storage.directory.createUser(newUser('myself'));
  const own = await storage.reopen({ actor: 'myself', callerRole: () => 'user', callerUserId: () => me.id });
  return { storage, me, own };
}

describe('the own profile', () => {
  it('is the caller’s own user; a caller who is no user of the instance has none', async () => {
    const { storage, me, own } = await instance();
    expect(await own.getOwnProfile()).toEqual(me);
    await expect(Promise.resolve().then(() => storage.directory.getOwnProfile())).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('changes the display name and email, audited as the caller, and nothing else', async () => {
    const { storage, me, own } = await instance();
    const changed = await own.updateOwnProfile(
      { displayName: 'My Own Name', email: 'mine@example.com' },
      { ifVersion: me.version },
    );
    expect(changed).toMatchObject({
      id: me.id,
      username: 'myself',
      displayName: 'My Own Name',
      email: 'mine@example.com',
      role: 'user',
      enabled: true,
    });
    expect(changed.version).toBeGreaterThan(me.version);
    expect(await storage.directory.getUser(me.id)).toEqual(changed);
    const entries = await storage.query<{
      actor: string;
      actor_id: number;
      target_id: number;
      after: string;
    }>("SELECT actor, actor_id, target_id, after FROM audit_log WHERE action = 'user.updateOwn'");
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: 'myself', actor_id: me.id, target_id: me.id });
    expect(JSON.parse(entries[0]?.after ?? '{}')).toEqual({
      displayName: 'My Own Name',
      email: 'mine@example.com',
    });
  });

  it('refuses a stale version, writing nothing', async () => {
    const { storage, me, own } = await instance();
    await storage.directory.updateUser(me.id, { displayName: 'Renamed By Admin' });
    const observer = await storage.look();
    const before = await observer.state();
    await expect(
      Promise.resolve().then(() =>
        own.updateOwnProfile({ displayName: 'Too Late' }, { ifVersion: me.version }),
      ),
    ).rejects.toMatchObject({ code: 'STALE' });
    expect(await observer.state()).toEqual(before);
    expect((await own.getOwnProfile()).displayName).toBe('Renamed By Admin');
  });

  it('saved unchanged writes no audit entry', async () => {
    const { storage, me, own } = await instance();
    await own.updateOwnProfile({ displayName: me.displayName });
    expect(await storage.query("SELECT id FROM audit_log WHERE action = 'user.updateOwn'")).toEqual([]);
  });
});

describe('a group by its id', () => {
  it('is its summary with its member count; an unknown id is NOT_FOUND on groupId', async () => {
    const { storage, me } = await instance();
    const group = await storage.directory.createGroup('Readers', undefined, 'Read things');
    const joined = await storage.directory.addMembers(group.id, [me.id]);
    expect(await storage.directory.getGroup(group.id)).toEqual(joined);
    expect(joined).toMatchObject({ name: 'Readers', description: 'Read things', memberCount: 1 });
    await expect(Promise.resolve().then(() => storage.directory.getGroup(987_654))).rejects.toMatchObject({
      code: 'NOT_FOUND',
      field: 'groupId',
    });
  });
});
