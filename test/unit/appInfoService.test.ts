import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract';
import type { AppInfo } from '../../shared/domain/appInfo';
import { settingsFileOf, useRosterCores, valueOf } from './support/rosterCore';
import { useTempDirs } from './support/tempDir';

const tempDir = useTempDirs();
const openCore = useRosterCores();

describe('app.info', () => {
  it('describes the host in the contract shape, with no notices after a clean start', async () => {
    const dir = tempDir();
    const info = valueOf(await openCore(dir).core.dispatch('app.info', {}));
    expect(contract['app.info'].output.safeParse(info).success).toBe(true);
    expect(info).toMatchObject({ name: 'Roster', host: 'browser', platform: process.platform, dataDir: dir });
    expect(info).toHaveProperty('notices', []);
  });

  it('carries the notice about a settings file that was set aside', async () => {
    const dir = tempDir();
    writeFileSync(settingsFileOf(dir), '{ not json');
    const { core, notices } = openCore(dir);
    expect(notices).toHaveLength(1);
    const info = valueOf(await core.dispatch('app.info', {}));
    expect(info).toHaveProperty('notices', notices);
  });

  it('gives each caller its own copy of the notices', async () => {
    const dir = tempDir();
    writeFileSync(settingsFileOf(dir), '{ not json');
    const { core, notices } = openCore(dir);
    const expected = [...notices];
    // The dispatcher's own value, not a parsed or cloned copy of it.
    const first = valueOf(await core.dispatch('app.info', {})) as AppInfo;
    first.notices.push('added by a caller');
    const second = valueOf(await core.dispatch('app.info', {})) as AppInfo;
    expect(second.notices).toEqual(expected);
    expect(notices).toEqual(expected);
  });
});
