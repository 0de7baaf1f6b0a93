import { useEffect, useState } from 'react';
import type { InstanceView } from '../../../shared/domain/instance';
import { coalesced } from '../common/coalesced';
import { roster } from '../roster/roster';
import { useWorkbench } from '../store/workbenchStore';

export interface InstanceCounts {
  users: number;
  groups: number;
}

/** Asks only for the totals: a page of one row carries them. */
const ONE_ROW = { limit: 1 };

/**
 * How many users and groups an instance holds, asked for while they are shown and again
 * after every change made through Roster and every Reload instance. Undefined while unknown: before the first answer, when
 * the instance could not answer, or when a remote instance is not connected (asking would not
 * connect it, only fail).
 */
export function useInstanceCounts(instance: InstanceView, shown: boolean): InstanceCounts | undefined {
  const reachable = shown && (instance.kind === 'local' || instance.state === 'connected');
  const [counts, setCounts] = useState<InstanceCounts>();
  const instanceId = instance.id;
  const reloads = useWorkbench((state) => state.reloads[instance.id] ?? 0);

  useEffect(() => {
    if (!reachable) return;
    let shown = true;
    const refresh = coalesced(async () => {
      const [users, groups] = await Promise.all([
        roster().invoke('directory.users.search', { instanceId, page: ONE_ROW }),
        roster().invoke('directory.groups.search', { instanceId, page: ONE_ROW }),
      ]);
      if (!shown) return;
      setCounts(users.ok && groups.ok ? { users: users.value.total, groups: groups.value.total } : undefined);
    });
    refresh();
    const stopListening = roster().on('directory.changed', (changed) => {
      if (changed.instanceId === instanceId) refresh();
    });
    return () => {
      shown = false;
      stopListening();
    };
  }, [instanceId, reachable, reloads]);

  return reachable ? counts : undefined;
}
