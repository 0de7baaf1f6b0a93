import { describe, expect, it } from 'vitest';
import { events } from '../../shared/contract/events';
import { themePreferences } from '../../shared/domain/preferences';
import { readSettingsText, recordEvents, useRosterCores, valueOf } from './support/rosterCore';
import { useTempDirs } from './support/tempDir';

const tempDir = useTempDirs();
const openCore = useRosterCores();

describe('preferences', () => {
  it('follow the system theme until the user picks one', async () => {
    const { client } = openCore(tempDir());
    expect(valueOf(await client.invoke('preferences.get', {}))).toEqual({ theme: 'system' });
  });

  it.each(themePreferences)(
    'setTheme(%s) persists for the next start and tells every window',
    async (theme) => {
      const dir = tempDir();
      const { core, client } = openCore(dir);
      const seen = recordEvents(core);

      expect(valueOf(await client.invoke('preferences.setTheme', { theme }))).toEqual({ theme });
      expect(valueOf(await client.invoke('preferences.get', {}))).toEqual({ theme });
      expect(valueOf(await openCore(dir).client.invoke('preferences.get', {}))).toEqual({ theme });

      expect(seen).toHaveLength(1);
      expect(seen[0]?.event).toBe('preferences.changed');
      expect(events['preferences.changed'].parse(seen[0]?.payload)).toEqual({ theme });
    },
  );

  it('the last theme set wins', async () => {
    const dir = tempDir();
    const { client } = openCore(dir);
    valueOf(await client.invoke('preferences.setTheme', { theme: 'dark' }));
    valueOf(await client.invoke('preferences.setTheme', { theme: 'light' }));
    expect(valueOf(await openCore(dir).client.invoke('preferences.get', {}))).toEqual({ theme: 'light' });
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
      expect(valueOf(await core.dispatch('preferences.get', {}))).toEqual({ theme: 'dark' });
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
