import type { Contract } from '../../shared/contract';
import type { Handlers } from '../../shared/contract/channel';
import type { AppInfo } from '../../shared/domain/appInfo';
import type { EventBus } from '../rpc/eventBus';
import type { SettingsStore } from '../settings/settingsStore';
import { createAppInfoService } from './app/appInfoService';
import type { DirectoryRegistry } from './directory/directoryRegistry';
import { createDirectoryService } from './directory/directoryService';
import { createInstancesService } from './instances/instancesService';
import { createPreferencesService } from './preferences/preferencesService';

export interface ServiceDeps {
  settings: SettingsStore;
  events: EventBus;
  dataDir: string;
  info: Omit<AppInfo, 'notices'>;
  notices: readonly string[];
  directories: DirectoryRegistry;
  prepareLocalFile: (file: string, mode: 'create' | 'open') => void;
}

/** Every host (Electron, the browser host, tests) serves the contract with these handlers. */
export function composeHandlers(deps: ServiceDeps): Handlers<Contract> {
  return {
    ...createAppInfoService(deps),
    ...createInstancesService({ ...deps, onRemoved: (id) => deps.directories.forget(id) }),
    ...createPreferencesService(deps),
    ...createDirectoryService(deps.directories),
  };
}
