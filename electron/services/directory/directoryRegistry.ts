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

/** What every local instance's directory is opened with, whichever storage holds it. */
export type LocalDirectoryCommon = Pick<DirectoryRegistryDeps, 'hasher' | 'keychain' | 'actor' | 'logger'>;

/** Opens a local instance's directory; by default over its SQLite file. */
export type LocalDirectoryFactory = (
  instance: StoredLocalInstance,
  common: LocalDirectoryCommon,
) => Promise<Directory>;

export interface DirectoryRegistryDeps {
  findInstance: (id: string) => StoredInstance | undefined;
  dataDir: string;
  nativeDir: string;
  hasher: PasswordHasher;
  keychain: Keychain;
  actor: string;
  logger: Logger;
  connections: RemoteConnections;
  /** How a local instance is opened, when not over its file (tests open one on PostgreSQL). */
  openLocal?: LocalDirectoryFactory;
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
  /** Each opening is kept as it starts, so two callers at once share one directory. */
  const open = new Map<string, Promise<Directory>>();
  /** The openings that are done, so that closing them all is done at once. */
  const ready = new Map<string, Directory>();

  const openFile: LocalDirectoryFactory = (instance, common) => {
    const file = instanceFilePath(deps.dataDir, instance.file);
    mkdirSync(path.dirname(file), { recursive: true });
    const db = openInstanceDatabase(file, { mode: 'either', nativeDir: deps.nativeDir });
    return Promise.resolve(createLocalDirectory({ db, instanceId: instance.id, ...common }));
  };
  const openLocal = deps.openLocal ?? openFile;
  const start = async (instance: StoredLocalInstance): Promise<Directory> => {
    const { hasher, keychain, actor, logger } = deps;
    const directory = await openLocal(instance, { hasher, keychain, actor, logger });
    logger.info(`opened instance ${instance.name}`);
    return directory;
  };
  const close = (instanceId: string): Promise<void> => {
    const opening = open.get(instanceId);
    const directory = ready.get(instanceId);
    open.delete(instanceId);
    ready.delete(instanceId);
    if (directory) {
      directory.close();
      return Promise.resolve();
    }
    return opening?.then((late) => late.close()).catch(() => undefined) ?? Promise.resolve();
  };

  return {
    get(instanceId) {
      const existing = open.get(instanceId);
      if (existing) return existing;
      const instance = deps.findInstance(instanceId);
      if (!instance)
        throw new RosterError('NOT_FOUND', 'That instance is no longer in the navigator.', 'instanceId');
      if (instance.kind === 'remote') return deps.connections.directory(instanceId);
      const opening = start(instance);
      open.set(instanceId, opening);
      // A failed opening is not kept: the next call tries again.
      opening.then(
        (directory) => {
          if (open.get(instanceId) === opening) ready.set(instanceId, directory);
        },
        () => {
          if (open.get(instanceId) === opening) open.delete(instanceId);
        },
      );
      return opening;
    },
    async forget(instance) {
      if (instance.kind === 'remote') return deps.connections.remove(instance.id);
      await close(instance.id);
    },
    closeAll() {
      for (const instanceId of [...open.keys()]) void close(instanceId);
      deps.connections.closeAll();
    },
  };
}
