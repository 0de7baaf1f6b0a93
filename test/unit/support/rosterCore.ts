import Conf from 'conf';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { localActor } from '../../../electron/common/dataDir';
import { logLocationOf } from '../../../electron/common/fileLog';
import { silentLogger, type Logger } from '../../../electron/common/logger';
import { createRosterCore, type RosterCore } from '../../../electron/rpc/createRosterCore';
import { createInMemoryBridge } from '../../../electron/rpc/inMemoryBridge';
import { createOsKeychain } from '../../../electron/secrets/osKeychain';
import { testHasher } from '../../support/testHasher';
import { openSettings, SETTINGS_NAME } from '../../../electron/settings/openSettings';
import type { SettingsBackend, SettingsStore } from '../../../electron/settings/settingsStore';
import { typedClient, type RosterClient } from '../../../shared/contract/client';
import type { Result } from '../../../shared/contract/errors';
import type { EventName } from '../../../shared/contract/events';

/** The real settings engine, as the browser host's entry point builds it. */
export const confBackend = (options: { cwd: string; configName: string }): SettingsBackend =>
  new Conf({ ...options, projectName: 'roster' });

export const settingsFileOf = (dataDir: string): string => path.join(dataDir, `${SETTINGS_NAME}.json`);

/** The settings file's bytes as text, or undefined when there is no file. */
export const readSettingsText = (dataDir: string): string | undefined => {
  const file = settingsFileOf(dataDir);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
};

export interface OpenedCore {
  core: RosterCore;
  /** The contract's typed client over an in-memory bridge to `core`. */
  client: RosterClient;
  store: SettingsStore;
  notices: string[];
}

export type OpenCore = (dataDir: string, logger?: Logger) => OpenedCore;

/**
 * Registers cleanup in the calling test file and returns a maker of RosterCores
 * over the settings file in a data folder, built as the hosts build theirs (the
 * real keychain and hasher, which these tests never reach). Every core is
 * closed after each test; register it after `useTempDirs` so that cores close
 * before their folders go.
 */
export function useRosterCores(): OpenCore {
  const open: RosterCore[] = [];
  afterEach(() => {
    for (const core of open.splice(0)) core.close();
  });
  return (dataDir, logger = silentLogger) => {
    const { store, notices } = openSettings(dataDir, confBackend);
    const core = createRosterCore(
      {
        settings: store,
        dataDir,
        nativeDir: path.join(dataDir, 'no-electron-native'),
        info: {
          name: 'Roster',
          version: '0.0.0-test',
          host: 'browser',
          platform: process.platform,
          dataDir,
          logFile: logLocationOf(dataDir).file,
          logsFolder: logLocationOf(dataDir).folder,
        },
        notices,
        keychain: createOsKeychain(),
        hasher: testHasher,
        actor: localActor(),
      },
      logger,
    );
    open.push(core);
    return { core, client: typedClient(createInMemoryBridge(core)), store, notices };
  };
}

/** Records every event the core emits, in order. */
export function recordEvents(core: RosterCore): { event: EventName; payload: unknown }[] {
  const seen: { event: EventName; payload: unknown }[] = [];
  core.events.subscribe((event, payload) => seen.push({ event, payload }));
  return seen;
}

/** The value of a successful result; fails the test with the error otherwise. */
export function valueOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`Expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}
