import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { RosterError } from '../../../shared/contract/errors';
import type { StoredInstance } from '../../../shared/domain/instance';
import type { Logger } from '../../common/logger';
import { openInstanceDatabase } from '../../database/openDatabase';
import type { Keychain } from '../../secrets/keychain';
import type { PasswordHasher } from '../../secrets/passwordHasher';
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
}

export interface DirectoryRegistry {
  /** The open directory of an instance, opened on first use. */
  get: (instanceId: string) => Directory;
  /** Closes an instance's directory, say when it leaves the navigator. */
  forget: (instanceId: string) => void;
  closeAll: () => void;
}

export const instanceFilePath = (dataDir: string, file: string): string => path.resolve(dataDir, file);

export function createDirectoryRegistry(deps: DirectoryRegistryDeps): DirectoryRegistry {
  const open = new Map<string, Directory>();

  const openLocal = (instance: StoredInstance): Directory => {
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
    });
  };

  return {
    get(instanceId) {
      const existing = open.get(instanceId);
      if (existing) return existing;
      const instance = deps.findInstance(instanceId);
      if (!instance)
        throw new RosterError('NOT_FOUND', 'That instance is no longer in the navigator.', 'instanceId');
      const directory = openLocal(instance);
      open.set(instanceId, directory);
      return directory;
    },
    forget(instanceId) {
      open.get(instanceId)?.close();
      open.delete(instanceId);
    },
    closeAll() {
      for (const directory of open.values()) directory.close();
      open.clear();
    },
  };
}
