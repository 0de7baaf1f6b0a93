import Conf from 'conf';
import { createInMemoryBridge } from '../../../../electron/rpc/inMemoryBridge';
import { createRosterCore, type RosterCore } from '../../../../electron/rpc/createRosterCore';
import type { Logger } from '../../../../electron/common/logger';
import { silentLogger } from '../../../../electron/common/logger';
import { logLocationOf } from '../../../../electron/common/fileLog';
import type { Keychain } from '../../../../electron/secrets/keychain';
import { openSettings } from '../../../../electron/settings/openSettings';
import type { SettingsBackend } from '../../../../electron/settings/settingsStore';
import type { ChannelName, InputOf, OutputOf } from '../../../../shared/contract';
import { typedClient, type RosterClient } from '../../../../shared/contract/client';
import type { Result, RosterErrorData } from '../../../../shared/contract/errors';
import type { LocalDirectoryFactory } from '../../../../electron/services/directory/directoryRegistry';
import { hasher, NATIVE_DIR, openDirectory } from './instanceDb';
import {
  freshPostgresDatabase,
  lookAt,
  openPostgresTestDirectory,
  STORAGE,
  type StorageKind,
  type StorageLocation,
  type StorageLook,
  type TestDirectory,
} from './storage';

/** The real settings engine, as the browser host builds it. */
const confBackend = (options: { cwd: string; configName: string }): SettingsBackend =>
  new Conf({ ...options, projectName: 'roster' });

export const ACTOR = 'test-admin';

type DirectoryChannel = Extract<ChannelName, `directory.${string}`>;
type OnInstance<C extends DirectoryChannel> = Omit<InputOf<C>, 'instanceId'>;

export interface TestCore {
  core: RosterCore;
  client: RosterClient;
  /** The default local instance every fresh data folder starts with. */
  instanceId: string;
  /** Its SQLite file (on PostgreSQL, where the file would be: nothing is written there). */
  file: string;
  /** Where the default instance is kept. */
  storage: StorageKind;
  location: () => Promise<StorageLocation>;
  /** A look at the default instance's storage from outside, on a connection of its own. */
  look: () => Promise<StorageLook>;
  /** A second directory over the default instance, as another process would open it. */
  reopen: (actor: string) => Promise<TestDirectory>;
  /** Calls a directory channel of the default instance through the dispatcher. */
  call: <C extends DirectoryChannel>(channel: C, input: OnInstance<C>) => Promise<Result<OutputOf<C>>>;
  /** The same, with an input the types would not allow (the contract must refuse it). */
  raw: (channel: string, input: Record<string, unknown>) => Promise<Result<unknown>>;
  close: () => Promise<void>;
}

/**
 * A RosterCore over a fresh data folder, wired as the hosts wire theirs: conf
 * settings, the real argon2 hasher, the given keychain, the full contract
 * behind the validating dispatcher, reached through the in-memory bridge
 * (which clones values as IPC would).
 */
export async function openTestCore(
  dataDir: string,
  options: {
    keychain: Keychain;
    logger?: Logger;
    /** Local instances on this run's storage (storage.ts): each on a fresh PostgreSQL database on that run. */
    onRunStorage?: boolean;
  },
): Promise<TestCore> {
  const { store, notices } = openSettings(dataDir, confBackend);
  const onPostgres = options.onRunStorage === true && STORAGE === 'postgres';
  /** Each local instance's database, made when it is first opened. */
  const databases = new Map<string, Promise<string>>();
  const databaseOf = (instanceId: string) => {
    const url = databases.get(instanceId) ?? freshPostgresDatabase();
    databases.set(instanceId, url);
    return url;
  };
  const closers: (() => Promise<void> | void)[] = [];
  const openLocal: LocalDirectoryFactory | undefined = onPostgres
    ? async (instance, common) =>
        openPostgresTestDirectory(await databaseOf(instance.id), { instanceId: instance.id, ...common })
    : undefined;
  const core = createRosterCore(
    {
      settings: store,
      dataDir,
      nativeDir: NATIVE_DIR,
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
      keychain: options.keychain,
      hasher,
      actor: ACTOR,
      openLocal,
    },
    options.logger ?? silentLogger,
  );
  const client = typedClient(createInMemoryBridge(core));
  const [instance] = valueOf(await client.invoke('instances.list', {}));
  if (!instance) throw new Error('A fresh data folder should start with one local instance.');
  const instanceId = instance.id;
  const file = instance.location;
  const opened = <T extends { close: () => Promise<void> | void }>(made: T): T => {
    closers.push(() => made.close());
    return made;
  };
  const location = async (): Promise<StorageLocation> =>
    onPostgres ? { kind: 'postgres', url: await databaseOf(instanceId) } : { kind: 'sqlite', file };
  return {
    core,
    client,
    instanceId,
    file,
    storage: onPostgres ? 'postgres' : 'sqlite',
    location,
    look: async () => opened(await lookAt(await location())),
    reopen: async (actor) =>
      opened(
        onPostgres
          ? await openPostgresTestDirectory(await databaseOf(instanceId), {
              instanceId,
              hasher,
              keychain: options.keychain,
              actor,
            })
          : openDirectory(file, { mode: 'open', actor, keychain: options.keychain, instanceId }).directory,
      ),
    call: (channel, input) => client.invoke(channel, { ...input, instanceId } as InputOf<typeof channel>),
    raw: (channel, input) => core.dispatch(channel, { ...input, instanceId }),
    close: async () => {
      core.close();
      for (const close of closers.splice(0).reverse()) await close();
    },
  };
}

/** The value of a successful result; fails the test with the refusal otherwise. */
export function valueOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`Expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

/** The refusal of a failed result; fails the test if the call succeeded. */
export function refusalOf(result: Result<unknown>): RosterErrorData {
  if (result.ok) throw new Error(`Expected a refusal, got ${JSON.stringify(result.value)}`);
  return result.error;
}
