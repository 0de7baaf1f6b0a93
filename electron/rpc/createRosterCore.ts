import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { contract } from '../../shared/contract';
import type { AppInfo } from '../../shared/domain/appInfo';
import type { Logger } from '../common/logger';
import { openInstanceDatabase } from '../database/openDatabase';
import type { Keychain } from '../secrets/keychain';
import type { PasswordHasher } from '../secrets/passwordHasher';
import type { OpenFolder } from '../services/app/appInfoService';
import { createRemoteConnections } from '../services/connections/remoteConnections';
import type { Transport } from '../services/connections/transport';
import { createDirectoryRegistry, type LocalDirectoryFactory } from '../services/directory/directoryRegistry';
import { composeHandlers } from '../services/composeHandlers';
import { createDownloadTickets, type DownloadTickets } from '../services/downloads/downloadTickets';
import type { SettingsStore } from '../settings/settingsStore';
import { createDispatcher, type Dispatch } from './dispatcher';
import { createEventBus, type EventBus } from './eventBus';

export interface RosterCoreDeps {
  settings: SettingsStore;
  dataDir: string;
  /** Where an Electron build of better-sqlite3 is kept (unused under Node). */
  nativeDir: string;
  info: Omit<AppInfo, 'notices'>;
  notices: readonly string[];
  keychain: Keychain;
  hasher: PasswordHasher;
  /** Who the audit log names for changes made in this app. */
  actor: string;
  /** How local instances are opened, when not over their SQLite files. */
  openLocal?: LocalDirectoryFactory;
  /** Shows the logs folder to the user; absent where the host cannot (the browser host). */
  openFolder?: OpenFolder;
  /** How remote instances are reached: Node's fetch unless given (Electron gives net.fetch). */
  transport?: Transport;
}

export interface RosterCore {
  dispatch: Dispatch;
  events: EventBus;
  /** What each host serves at /downloads/<ticket>. */
  downloads: DownloadTickets;
  close: () => void;
}

/** The transport-free heart every host serves: services behind one validating dispatcher. */
export function createRosterCore(deps: RosterCoreDeps, logger: Logger): RosterCore {
  const events = createEventBus();
  const findInstance = (id: string) => deps.settings.get('instances')?.find((instance) => instance.id === id);
  const connections = createRemoteConnections({
    keychain: deps.keychain,
    logger,
    logFile: deps.info.logFile,
    transport: deps.transport,
    findInstance: (id) => {
      const instance = findInstance(id);
      return instance?.kind === 'remote' ? instance : undefined;
    },
  });
  const directories = createDirectoryRegistry({
    findInstance,
    dataDir: deps.dataDir,
    nativeDir: deps.nativeDir,
    hasher: deps.hasher,
    keychain: deps.keychain,
    actor: deps.actor,
    logger,
    connections,
    openLocal: deps.openLocal,
  });
  const prepareLocalFile = (file: string, mode: 'create' | 'open') => {
    if (mode === 'create') mkdirSync(path.dirname(file), { recursive: true });
    openInstanceDatabase(file, { mode, nativeDir: deps.nativeDir }).close();
  };
  const downloads = createDownloadTickets();
  const dispatch = createDispatcher(
    contract,
    composeHandlers({ ...deps, logger, events, directories, connections, downloads, prepareLocalFile }),
    logger,
    deps.info.logFile,
  );
  return { dispatch, events, downloads, close: () => directories.closeAll() };
}
