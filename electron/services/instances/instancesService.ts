import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Handlers } from '../../../shared/contract/channel';
import { RosterError } from '../../../shared/contract/errors';
import type { instancesChannels } from '../../../shared/contract/instances';
import {
  DEFAULT_LOCAL_INSTANCE_NAME,
  type InstanceView,
  type StoredInstance,
} from '../../../shared/domain/instance';
import type { EventBus } from '../../rpc/eventBus';
import type { SettingsStore } from '../../settings/settingsStore';

export interface InstancesDeps {
  settings: SettingsStore;
  events: EventBus;
  /** Relative instance files are resolved against it. */
  dataDir: string;
  newId?: () => string;
}

export const DEFAULT_LOCAL_FILE = path.join('instances', 'local.sqlite');

/**
 * The navigator's instances, kept in settings. On first start (no list saved
 * yet) there is one local instance named "Local".
 */
export function createInstancesService(deps: InstancesDeps): Handlers<typeof instancesChannels> {
  const { settings, events, dataDir, newId = randomUUID } = deps;

  if (settings.get('instances') === undefined) {
    settings.set('instances', [
      { id: newId(), name: DEFAULT_LOCAL_INSTANCE_NAME, kind: 'local', file: DEFAULT_LOCAL_FILE },
    ]);
  }

  const stored = (): StoredInstance[] => settings.get('instances') ?? [];

  const view = (instance: StoredInstance): InstanceView => ({
    id: instance.id,
    name: instance.name,
    kind: instance.kind,
    location: path.resolve(dataDir, instance.file),
    state: 'online',
    stateDetail: 'Local instance: works without a network connection.',
  });

  const list = () => stored().map(view);

  const save = (instances: StoredInstance[]) => {
    settings.set('instances', instances);
    events.emit('instances.changed', instances.map(view));
  };

  const find = (id: string): StoredInstance => {
    const instance = stored().find((candidate) => candidate.id === id);
    if (!instance) throw new RosterError('NOT_FOUND', 'That instance is no longer in the navigator.', 'id');
    return instance;
  };

  return {
    'instances.list': list,
    'instances.rename': ({ id, name }) => {
      const target = find(id);
      const clash = stored().find(
        (other) => other.id !== id && other.name.toLocaleLowerCase() === name.toLocaleLowerCase(),
      );
      if (clash)
        throw new RosterError('CONFLICT', `Another instance is already named "${clash.name}".`, 'name');
      const renamed = { ...target, name };
      save(stored().map((instance) => (instance.id === id ? renamed : instance)));
      return view(renamed);
    },
    'instances.remove': ({ id }) => {
      find(id);
      save(stored().filter((instance) => instance.id !== id));
      return null;
    },
  };
}
