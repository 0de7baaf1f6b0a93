import { describe, expect, it } from 'vitest';
import { RosterError } from '../../../shared/contract/errors';
import { newUser } from './support/instanceDb';
import { openTestStorage } from './support/storage';
import { useTempDirs } from './support/tempDirs';

/**
 * Two windows (or the app and the instance server, or two server processes) may
 * hold two connections to one instance: an SQLite file, or a PostgreSQL database
 * (two pools). Hashing a password is asynchronous, so two creations of the same
 * name both pass the "is it taken?" pre-check before either inserts: only the
 * UNIQUE index on username_key can then keep the name unique.
 */

const { tempDir, onCleanup } = useTempDirs();

async function twoDirectories() {
  const storage = await openTestStorage(tempDir(), { actor: 'first-window' });
  onCleanup(() => storage.close());
  const second = await storage.reopen({ actor: 'second-window' });
  return { first: storage.directory, second, observer: await storage.look() };
}

describe('the same username created at once over two connections', () => {
  it.each([
    ['the same case', 'racer', 'racer'],
    ['different cases', 'Racer', 'rACER'],
  ])('lets exactly one win, with %s; the other is CONFLICT on username', async (_label, name1, name2) => {
    const { first, second, observer } = await twoDirectories();
    // Both promises start before either is awaited.
    const attempts = [first.createUser(newUser(name1)), second.createUser(newUser(name2))];
    const results = await Promise.allSettled(attempts);

    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.filter((result) => result.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const error: unknown = lost[0]?.reason;
    expect(error).toBeInstanceOf(RosterError);
    expect(error).toMatchObject({ code: 'CONFLICT', field: 'username' });

    const rows = await observer.query<{ id: number; username: string }>(
      'SELECT id, username FROM users WHERE username_key = ?',
      ['racer'],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id).toBe(won[0]?.value.id);
    expect((await observer.state()).counts).toEqual({
      users: 1,
      groups: 0,
      memberships: 0,
      tokens: 0,
      audit_log: 1,
    });
  });

  it('keeps names unique over many rounds of concurrent creations from both sides', async () => {
    const { first, second, observer } = await twoDirectories();
    for (let round = 0; round < 5; round++) {
      const name = `round${round}`;
      const results = await Promise.allSettled([
        first.createUser(newUser(name)),
        second.createUser(newUser(name.toUpperCase())),
        first.createUser(newUser(name)),
      ]);
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      for (const result of results)
        if (result.status === 'rejected')
          expect(result.reason).toMatchObject({ code: 'CONFLICT', field: 'username' });
    }
    const keys = await observer.query<{ username_key: string }>(
      'SELECT username_key FROM users ORDER BY username_key',
    );
    expect(keys.map((row) => row.username_key)).toEqual(['round0', 'round1', 'round2', 'round3', 'round4']);
    expect((await observer.state()).counts.audit_log).toBe(5);
  });
});
