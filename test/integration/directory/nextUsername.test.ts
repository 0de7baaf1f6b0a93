import { describe, expect, it } from 'vitest';
import { newUser } from './support/instanceDb';
import { MemoryKeychain } from './support/memoryKeychain';
import { openTestCore, valueOf } from './support/rosterCore';
import { openTestStorage } from './support/storage';
import { useTempDirs } from './support/tempDirs';

/** The Add user form is pre-filled with the lowest free generic name, `userN`. */

const { tempDir, onCleanup } = useTempDirs();

async function fresh() {
  const storage = await openTestStorage(tempDir());
  onCleanup(() => storage.close());
  return storage.directory;
}

describe('nextUsername', () => {
  it('is user1 in an empty instance, through the dispatcher too', async () => {
    expect(await (await fresh()).nextUsername()).toBe('user1');
    const t = await openTestCore(tempDir(), { keychain: new MemoryKeychain(), onRunStorage: true });
    onCleanup(() => t.close());
    expect(valueOf(await t.call('directory.users.nextUsername', {}))).toEqual({ username: 'user1' });
  });

  it('skips names taken in any case: User1 and user2 make it user3', async () => {
    const directory = await fresh();
    await directory.createUser(newUser('User1'));
    await directory.createUser(newUser('user2'));
    expect(await directory.nextUsername()).toBe('user3');
  });

  it('fills the lowest gap', async () => {
    const directory = await fresh();
    for (const name of ['user1', 'USER3', 'user4']) await directory.createUser(newUser(name));
    expect(await directory.nextUsername()).toBe('user2');
  });

  it('offers a name again once its user is deleted', async () => {
    const directory = await fresh();
    // The first user is the administrator, who may not be deleted; its name is not generic.
    await directory.createUser(newUser('admin'));
    const first = await directory.createUser(newUser('user1'));
    await directory.createUser(newUser('user2'));
    await directory.deleteUsers([first.id]);
    expect(await directory.nextUsername()).toBe('user1');
  });

  it('ignores names that only look generic', async () => {
    const directory = await fresh();
    for (const name of ['user', 'user0', 'user01', 'userx', 'user1a', 'users', 'user-1', 'my.user1'])
      await directory.createUser(newUser(name));
    expect(await directory.nextUsername()).toBe('user1');
  });

  it('finds the one gap among many taken names (numeric, not text, order)', async () => {
    const directory = await fresh();
    for (let n = 1; n <= 12; n++) if (n !== 10) await directory.createUser(newUser(`user${n}`));
    expect(await directory.nextUsername()).toBe('user10');
    await directory.createUser(newUser('user10'));
    expect(await directory.nextUsername()).toBe('user13');
  });

  it('offers a name that createUser then accepts', async () => {
    const directory = await fresh();
    await directory.createUser(newUser('user1'));
    const name = await directory.nextUsername();
    expect((await directory.createUser(newUser(name))).username).toBe('user2');
  });
});
