import Conf from 'conf';
import { createInMemoryBridge } from '../../../../electron/rpc/inMemoryBridge';
import { createRosterCore, type RosterCore } from '../../../../electron/rpc/createRosterCore';
import type { Logger } from '../../../../electron/common/logger';
import { silentLogger } from '../../../../electron/common/logger';
import type { Keychain } from '../../../../electron/secrets/keychain';
import { openSettings } from '../../../../electron/settings/openSettings';
import type { SettingsBackend } from '../../../../electron/settings/settingsStore';
import type { ChannelName, InputOf, OutputOf } from '../../../../shared/contract';
import { typedClient, type RosterClient } from '../../../../shared/contract/client';
import type { Result, RosterErrorData } from '../../../../shared/contract/errors';
import { hasher, NATIVE_DIR } from './instanceDb';

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
  /** Its SQLite file. */
  file: string;
  /** Calls a directory channel of the default instance through the dispatcher. */
  call: <C extends DirectoryChannel>(channel: C, input: OnInstance<C>) => Promise<Result<OutputOf<C>>>;
  /** The same, with an input the types would not allow (the contract must refuse it). */
  raw: (channel: string, input: Record<string, unknown>) => Promise<Result<unknown>>;
  close: () => void;
}

/**
 * A RosterCore over a fresh data folder, wired as the hosts wire theirs: conf
 * settings, the real argon2 hasher, the given keychain, the full contract
 * behind the validating dispatcher, reached through the in-memory bridge
 * (which clones values as IPC would).
 */
export async function openTestCore(
  dataDir: string,
  options: { keychain: Keychain; logger?: Logger },
): Promise<TestCore> {
  const { store, notices } = openSettings(dataDir, confBackend);
  const core = createRosterCore(
    {
      settings: store,
      dataDir,
      nativeDir: NATIVE_DIR,
      info: { name: 'Roster', version: '0.0.0-test', host: 'browser', platform: process.platform, dataDir },
      notices,
      keychain: options.keychain,
      hasher,
      actor: ACTOR,
    },
    options.logger ?? silentLogger,
  );
  const client = typedClient(createInMemoryBridge(core));
  const [instance] = valueOf(await client.invoke('instances.list', {}));
  if (!instance) throw new Error('A fresh data folder should start with one local instance.');
  const instanceId = instance.id;
  return {
    core,
    client,
    instanceId,
    file: instance.location,
    call: (channel, input) => client.invoke(channel, { ...input, instanceId } as InputOf<typeof channel>),
    raw: (channel, input) => core.dispatch(channel, { ...input, instanceId }),
    close: () => core.close(),
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
