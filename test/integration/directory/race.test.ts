import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RosterError } from '../../../shared/contract/errors';
import { newUser, observeWrites, openDirectory } from './support/instanceDb';
import { useTempDirs } from './support/tempDirs';

/**
 * Two windows (or the app and the instance server) may hold two connections to
 * one file. Hashing a password is asynchronous, so two creations of the same
 * name both pass the "is it taken?" pre-check before either inserts: only the
 * UNIQUE index on username_key can then keep the name unique.
 */

const { tempDir, onCleanup } = useTempDirs();

function twoDirectories() {
  const file = path.join(tempDir(), 'instance.sqlite');
  const first = openDirectory(file, { mode: 'create', actor: 'first-window' });
  const second = openDirectory(file, { mode: 'open', actor: 'second-window' });
  const observer = observeWrites(file);
  onCleanup(() => {
    observer.close();
    first.directory.close();
    second.directory.close();
  });
  return { first, second, observer };
}

describe('the same username created at once over two connections', () => {
  it.each([
    ['the same case', 'racer', 'racer'],
    ['different cases', 'Racer', 'rACER'],
  ])('lets exactly one win, with %s; the other is CONFLICT on username', async (_label, name1, name2) => {
    const { first, second, observer } = twoDirectories();
    // Both promises start before either is awaited.
    const attempts = [
      first.directory.createUser(newUser(name1)),
      second.directory.createUser(newUser(name2)),
    ];
    const results = await Promise.allSettled(attempts);

    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.filter((result) => result.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const error: unknown = lost[0]?.reason;
    expect(error).toBeInstanceOf(RosterError);
    expect(error).toMatchObject({ code: 'CONFLICT', field: 'username' });

    const rows = observer.db
      .prepare('SELECT id, username FROM users WHERE username_key = ?')
      .all('racer') as { id: number; username: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id).toBe(won[0]?.value.id);
    expect(observer.state().counts).toEqual({ users: 1, groups: 0, memberships: 0, tokens: 0, audit_log: 1 });
  });

  it('keeps names unique over many rounds of concurrent creations from both sides', async () => {
    const { first, second, observer } = twoDirectories();
    for (let round = 0; round < 5; round++) {
      const name = `round${round}`;
      const results = await Promise.allSettled([
        first.directory.createUser(newUser(name)),
        second.directory.createUser(newUser(name.toUpperCase())),
        first.directory.createUser(newUser(name)),
      ]);
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      for (const result of results)
        if (result.status === 'rejected')
          expect(result.reason).toMatchObject({ code: 'CONFLICT', field: 'username' });
    }
    const keys = observer.db.prepare('SELECT username_key FROM users ORDER BY username_key').pluck().all();
    expect(keys).toEqual(['round0', 'round1', 'round2', 'round3', 'round4']);
    expect(observer.state().counts.audit_log).toBe(5);
  });
});
