import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSettings } from '../../electron/settings/openSettings';
import { events } from '../../shared/contract/events';
import { contract } from '../../shared/contract';
import type { Result } from '../../shared/contract/errors';
import type { InstanceView, StoredInstance } from '../../shared/domain/instance';
import {
  confBackend,
  readSettingsText,
  recordEvents,
  settingsFileOf,
  useRosterCores,
  valueOf,
} from './support/rosterCore';
import { useTempDirs } from './support/tempDir';

const tempDir = useTempDirs();
const openCore = useRosterCores();

const LOCAL: StoredInstance = {
  id: '11111111-1111-4111-8111-111111111111',
  name: 'Local',
  kind: 'local',
  file: 'instances/local.sqlite',
};
const ARCHIVE: StoredInstance = {
  id: '22222222-2222-4222-8222-222222222222',
  name: 'Archive',
  kind: 'local',
  file: 'instances/archive.sqlite',
};
const MISSING_ID = '33333333-3333-4333-8333-333333333333';

/** A data folder whose settings already list `instances`, as an earlier run would have left it. */
function folderWith(instances: StoredInstance[]): string {
  const dir = tempDir();
  openSettings(dir, confBackend).store.set('instances', instances);
  return dir;
}

const isInside = (dir: string, file: string) => {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
};

function refusal(result: Result<unknown>) {
  if (result.ok) throw new Error(`Expected a refusal, got ${JSON.stringify(result.value)}`);
  return result.error;
}

async function list(dir: string): Promise<InstanceView[]> {
  return valueOf(await openCore(dir).client.invoke('instances.list', {}));
}

describe('instances on first start', () => {
  it('creates exactly one local instance named Local, stored inside the data folder', async () => {
    const dir = tempDir();
    const instances = valueOf(await openCore(dir).client.invoke('instances.list', {}));
    expect(instances).toHaveLength(1);
    const [local] = instances;
    expect(local?.name).toBe('Local');
    expect(local?.kind).toBe('local');
    expect(isInside(dir, local?.location ?? '')).toBe(true);
    expect(contract['instances.list'].output.safeParse(instances).success).toBe(true);
  });

  it('saves it, so a second start over the same folder finds the same one and adds none', async () => {
    const dir = tempDir();
    const first = await list(dir);
    const second = await list(dir);
    expect(second).toEqual(first);
    expect(second).toHaveLength(1);
  });

  it('gives each new data folder its own id', async () => {
    const [a] = await list(tempDir());
    const [b] = await list(tempDir());
    expect(a?.id).not.toBe(b?.id);
  });

  it('keeps locations relative to the data folder, so the folder can be moved', async () => {
    const dir = tempDir();
    const [before] = await list(dir);
    const moved = tempDir();
    copyFileSync(settingsFileOf(dir), settingsFileOf(moved));
    const [after] = await list(moved);
    expect(after?.id).toBe(before?.id);
    expect(isInside(moved, after?.location ?? '')).toBe(true);
  });

  it('does not add Local to a list saved earlier', async () => {
    const instances = await list(folderWith([ARCHIVE]));
    expect(instances.map((instance) => instance.name)).toEqual(['Archive']);
  });
});

describe('instances.rename', () => {
  it('renames, persists for the next start and tells every window', async () => {
    const dir = tempDir();
    const { core, client } = openCore(dir);
    const [local] = valueOf(await client.invoke('instances.list', {}));
    const seen = recordEvents(core);

    const renamed = valueOf(
      await client.invoke('instances.rename', { id: local?.id ?? '', name: 'Payroll' }),
    );
    expect(renamed).toMatchObject({
      id: local?.id,
      name: 'Payroll',
      kind: 'local',
      location: local?.location,
    });

    expect((await list(dir)).map((instance) => instance.name)).toEqual(['Payroll']);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.event).toBe('instances.changed');
    const payload = events['instances.changed'].parse(seen[0]?.payload);
    expect(payload).toEqual([renamed]);
  });

  it('stores the name trimmed', async () => {
    const dir = folderWith([LOCAL]);
    const { client } = openCore(dir);
    const renamed = valueOf(await client.invoke('instances.rename', { id: LOCAL.id, name: '  Payroll\t' }));
    expect(renamed.name).toBe('Payroll');
    expect((await list(dir))[0]?.name).toBe('Payroll');
  });

  it('accepts a name of exactly 64 characters', async () => {
    const dir = folderWith([LOCAL]);
    const name = 'n'.repeat(64);
    valueOf(await openCore(dir).client.invoke('instances.rename', { id: LOCAL.id, name }));
    expect((await list(dir))[0]?.name).toBe(name);
  });

  it.each([
    ['an empty name', ''],
    ['a blank name', '   \t '],
    ['a 65-character name', 'n'.repeat(65)],
    ['a 65-character name with spaces around', `  ${'n'.repeat(65)}  `],
    ['a 5,000-character name', 'n'.repeat(5000)],
  ])('refuses %s as INVALID_INPUT on "name" and writes nothing', async (_label, name) => {
    const dir = folderWith([LOCAL]);
    const { core, client } = openCore(dir);
    const before = readSettingsText(dir);
    const seen = recordEvents(core);
    const error = refusal(await client.invoke('instances.rename', { id: LOCAL.id, name }));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.field).toBe('name');
    expect(readSettingsText(dir)).toBe(before);
    expect(seen).toEqual([]);
  });

  it.each(['Local', 'LOCAL', 'local', '  lOcAl  '])(
    'refuses %j, the name of another instance in any case, as CONFLICT on "name"',
    async (name) => {
      const dir = folderWith([LOCAL, ARCHIVE]);
      const { core, client } = openCore(dir);
      const before = readSettingsText(dir);
      const seen = recordEvents(core);
      const error = refusal(await client.invoke('instances.rename', { id: ARCHIVE.id, name }));
      expect(error.code).toBe('CONFLICT');
      expect(error.field).toBe('name');
      expect(error.message).toContain('Local');
      expect(readSettingsText(dir)).toBe(before);
      expect(seen).toEqual([]);
      expect((await list(dir)).map((instance) => instance.name)).toEqual(['Local', 'Archive']);
    },
  );

  it('lets an instance change the case of its own name', async () => {
    const dir = folderWith([LOCAL, ARCHIVE]);
    valueOf(await openCore(dir).client.invoke('instances.rename', { id: ARCHIVE.id, name: 'ARCHIVE' }));
    expect((await list(dir)).map((instance) => instance.name)).toEqual(['Local', 'ARCHIVE']);
  });

  it('refuses an id that is not in the navigator as NOT_FOUND and writes nothing', async () => {
    const dir = folderWith([LOCAL]);
    const { core, client } = openCore(dir);
    const before = readSettingsText(dir);
    const seen = recordEvents(core);
    const error = refusal(await client.invoke('instances.rename', { id: MISSING_ID, name: 'Other' }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.field).toBe('id');
    expect(readSettingsText(dir)).toBe(before);
    expect(seen).toEqual([]);
  });
});

describe('instances.remove', () => {
  it('removes the instance, persists, tells every window and keeps the local file on disk', async () => {
    const dir = folderWith([LOCAL, ARCHIVE]);
    const { core, client } = openCore(dir);
    const [, archive] = valueOf(await client.invoke('instances.list', {}));
    const archiveFile = archive?.location ?? '';
    mkdirSync(path.dirname(archiveFile), { recursive: true });
    writeFileSync(archiveFile, 'database bytes');
    const seen = recordEvents(core);

    expect(await client.invoke('instances.remove', { id: ARCHIVE.id })).toEqual({ ok: true, value: null });

    const remaining = await list(dir);
    expect(remaining.map((instance) => instance.id)).toEqual([LOCAL.id]);
    expect(seen.map((event) => event.event)).toEqual(['instances.changed']);
    expect(events['instances.changed'].parse(seen[0]?.payload)).toEqual(remaining);
    expect(existsSync(archiveFile)).toBe(true);
  });

  it('refuses an unknown id as NOT_FOUND and writes nothing', async () => {
    const dir = folderWith([LOCAL]);
    const { core, client } = openCore(dir);
    const before = readSettingsText(dir);
    const seen = recordEvents(core);
    const error = refusal(await client.invoke('instances.remove', { id: MISSING_ID }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.field).toBe('id');
    expect(readSettingsText(dir)).toBe(before);
    expect(seen).toEqual([]);
  });

  it('refuses the same id twice', async () => {
    const dir = folderWith([LOCAL, ARCHIVE]);
    const { client } = openCore(dir);
    valueOf(await client.invoke('instances.remove', { id: ARCHIVE.id }));
    expect(refusal(await client.invoke('instances.remove', { id: ARCHIVE.id })).code).toBe('NOT_FOUND');
  });

  it('leaves an empty navigator empty on the next start once the last instance is removed', async () => {
    const dir = tempDir();
    const { client } = openCore(dir);
    const [local] = valueOf(await client.invoke('instances.list', {}));
    valueOf(await client.invoke('instances.remove', { id: local?.id ?? '' }));
    expect(await list(dir)).toEqual([]);
  });
});
