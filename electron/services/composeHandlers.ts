import { contract, type Contract } from '../../shared/contract';
import type { Handlers } from '../../shared/contract/channel';
import type { AppInfo } from '../../shared/domain/appInfo';
import type { Logger } from '../common/logger';
import type { EventBus } from '../rpc/eventBus';
import type { SettingsStore } from '../settings/settingsStore';
import { createAppInfoService, type OpenFolder } from './app/appInfoService';
import type { RemoteConnections } from './connections/remoteConnections';
import { announceDirectoryChanges } from './directory/announceChanges';
import { createAuditService } from './directory/auditService';
import type { DirectoryRegistry } from './directory/directoryRegistry';
import { createDirectoryService } from './directory/directoryService';
import { createExportService } from './downloads/exportService';
import type { DownloadTickets } from './downloads/downloadTickets';
import { createInstanceList } from './instances/instanceList';
import { createInstancesService } from './instances/instancesService';
import { createRemoteInstancesService } from './instances/remoteInstancesService';
import { createPreferencesService } from './preferences/preferencesService';
import { createImportService } from './userImport/importService';

export interface ServiceDeps {
  settings: SettingsStore;
  events: EventBus;
  dataDir: string;
  info: Omit<AppInfo, 'notices'>;
  notices: readonly string[];
  openFolder?: OpenFolder;
  logger: Logger;
  directories: DirectoryRegistry;
  connections: RemoteConnections;
  /** Files the page fetches by following a link: exports. */
  downloads: DownloadTickets;
  prepareLocalFile: (file: string, mode: 'create' | 'open') => void;
}

/** Every host (Electron, the browser host, tests) serves the contract with these handlers. */
export function composeHandlers(deps: ServiceDeps): Handlers<Contract> {
  const instances = createInstanceList({ ...deps, statusOf: deps.connections.status });
  deps.connections.onChange(instances.announce);
  const handlers: Handlers<Contract> = {
    ...createAppInfoService(deps),
    ...createInstancesService({
      ...deps,
      instances,
      onRemoving: (instance) => deps.directories.forget(instance),
    }),
    ...createRemoteInstancesService({ instances, connections: deps.connections }),
    ...createPreferencesService(deps),
    ...createDirectoryService(deps.directories),
    ...createExportService(deps.directories, deps.downloads),
    ...createAuditService(deps.directories),
    ...createImportService(deps.directories),
  };
  return announceDirectoryChanges(contract, handlers, deps.events);
}
