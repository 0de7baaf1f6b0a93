import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { RosterError } from '../../../shared/contract/errors';
import type { StoredInstance, StoredLocalInstance } from '../../../shared/domain/instance';
import type { Logger } from '../../common/logger';
import { openInstanceDatabase } from '../../database/openDatabase';
import type { Keychain } from '../../secrets/keychain';
import type { PasswordHasher } from '../../secrets/passwordHasher';
import type { RemoteConnections } from '../connections/remoteConnections';
import type { Directory } from './directory';
import { createLocalDirectory } from './local/localDirectory';

export interface DirectoryRegistryDeps {
  findInstance: (id: string) => StoredInstance | undefined;
  dataDir: string;
  nativeDir: string;
  hasher: PasswordHasher;
  keychain: Keychain;
  actor: string;
  logger: Logger;
  connections: RemoteConnections;
}

export interface DirectoryRegistry {
  /** The directory of an instance: a local file opened on first use, a remote instance connected when needed. */
  get: (instanceId: string) => Promise<Directory>;
  /**
   * The instance leaves the navigator: closes its file, or signs out of its
   * server and removes its secrets from the keychain.
   */
  forget: (instance: StoredInstance) => Promise<void>;
  closeAll: () => void;
}

export const instanceFilePath = (dataDir: string, file: string): string => path.resolve(dataDir, file);

export function createDirectoryRegistry(deps: DirectoryRegistryDeps): DirectoryRegistry {
  const open = new Map<string, Directory>();

  const openLocal = (instance: StoredLocalInstance): Directory => {
    const file = instanceFilePath(deps.dataDir, instance.file);
    mkdirSync(path.dirname(file), { recursive: true });
    const db = openInstanceDatabase(file, { mode: 'either', nativeDir: deps.nativeDir });
    deps.logger.info(`opened instance ${instance.name}`);
    return createLocalDirectory({
      db,
      instanceId: instance.id,
      hasher: deps.hasher,
      keychain: deps.keychain,
      actor: deps.actor,
      logger: deps.logger,
    });
  };

  return {
    get(instanceId) {
      const existing = open.get(instanceId);
      if (existing) return Promise.resolve(existing);
      const instance = deps.findInstance(instanceId);
      if (!instance)
        throw new RosterError('NOT_FOUND', 'That instance is no longer in the navigator.', 'instanceId');
      if (instance.kind === 'remote') return deps.connections.directory(instanceId);
      const directory = openLocal(instance);
      open.set(instanceId, directory);
      return Promise.resolve(directory);
    },
    async forget(instance) {
      if (instance.kind === 'remote') return deps.connections.remove(instance.id);
      open.get(instance.id)?.close();
      open.delete(instance.id);
    },
    closeAll() {
      for (const directory of open.values()) directory.close();
      open.clear();
      deps.connections.closeAll();
    },
  };
}
