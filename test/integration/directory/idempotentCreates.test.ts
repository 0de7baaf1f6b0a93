import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newUser } from './support/instanceDb';
import { openTestStorage } from './support/storage';
import { useTempDirs } from './support/tempDirs';

/**
 * An Idempotency-Key on the directory's creates (users, groups, a user's token pair), on this run's
 * storage: the same key again answers the first result without creating again, even when both
 * calls arrive at once over two connections (two pools on PostgreSQL); the same key with another
 * request is CONFLICT on `idempotencyKey`; keys of different callers never meet.
 */

const { tempDir, onCleanup } = useTempDirs();

async function storage(actor = 'keyed-admin') {
  const opened = await openTestStorage(tempDir(), { actor });
  onCleanup(() => opened.close());
  // The first user is the administrator; the users under test come after it.
  await opened.directory.createUser(newUser('owner'));
  return opened;
}

const newKey = () => ({ idempotencyKey: `key-${randomUUID()}` });

describe('the same key again', () => {
  it('answers the first created user, group and token pair, creating each once', async () => {
    const { directory, counts } = await storage();
    const key = newKey();
    const user = await directory.createUser(newUser('keyed'), key);
    expect(await directory.createUser(newUser('keyed'), key)).toEqual(user);
    const groupKey = newKey();
    const group = await directory.createGroup('Keyed', groupKey);
    expect(await directory.createGroup('Keyed', groupKey)).toEqual(group);
    const pairKey = newKey();
    const pair = await directory.generateToken(user.id, pairKey);
    expect(await directory.generateToken(user.id, pairKey)).toEqual(pair);
    expect(await directory.readToken(user.id)).toEqual(pair);
    // The owner and one user, one group, one pair; the owner's creation and one entry per create.
    expect(await counts()).toEqual({ users: 2, groups: 1, memberships: 0, tokens: 1, audit_log: 4 });
  });

  it('with another request is CONFLICT on idempotencyKey, and writes nothing', async () => {
    const { directory, look } = await storage();
    const key = newKey();
    await directory.createUser(newUser('first'), key);
    const observer = await look();
    const before = await observer.state();
    await expect(directory.createUser(newUser('second'), key)).rejects.toMatchObject({
      code: 'CONFLICT',
      field: 'idempotencyKey',
    });
    // The SQLite directory refuses a group at once, not in a promise: either way the call fails.
    await expect(Promise.resolve().then(() => directory.createGroup('Other', key))).rejects.toMatchObject({
      code: 'CONFLICT',
      field: 'idempotencyKey',
    });
    expect(await observer.state()).toEqual(before);
  });

  it('from another caller is another request: the name is then taken', async () => {
    const { directory, reopen } = await storage();
    const key = newKey();
    await directory.createUser(newUser('scoped'), key);
    const other = await reopen({ actor: 'another-admin' });
    await expect(other.createUser(newUser('scoped'), key)).rejects.toMatchObject({
      code: 'CONFLICT',
      field: 'username',
    });
  });
});

describe('the same key sent at once over two connections', () => {
  it('creates once and answers both with the same user, group and pair', async () => {
    const { directory, reopen, counts } = await storage();
    const second = await reopen({ actor: 'keyed-admin' });
    for (let round = 0; round < 3; round++) {
      const key = newKey();
      const [a, b] = await Promise.all([
        directory.createUser(newUser(`both${round}`), key),
        second.createUser(newUser(`both${round}`), key),
      ]);
      expect(b).toEqual(a);
      const groupKey = newKey();
      const [g, h] = await Promise.all([
        directory.createGroup(`Both ${round}`, groupKey),
        second.createGroup(`Both ${round}`, groupKey),
      ]);
      expect(h).toEqual(g);
      const pairKey = newKey();
      const [p, q] = await Promise.all([
        directory.generateToken(a.id, pairKey),
        second.generateToken(a.id, pairKey),
      ]);
      expect(q).toEqual(p);
      expect(await directory.readToken(a.id)).toEqual(p);
    }
    expect(await counts()).toMatchObject({ users: 4, groups: 3, tokens: 3, audit_log: 10 });
  });
});
