import Database from 'better-sqlite3';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSettingsText, useRosterCores, valueOf } from '../unit/support/rosterCore';
import { useTempDirs } from '../unit/support/tempDir';

const tempDir = useTempDirs();
const openCore = useRosterCores();

describe('instances.addLocal', () => {
  it('creates a new instance file in the data folder and keeps it in the navigator', async () => {
    const dataDir = tempDir();
    const { client } = openCore(dataDir);
    const added = valueOf(await client.invoke('instances.addLocal', { name: '  Staging  ', mode: 'create' }));
    expect(added).toMatchObject({ name: 'Staging', kind: 'local', state: 'connected' });
    expect(added.location).toBe(path.join(dataDir, 'instances', 'staging.sqlite'));
    expect(readFileSync(added.location).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');

    // A second one of the same slug gets its own file; both survive a restart.
    const second = valueOf(await client.invoke('instances.addLocal', { name: 'staging!', mode: 'create' }));
    expect(second.location).toBe(path.join(dataDir, 'instances', 'staging-2.sqlite'));
    const names = valueOf(await openCore(dataDir).client.invoke('instances.list', {})).map((i) => i.name);
    expect(names).toEqual(['Local', 'Staging', 'staging!']);

    // The new instance is usable at once.
    const user = valueOf(
      await client.invoke('directory.users.create', {
        instanceId: added.id,
        user: { username: 'ada', password: 'secret1', displayName: 'Ada Lovelace', email: 'ada@example.com' },
      }),
    );
    expect(user.username).toBe('ada');
  });

  it('opens an existing instance file, by path', async () => {
    const source = tempDir();
    const { client: first } = openCore(source);
    const created = valueOf(await first.invoke('instances.addLocal', { name: 'Team', mode: 'create' }));

    const dataDir = tempDir();
    const { client } = openCore(dataDir);
    const opened = valueOf(
      await client.invoke('instances.addLocal', { name: 'Team copy', mode: 'open', file: created.location }),
    );
    expect(opened.location).toBe(created.location);
    const again = await client.invoke('instances.addLocal', {
      name: 'Twice',
      mode: 'open',
      file: created.location,
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT', field: 'file' } });
  });

  it('refuses, naming the field and writing nothing, what it cannot add', async () => {
    const dataDir = tempDir();
    const { client } = openCore(dataDir);
    const notes = path.join(dataDir, 'notes.txt');
    writeFileSync(notes, 'not a database\n');
    const foreign = path.join(dataDir, 'foreign.sqlite');
    const other = new Database(foreign);
    other.exec('CREATE TABLE t (x)');
    other.close();
    const foreignBytes = readFileSync(foreign);
    const before = readSettingsText(dataDir);

    const refusals = [
      [{ name: 'local', mode: 'create' }, 'CONFLICT', 'name'],
      [{ name: 'Missing', mode: 'open', file: path.join(dataDir, 'nope.sqlite') }, 'NOT_FOUND', 'file'],
      [{ name: 'Notes', mode: 'open', file: notes }, 'BAD_FILE', 'file'],
      [{ name: 'Foreign', mode: 'open', file: foreign }, 'BAD_FILE', 'file'],
      [{ name: 'Exists', mode: 'create', file: foreign }, 'CONFLICT', 'file'],
      [{ name: 'No path', mode: 'open' }, 'INVALID_INPUT', 'file'],
    ] as const;
    for (const [input, code, field] of refusals) {
      expect(await client.invoke('instances.addLocal', input), JSON.stringify(input)).toMatchObject({
        ok: false,
        error: { code, field },
      });
    }
    expect(readSettingsText(dataDir)).toBe(before);
    expect(readFileSync(notes, 'utf8')).toBe('not a database\n');
    expect(readFileSync(foreign).equals(foreignBytes)).toBe(true);
    expect(existsSync(`${foreign}-wal`) || existsSync(path.join(dataDir, 'nope.sqlite'))).toBe(false);
  });
});
