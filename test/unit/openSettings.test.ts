import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSettings } from '../../electron/settings/openSettings';
import type { SettingsFile } from '../../electron/settings/settingsSchema';
import { confBackend, settingsFileOf } from './support/rosterCore';
import { useTempDirs } from './support/tempDir';

const tempDir = useTempDirs();

const VALID: Required<SettingsFile> = {
  instances: [
    {
      id: '2d0f3f5e-8b1a-4c55-9d7e-1f2a3b4c5d6e',
      name: 'Accounts',
      kind: 'local',
      file: 'instances/accounts.sqlite',
    },
  ],
  preferences: { theme: 'dark' },
  window: { x: 10, y: 20, width: 1200, height: 800, maximized: false },
};

const asideFiles = (dir: string) => readdirSync(dir).filter((name) => name !== 'settings.json');
const at = (iso: string) => () => new Date(iso);

describe('openSettings', () => {
  it('starts with no values and no notices in a fresh folder, and writes where it says', () => {
    const dir = tempDir();
    const { store, notices } = openSettings(dir, confBackend);
    expect(notices).toEqual([]);
    expect(store.path).toBe(settingsFileOf(dir));
    expect(store.get('instances')).toBeUndefined();
    expect(store.get('preferences')).toBeUndefined();
    expect(store.get('window')).toBeUndefined();

    store.set('preferences', { theme: 'light' });
    expect(store.get('preferences')).toEqual({ theme: 'light' });
    expect(JSON.parse(readFileSync(settingsFileOf(dir), 'utf8'))).toEqual({
      preferences: { theme: 'light' },
    });
  });

  it('creates a data folder that does not exist yet on the first write', () => {
    const dir = path.join(tempDir(), 'not', 'yet');
    const { store, notices } = openSettings(dir, confBackend);
    expect(notices).toEqual([]);
    store.set('preferences', { theme: 'dark' });
    expect(existsSync(settingsFileOf(dir))).toBe(true);
  });

  it('reads a valid file back and leaves its bytes alone', () => {
    const dir = tempDir();
    const text = JSON.stringify(VALID, null, 2);
    writeFileSync(settingsFileOf(dir), text);
    const { store, notices } = openSettings(dir, confBackend);
    expect(notices).toEqual([]);
    expect(store.get('instances')).toEqual(VALID.instances);
    expect(store.get('preferences')).toEqual(VALID.preferences);
    expect(store.get('window')).toEqual(VALID.window);
    expect(readFileSync(settingsFileOf(dir), 'utf8')).toBe(text);
    expect(asideFiles(dir)).toEqual([]);
  });

  it('keeps a file that has a key from a newer version instead of setting it aside', () => {
    const dir = tempDir();
    writeFileSync(settingsFileOf(dir), JSON.stringify({ ...VALID, addedLater: { x: 1 } }));
    const { store, notices } = openSettings(dir, confBackend);
    expect(notices).toEqual([]);
    expect(store.get('preferences')).toEqual(VALID.preferences);
    expect(asideFiles(dir)).toEqual([]);
  });

  const damaged: [string, Buffer][] = [
    ['text that is not JSON', Buffer.from('{"instances": [')],
    ['an empty file', Buffer.alloc(0)],
    ['bytes that are not UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0x22, 0x7d])],
    ['JSON null', Buffer.from('null')],
    ['a JSON list', Buffer.from('[1,2,3]')],
    ['a JSON string', Buffer.from('"settings"')],
    ['an instance without its fields', Buffer.from(JSON.stringify({ instances: [{ id: 'x' }] }))],
    [
      'an instance with a bad id',
      Buffer.from(JSON.stringify({ instances: [{ ...VALID.instances[0], id: 'x' }] })),
    ],
    ['an unknown theme', Buffer.from(JSON.stringify({ preferences: { theme: 'neon' } }))],
    [
      'a window too small',
      Buffer.from(JSON.stringify({ window: { width: 5, height: 5, maximized: false } })),
    ],
    ['instances that are not a list', Buffer.from(JSON.stringify({ instances: 'Local' }))],
  ];

  it.each(damaged)('sets aside %s, byte for byte, names it in a notice and starts fresh', (_label, bytes) => {
    const dir = tempDir();
    writeFileSync(settingsFileOf(dir), bytes);
    const { store, notices } = openSettings(dir, confBackend, at('2024-05-06T07:08:09.010Z'));

    const aside = asideFiles(dir);
    expect(aside).toHaveLength(1);
    const asideName = aside[0] ?? '';
    expect(asideName).toMatch(/^settings\.damaged-.*2024-05-06.*\.json$/);
    expect(readFileSync(path.join(dir, asideName)).equals(bytes)).toBe(true);

    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(path.join(dir, asideName));

    expect(store.get('instances')).toBeUndefined();
    expect(store.get('preferences')).toBeUndefined();
    expect(store.get('window')).toBeUndefined();
    store.set('preferences', { theme: 'dark' });
    expect(store.get('preferences')).toEqual({ theme: 'dark' });
    expect(readFileSync(path.join(dir, asideName)).equals(bytes)).toBe(true);
  });

  it('says which part of a file that breaks the schema was wrong', () => {
    const dir = tempDir();
    writeFileSync(settingsFileOf(dir), JSON.stringify({ preferences: { theme: 'neon' } }));
    const { notices } = openSettings(dir, confBackend);
    expect(notices[0]).toContain('preferences.theme');
  });

  it('says when a file is not JSON at all', () => {
    const dir = tempDir();
    writeFileSync(settingsFileOf(dir), '{');
    const { notices } = openSettings(dir, confBackend);
    expect(notices[0]).toMatch(/not valid JSON/);
  });

  it('keeps every damaged file it sets aside, one per start', () => {
    const dir = tempDir();
    writeFileSync(settingsFileOf(dir), 'first damage');
    openSettings(dir, confBackend, at('2024-05-06T07:08:09.010Z'));
    writeFileSync(settingsFileOf(dir), 'second damage');
    const { notices } = openSettings(dir, confBackend, at('2024-05-06T07:08:10.020Z'));

    const contents = asideFiles(dir).map((name) => readFileSync(path.join(dir, name), 'utf8'));
    expect(contents.sort()).toEqual(['first damage', 'second damage']);
    expect(notices).toHaveLength(1);
  });

  it('does not set aside the file it wrote itself on the next start', () => {
    const dir = tempDir();
    const first = openSettings(dir, confBackend);
    first.store.set('instances', VALID.instances);
    first.store.set('preferences', { theme: 'light' });
    first.store.set('window', VALID.window);
    const second = openSettings(dir, confBackend);
    expect(second.notices).toEqual([]);
    expect(second.store.get('instances')).toEqual(VALID.instances);
    expect(second.store.get('preferences')).toEqual({ theme: 'light' });
    expect(asideFiles(dir)).toEqual([]);
  });
});
