import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { RosterError } from '../../../shared/contract/errors';
import {
  DEFAULT_LOCAL_INSTANCE_NAME,
  type InstanceView,
  type StoredInstance,
  type StoredRemoteInstance,
} from '../../../shared/domain/instance';
import type { EventBus } from '../../rpc/eventBus';
import type { SettingsStore } from '../../settings/settingsStore';
import type { ConnectionStatus } from '../connections/remoteConnections';

const DEFAULT_LOCAL_FILE = path.join('instances', 'local.sqlite');

export interface InstanceListDeps {
  settings: SettingsStore;
  events: EventBus;
  /** Relative instance files are resolved against it. */
  dataDir: string;
  /** A remote instance's connection state. */
  statusOf: (id: string) => ConnectionStatus;
  newId?: () => string;
}

export interface InstanceList {
  all: () => StoredInstance[];
  /** Throws NOT_FOUND for an id no longer in the navigator. */
  find: (id: string) => StoredInstance;
  /** Throws for an id that is not a remote instance. */
  findRemote: (id: string) => StoredRemoteInstance;
  /** Saves the whole list and tells every window. */
  save: (instances: StoredInstance[]) => void;
  /** Tells every window, say when a connection state changed. */
  announce: () => void;
  /** Throws CONFLICT when another instance (not `exceptId`) has this name, in any case. */
  refuseNameClash: (name: string, exceptId?: string) => void;
  view: (instance: StoredInstance) => InstanceView;
  newId: () => string;
}

/**
 * The navigator's instances, kept in settings. On first start (no list saved
 * yet) there is one local instance named "Local".
 */
export function createInstanceList(deps: InstanceListDeps): InstanceList {
  const { settings, events, dataDir } = deps;
  const newId = deps.newId ?? randomUUID;

  if (settings.get('instances') === undefined) {
    settings.set('instances', [
      { id: newId(), name: DEFAULT_LOCAL_INSTANCE_NAME, kind: 'local', file: DEFAULT_LOCAL_FILE },
    ]);
  }

  const all = (): StoredInstance[] => settings.get('instances') ?? [];

  const view = (instance: StoredInstance): InstanceView => {
    if (instance.kind === 'local')
      return {
        id: instance.id,
        name: instance.name,
        kind: instance.kind,
        location: path.resolve(dataDir, instance.file),
        state: 'connected',
        stateDetail: 'Local instance: works without a network connection.',
      };
    const status = deps.statusOf(instance.id);
    return {
      id: instance.id,
      name: instance.name,
      kind: instance.kind,
      location: instance.url,
      state: status.state,
      stateDetail: status.detail,
      ...(status.kind === undefined ? {} : { stateKind: status.kind }),
      ...(status.certificate === undefined ? {} : { stateCertificate: status.certificate }),
      connection: {
        url: instance.url,
        username: instance.username,
        timeoutSeconds: instance.timeoutSeconds,
        ...(instance.trustedCertificate
          ? { trustedFingerprint: instance.trustedCertificate.fingerprint }
          : {}),
      },
    };
  };

  const announce = () => events.emit('instances.changed', all().map(view));

  const find = (id: string): StoredInstance => {
    const instance = all().find((candidate) => candidate.id === id);
    if (!instance) throw new RosterError('NOT_FOUND', 'That instance is no longer in the navigator.', 'id');
    return instance;
  };

  return {
    all,
    find,
    findRemote(id) {
      const instance = find(id);
      if (instance.kind !== 'remote')
        throw new RosterError(
          'INVALID_INPUT',
          `"${instance.name}" is a local instance: it has no connection.`,
          'id',
        );
      return instance;
    },
    save(instances) {
      settings.set('instances', instances);
      announce();
    },
    announce,
    refuseNameClash(name, exceptId) {
      const clash = all().find(
        (other) => other.id !== exceptId && other.name.toLocaleLowerCase() === name.toLocaleLowerCase(),
      );
      if (clash)
        throw new RosterError('CONFLICT', `Another instance is already named "${clash.name}".`, 'name');
    },
    view,
    newId,
  };
}
