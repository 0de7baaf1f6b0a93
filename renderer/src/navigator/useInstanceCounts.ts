import type { Result } from '../../../shared/contract/errors';
import type { InstanceView } from '../../../shared/domain/instance';
import { roster } from '../roster/roster';
import { useInstanceRead } from '../common/useInstanceRead';

export interface InstanceCounts {
  users: number;
  groups: number;
}

/** Asks only for the totals: a page of one row carries them. */
const ONE_ROW = { limit: 1 };

async function readCounts(instanceId: string): Promise<Result<InstanceCounts>> {
  const [users, groups] = await Promise.all([
    roster().invoke('directory.users.search', { instanceId, page: ONE_ROW }),
    roster().invoke('directory.groups.search', { instanceId, page: ONE_ROW }),
  ]);
  if (!users.ok) return users;
  if (!groups.ok) return groups;
  return { ok: true, value: { users: users.value.total, groups: groups.value.total } };
}

/**
 * How many users and groups an instance holds, asked for while they are shown and again after
 * every change made through Roster. Undefined while unknown: before the first answer, when the
 * instance could not answer, or when a remote instance is not connected.
 */
export function useInstanceCounts(instance: InstanceView, shown: boolean): InstanceCounts | undefined {
  const read = useInstanceRead(instance, readCounts, shown);
  return read.status === 'ready' ? read.value : undefined;
}
