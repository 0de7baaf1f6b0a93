import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Handlers } from '../../../shared/contract/channel';
import { RosterError } from '../../../shared/contract/errors';
import type { instancesChannels } from '../../../shared/contract/instances';
import type { StoredInstance } from '../../../shared/domain/instance';
import type { InstanceList } from './instanceList';

type LocalChannels = 'instances.list' | 'instances.addLocal' | 'instances.rename' | 'instances.remove';

export interface InstancesDeps {
  instances: InstanceList;
  /** Relative instance files are resolved against it. */
  dataDir: string;
  /** Creates or checks an instance file; refuses a file that is not a Roster instance. */
  prepareLocalFile: (file: string, mode: 'create' | 'open') => void;
  /**
   * An instance is leaving the navigator: close its file, or sign out and remove
   * its secrets. When this throws, the instance stays.
   */
  onRemoving: (instance: StoredInstance) => Promise<void>;
}

/** Listing, naming and removing instances of either kind, and adding local ones. */
export function createInstancesService(
  deps: InstancesDeps,
): Pick<Handlers<typeof instancesChannels>, LocalChannels> {
  const { instances, dataDir } = deps;

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
    'instances.list': () => instances.all().map(instances.view),
    'instances.addLocal': ({ name, mode, file }) => {
      instances.refuseNameClash(name);
      if (mode === 'open' && file === undefined)
        throw new RosterError('INVALID_INPUT', 'Enter the path of an instance file.', 'file');
      const relative = file ?? newFileFor(name);
      const absolute = path.resolve(dataDir, relative);
      if (
        instances
          .all()
          .some((instance) => instance.kind === 'local' && path.resolve(dataDir, instance.file) === absolute)
      )
        throw new RosterError('CONFLICT', 'That file is already in the navigator.', 'file');
      deps.prepareLocalFile(absolute, mode);
      const added: StoredInstance = { id: instances.newId(), name, kind: 'local', file: relative };
      instances.save([...instances.all(), added]);
      return instances.view(added);
    },
    'instances.rename': ({ id, name }) => {
      const renamed = { ...instances.find(id), name };
      instances.refuseNameClash(name, id);
      instances.save(instances.all().map((instance) => (instance.id === id ? renamed : instance)));
      return instances.view(renamed);
    },
    'instances.remove': async ({ id }) => {
      await deps.onRemoving(instances.find(id));
      instances.save(instances.all().filter((instance) => instance.id !== id));
      return null;
    },
  };
}
