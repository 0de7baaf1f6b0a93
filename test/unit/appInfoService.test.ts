import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../electron/common/logger';
import { createAppInfoService, type OpenFolder } from '../../electron/services/app/appInfoService';
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
    expect(info).toMatchObject({
      name: 'Roster',
      host: 'browser',
      platform: process.platform,
      dataDir: dir,
      logFile: path.join(dir, 'logs', 'roster.log'),
      logsFolder: path.join(dir, 'logs'),
    });
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

describe('app.openLogsFolder', () => {
  const serviceWith = (dataDir: string, openFolder?: OpenFolder) => {
    const logger = {
      info: vi.fn<Logger['info']>(),
      warn: vi.fn<Logger['warn']>(),
      error: vi.fn<Logger['error']>(),
    };
    const logsFolder = path.join(dataDir, 'logs');
    const info = {
      name: 'Roster',
      version: '0.0.0-test',
      host: 'electron',
      platform: process.platform,
      dataDir,
      logFile: path.join(logsFolder, 'roster.log'),
      logsFolder,
    } as const;
    const service = createAppInfoService({
      info,
      notices: [],
      logger,
      ...(openFolder ? { openFolder } : {}),
    });
    return { open: () => service['app.openLogsFolder']({}), logger, logsFolder };
  };

  it('in the browser host, opens nothing and answers the folder for the page to show', async () => {
    const dir = tempDir();
    const answer = valueOf(await openCore(dir).core.dispatch('app.openLogsFolder', {}));
    expect(contract['app.openLogsFolder'].output.parse(answer)).toEqual({
      opened: false,
      folder: path.join(dir, 'logs'),
    });
  });

  it('shows the folder in the file manager, making it first when it is not there yet', async () => {
    const dir = tempDir();
    const openFolder = vi.fn<OpenFolder>((folder) =>
      Promise.resolve(existsSync(folder) ? '' : 'no such folder'),
    );
    const { open, logsFolder, logger } = serviceWith(dir, openFolder);
    expect(await open()).toEqual({ opened: true, folder: logsFolder });
    expect(openFolder).toHaveBeenCalledExactlyOnceWith(logsFolder);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('says it did not open the folder when the file manager refused, and logs why', async () => {
    const openFolder = vi.fn<OpenFolder>(() => Promise.resolve('Failed to open path'));
    const { open, logsFolder, logger } = serviceWith(tempDir(), openFolder);
    expect(await open()).toEqual({ opened: false, folder: logsFolder });
    expect(logger.warn).toHaveBeenCalledWith('could not show the logs folder: Failed to open path');
  });
});
