import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandIds } from '../../shared/commands/commands';
import { events } from '../../shared/contract/events';
import {
  DEFAULT_PREFERENCES,
  optionalUserColumns,
  RECENT_COMMANDS_MAX,
  RECENT_INSTANCES_MAX,
  themePreferences,
  type OptionalUserColumn,
} from '../../shared/domain/preferences';
import {
  readSettingsText,
  recordEvents,
  settingsFileOf,
  useRosterCores,
  valueOf,
} from './support/rosterCore';
import { useTempDirs } from './support/tempDir';

const tempDir = useTempDirs();
const openCore = useRosterCores();

const ALL_COLUMNS = [...optionalUserColumns];

/** The preferences as the settings file holds them now. */
const storedPreferences = (dir: string): unknown =>
  (JSON.parse(readFileSync(settingsFileOf(dir), 'utf8')) as { preferences?: unknown }).preferences;

describe('preferences', () => {
  it('follow the system theme and show every optional column until the user picks', async () => {
    const { client } = openCore(tempDir());
    expect(valueOf(await client.invoke('preferences.get', {}))).toEqual({
      theme: 'system',
      userColumns: ALL_COLUMNS,
      expandedInstances: [],
      recentInstances: [],
      recentCommands: [],
    });
    expect(DEFAULT_PREFERENCES).toEqual({
      theme: 'system',
      userColumns: ALL_COLUMNS,
      expandedInstances: [],
      recentInstances: [],
      recentCommands: [],
    });
  });

  it.each(themePreferences)(
    'setTheme(%s) persists for the next start and tells every window',
    async (theme) => {
      const dir = tempDir();
      const { core, client } = openCore(dir);
      const seen = recordEvents(core);
      const expected = {
        theme,
        userColumns: ALL_COLUMNS,
        expandedInstances: [],
        recentInstances: [],
        recentCommands: [],
      };

      expect(valueOf(await client.invoke('preferences.setTheme', { theme }))).toEqual(expected);
      expect(valueOf(await client.invoke('preferences.get', {}))).toEqual(expected);
      expect(valueOf(await openCore(dir).client.invoke('preferences.get', {}))).toEqual(expected);

      expect(seen).toHaveLength(1);
      expect(seen[0]?.event).toBe('preferences.changed');
      expect(events['preferences.changed'].parse(seen[0]?.payload)).toEqual(expected);
    },
  );

  it('the last theme set wins', async () => {
    const dir = tempDir();
    const { client } = openCore(dir);
    valueOf(await client.invoke('preferences.setTheme', { theme: 'dark' }));
    valueOf(await client.invoke('preferences.setTheme', { theme: 'light' }));
    expect(valueOf(await openCore(dir).client.invoke('preferences.get', {}))).toMatchObject({
      theme: 'light',
    });
  });

  it.each<unknown>(['neon', 'Dark', '', 'x'.repeat(10_000), 1, null, undefined, ['dark'], { theme: 'dark' }])(
    'refuses the theme %j with nothing written and no event',
    async (theme) => {
      const dir = tempDir();
      const { core } = openCore(dir);
      await core.dispatch('preferences.setTheme', { theme: 'dark' });
      const before = readSettingsText(dir);
      const seen = recordEvents(core);

      const result = await core.dispatch('preferences.setTheme', { theme });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('INVALID_INPUT');
      expect(result.error.field).toBe('theme');
      expect(readSettingsText(dir)).toBe(before);
      expect(seen).toEqual([]);
      expect(valueOf(await core.dispatch('preferences.get', {}))).toMatchObject({ theme: 'dark' });
    },
  );

  it('does not touch the instances when the theme changes', async () => {
    const dir = tempDir();
    const { client } = openCore(dir);
    const instances = valueOf(await client.invoke('instances.list', {}));
    valueOf(await client.invoke('preferences.setTheme', { theme: 'dark' }));
    expect(valueOf(await openCore(dir).client.invoke('instances.list', {}))).toEqual(instances);
  });
});

describe('the users list columns', () => {
  it.each<[OptionalUserColumn[], OptionalUserColumn[]]>([
    [[], []],
    [['created'], ['created']],
    [['lastSignIn'], ['lastSignIn']],
    // Kept in the list's own order, whatever order they were chosen in.
    [
      ['created', 'lastSignIn'],
      ['lastSignIn', 'created'],
    ],
  ])('setUserColumns(%j) persists as %j for the next start and tells every window', async (columns, kept) => {
    const dir = tempDir();
    const { core, client } = openCore(dir);
    const seen = recordEvents(core);
    const expected = {
      theme: 'system',
      userColumns: kept,
      expandedInstances: [],
      recentInstances: [],
      recentCommands: [],
    };

    expect(valueOf(await client.invoke('preferences.setUserColumns', { columns }))).toEqual(expected);
    expect(valueOf(await openCore(dir).client.invoke('preferences.get', {}))).toEqual(expected);
    expect(seen.map(({ event }) => event)).toEqual(['preferences.changed']);
    expect(events['preferences.changed'].parse(seen[0]?.payload)).toEqual(expected);
  });

  it('the theme and the columns are kept apart: setting one leaves the other', async () => {
    const dir = tempDir();
    const { client } = openCore(dir);
    valueOf(await client.invoke('preferences.setUserColumns', { columns: ['created'] }));
    valueOf(await client.invoke('preferences.setTheme', { theme: 'dark' }));
    expect(valueOf(await openCore(dir).client.invoke('preferences.get', {}))).toEqual({
      theme: 'dark',
      userColumns: ['created'],
      expandedInstances: [],
      recentInstances: [],
      recentCommands: [],
    });
    valueOf(await client.invoke('preferences.setUserColumns', { columns: [] }));
    expect(valueOf(await openCore(dir).client.invoke('preferences.get', {}))).toEqual({
      theme: 'dark',
      userColumns: [],
      expandedInstances: [],
      recentInstances: [],
      recentCommands: [],
    });
  });

  it.each<unknown>([
    ['department'],
    ['Created'],
    ['created', 'created'],
    ['lastSignIn', 'created', 'lastSignIn'],
    [''],
    [1],
    [null],
    'created',
    null,
    undefined,
    { created: true },
    Array.from({ length: 10_000 }, () => 'created'),
  ])('refuses the columns %j with nothing written and no event', async (columns) => {
    const dir = tempDir();
    const { core } = openCore(dir);
    await core.dispatch('preferences.setUserColumns', { columns: ['lastSignIn'] });
    const before = readSettingsText(dir);
    const seen = recordEvents(core);

    const result = await core.dispatch('preferences.setUserColumns', { columns });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_INPUT');
    expect(result.error.field).toMatch(/^columns/);
    expect(readSettingsText(dir)).toBe(before);
    expect(seen).toEqual([]);
    expect(valueOf(await core.dispatch('preferences.get', {}))).toMatchObject({
      userColumns: ['lastSignIn'],
    });
  });

  it('a settings file from before the columns were a preference loads, with every column shown', async () => {
    const dir = tempDir();
    writeFileSync(settingsFileOf(dir), JSON.stringify({ preferences: { theme: 'dark' } }));
    const { client, notices } = openCore(dir);
    expect(notices).toEqual([]);
    expect(valueOf(await client.invoke('preferences.get', {}))).toEqual({
      theme: 'dark',
      userColumns: ALL_COLUMNS,
      expandedInstances: [],
      recentInstances: [],
      recentCommands: [],
    });

    valueOf(await client.invoke('preferences.setUserColumns', { columns: ['lastSignIn'] }));
    expect(storedPreferences(dir)).toEqual({
      theme: 'dark',
      userColumns: ['lastSignIn'],
      expandedInstances: [],
      recentInstances: [],
      recentCommands: [],
    });
  });

  it('a file from a newer version loads: columns it does not know are ignored, and its other preferences kept', async () => {
    const dir = tempDir();
    writeFileSync(
      settingsFileOf(dir),
      JSON.stringify({
        preferences: { theme: 'light', userColumns: ['department', 'created'], density: 'compact' },
      }),
    );
    const { client, notices } = openCore(dir);
    expect(notices).toEqual([]);
    expect(valueOf(await client.invoke('preferences.get', {}))).toEqual({
      theme: 'light',
      userColumns: ['created'],
      expandedInstances: [],
      recentInstances: [],
      recentCommands: [],
    });

    valueOf(await client.invoke('preferences.setTheme', { theme: 'dark' }));
    expect(storedPreferences(dir)).toEqual({
      theme: 'dark',
      userColumns: ['created'],
      expandedInstances: [],
      recentInstances: [],
      recentCommands: [],
      density: 'compact',
    });
  });
});

describe("the navigator's expanded instances", () => {
  const addLocal = async (client: ReturnType<typeof openCore>['client'], name: string) =>
    valueOf(await client.invoke('instances.addLocal', { name, mode: 'create' })).id;

  it('persist for the next start and tell every window, in the order given', async () => {
    const dir = tempDir();
    const { core, client } = openCore(dir);
    const [first] = valueOf(await client.invoke('instances.list', {}));
    const second = await addLocal(client, 'Second');
    const ids = [second, first?.id ?? ''];
    const seen = recordEvents(core);

    const answer = valueOf(await client.invoke('preferences.setExpandedInstances', { instanceIds: ids }));
    expect(answer.expandedInstances).toEqual(ids);
    expect(valueOf(await openCore(dir).client.invoke('preferences.get', {})).expandedInstances).toEqual(ids);
    expect(seen.map(({ event }) => event)).toEqual(['preferences.changed']);
    expect(events['preferences.changed'].parse(seen[0]?.payload).expandedInstances).toEqual(ids);

    valueOf(await client.invoke('preferences.setExpandedInstances', { instanceIds: [] }));
    expect(valueOf(await openCore(dir).client.invoke('preferences.get', {})).expandedInstances).toEqual([]);
  });

  it('forget an instance once it leaves the navigator, and never keep an unknown id', async () => {
    const dir = tempDir();
    const { client } = openCore(dir);
    const [first] = valueOf(await client.invoke('instances.list', {}));
    const second = await addLocal(client, 'Second');
    const unknown = '00000000-0000-4000-8000-000000000000';

    const kept = valueOf(
      await client.invoke('preferences.setExpandedInstances', {
        instanceIds: [first?.id ?? '', unknown, second],
      }),
    );
    expect(kept.expandedInstances).toEqual([first?.id, second]);

    valueOf(await client.invoke('instances.remove', { id: second }));
    expect(valueOf(await openCore(dir).client.invoke('preferences.get', {})).expandedInstances).toEqual([
      first?.id,
    ]);
  });

  it.each<unknown>([
    ['not-an-id'],
    [1],
    null,
    'a8c1f1d2-0000-4000-8000-000000000000',
    ['a8c1f1d2-0000-4000-8000-000000000000', 'a8c1f1d2-0000-4000-8000-000000000000'],
    Array.from({ length: 1_001 }, (_, index) => `a8c1f1d2-0000-4000-8000-${String(index).padStart(12, '0')}`),
  ])('refuses %j with nothing written and no event', async (instanceIds) => {
    const dir = tempDir();
    const { core } = openCore(dir);
    const before = readSettingsText(dir);
    const seen = recordEvents(core);

    const result = await core.dispatch('preferences.setExpandedInstances', { instanceIds });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_INPUT');
    expect(readSettingsText(dir)).toBe(before);
    expect(seen).toEqual([]);
  });
});

describe('the recently opened instances', () => {
  const addLocal = async (client: ReturnType<typeof openCore>['client'], name: string) =>
    valueOf(await client.invoke('instances.addLocal', { name, mode: 'create' })).id;

  it('persist for the next start, the most recent first, and tell every window', async () => {
    const dir = tempDir();
    const { core, client } = openCore(dir);
    const [first] = valueOf(await client.invoke('instances.list', {}));
    const second = await addLocal(client, 'Second');
    const ids = [second, first?.id ?? ''];
    const seen = recordEvents(core);

    const answer = valueOf(await client.invoke('preferences.setRecentInstances', { instanceIds: ids }));
    expect(answer.recentInstances).toEqual(ids);
    expect(valueOf(await openCore(dir).client.invoke('preferences.get', {})).recentInstances).toEqual(ids);
    expect(seen.map(({ event }) => event)).toEqual(['preferences.changed']);
    expect(events['preferences.changed'].parse(seen[0]?.payload).recentInstances).toEqual(ids);
    // The other preferences stay as they were.
    expect(answer.expandedInstances).toEqual([]);
  });

  it('forget an instance once it leaves the navigator, and never keep an unknown id', async () => {
    const dir = tempDir();
    const { client } = openCore(dir);
    const [first] = valueOf(await client.invoke('instances.list', {}));
    const second = await addLocal(client, 'Second');
    const unknown = '00000000-0000-4000-8000-000000000000';

    const kept = valueOf(
      await client.invoke('preferences.setRecentInstances', {
        instanceIds: [second, unknown, first?.id ?? ''],
      }),
    );
    expect(kept.recentInstances).toEqual([second, first?.id]);

    valueOf(await client.invoke('instances.remove', { id: second }));
    expect(valueOf(await openCore(dir).client.invoke('preferences.get', {})).recentInstances).toEqual([
      first?.id,
    ]);
  });

  it('read from an edited file: at most the limit, removed instances left out', async () => {
    const dir = tempDir();
    const { client } = openCore(dir);
    const ids: string[] = [];
    for (let index = 0; index <= RECENT_INSTANCES_MAX; index++) ids.push(await addLocal(client, `I${index}`));
    const file = JSON.parse(readFileSync(settingsFileOf(dir), 'utf8')) as { preferences?: object };
    const gone = '00000000-0000-4000-8000-000000000000';
    writeFileSync(
      settingsFileOf(dir),
      JSON.stringify({ ...file, preferences: { theme: 'system', recentInstances: [gone, ...ids] } }),
    );
    const read = valueOf(await openCore(dir).client.invoke('preferences.get', {})).recentInstances;
    expect(read).toEqual(ids.slice(0, RECENT_INSTANCES_MAX));
  });

  it.each<unknown>([
    ['not-an-id'],
    [1],
    null,
    'a8c1f1d2-0000-4000-8000-000000000000',
    ['a8c1f1d2-0000-4000-8000-000000000000', 'a8c1f1d2-0000-4000-8000-000000000000'],
    Array.from(
      { length: RECENT_INSTANCES_MAX + 1 },
      (_, index) => `a8c1f1d2-0000-4000-8000-${String(index).padStart(12, '0')}`,
    ),
  ])('refuses %j with nothing written and no event', async (instanceIds) => {
    const dir = tempDir();
    const { core } = openCore(dir);
    const before = readSettingsText(dir);
    const seen = recordEvents(core);

    const result = await core.dispatch('preferences.setRecentInstances', { instanceIds });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_INPUT');
    expect(readSettingsText(dir)).toBe(before);
    expect(seen).toEqual([]);
  });
});

describe("the palette's recent commands", () => {
  it('put the latest command first, once, up to the limit, and keep it for the next start', async () => {
    const dir = tempDir();
    const { core, client } = openCore(dir);
    const seen = recordEvents(core);
    valueOf(await client.invoke('preferences.noteCommandRun', { command: 'instance.rename' }));
    valueOf(await client.invoke('preferences.noteCommandRun', { command: 'help.about' }));
    const again = valueOf(await client.invoke('preferences.noteCommandRun', { command: 'instance.rename' }));
    expect(again.recentCommands).toEqual(['instance.rename', 'help.about']);
    expect(seen.map(({ event }) => event)).toEqual(Array(3).fill('preferences.changed'));

    const many = commandIds.filter((id) => id.startsWith('instance.') || id.startsWith('view.'));
    for (const command of many) valueOf(await client.invoke('preferences.noteCommandRun', { command }));
    const stored = valueOf(await openCore(dir).client.invoke('preferences.get', {})).recentCommands;
    expect(stored).toEqual([...many].reverse().slice(0, RECENT_COMMANDS_MAX));
  });

  it('leave out, when read, a command this version does not have (a newer version wrote it)', async () => {
    const dir = tempDir();
    const { client } = openCore(dir);
    valueOf(await client.invoke('preferences.noteCommandRun', { command: 'help.about' }));
    const file = JSON.parse(readFileSync(settingsFileOf(dir), 'utf8')) as { preferences: object };
    writeFileSync(
      settingsFileOf(dir),
      JSON.stringify({
        ...file,
        preferences: { ...file.preferences, recentCommands: ['instance.clone', 'help.about'] },
      }),
    );
    expect(valueOf(await openCore(dir).client.invoke('preferences.get', {})).recentCommands).toEqual([
      'help.about',
    ]);
  });

  it('refuse a name that is not a command, and store nothing', async () => {
    const dir = tempDir();
    const { client } = openCore(dir);
    const refused = await client.invoke('preferences.noteCommandRun', { command: 'instance.clone' as never });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toContain('Not a command of this version of Roster.');
    expect(valueOf(await client.invoke('preferences.get', {})).recentCommands).toEqual([]);
  });
});
