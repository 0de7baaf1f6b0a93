import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
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
  /** Creates or checks an instance file; refuses a file that is not a Roster instance. */
  prepareLocalFile: (file: string, mode: 'create' | 'open') => void;
  /** An instance left the navigator: close whatever was open for it. */
  onRemoved: (id: string) => void;
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

  const save = (instances: StoredInstance[]) => {
    settings.set('instances', instances);
    events.emit('instances.changed', instances.map(view));
  };

  const find = (id: string): StoredInstance => {
    const instance = stored().find((candidate) => candidate.id === id);
    if (!instance) throw new RosterError('NOT_FOUND', 'That instance is no longer in the navigator.', 'id');
    return instance;
  };

  const refuseNameClash = (name: string, exceptId?: string) => {
    const clash = stored().find(
      (other) => other.id !== exceptId && other.name.toLocaleLowerCase() === name.toLocaleLowerCase(),
    );
    if (clash)
      throw new RosterError('CONFLICT', `Another instance is already named "${clash.name}".`, 'name');
  };

  /** A fresh file under the data folder, named after the instance. */
  const newFileFor = (name: string) => {
    const slug =
      name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'instance';
    for (let n = 1; ; n++) {
      const candidate = path.join('instances', n === 1 ? `${slug}.sqlite` : `${slug}-${n}.sqlite`);
      if (!existsSync(path.resolve(dataDir, candidate))) return candidate;
    }
  };

  return {
    'instances.list': () => stored().map(view),
    'instances.addLocal': ({ name, mode, file }) => {
      refuseNameClash(name);
      if (mode === 'open' && file === undefined)
        throw new RosterError('INVALID_INPUT', 'Enter the path of an instance file.', 'file');
      const relative = file ?? newFileFor(name);
      const absolute = path.resolve(dataDir, relative);
      if (stored().some((instance) => path.resolve(dataDir, instance.file) === absolute))
        throw new RosterError('CONFLICT', 'That file is already in the navigator.', 'file');
      deps.prepareLocalFile(absolute, mode);
      const added: StoredInstance = { id: newId(), name, kind: 'local', file: relative };
      save([...stored(), added]);
      return view(added);
    },
    'instances.rename': ({ id, name }) => {
      const target = find(id);
      refuseNameClash(name, id);
      const renamed = { ...target, name };
      save(stored().map((instance) => (instance.id === id ? renamed : instance)));
      return view(renamed);
    },
    'instances.remove': ({ id }) => {
      find(id);
      save(stored().filter((instance) => instance.id !== id));
      deps.onRemoved(id);
      return null;
    },
  };
}
