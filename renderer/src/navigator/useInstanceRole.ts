import type { Result } from '../../../shared/contract/errors';
import type { InstanceView } from '../../../shared/domain/instance';
import type { Role } from '../../../shared/domain/roles';
import { useInstanceRead } from '../common/useInstanceRead';
import { roster } from '../roster/roster';

async function readRole(instanceId: string): Promise<Result<Role>> {
  const status = await roster().invoke('directory.status', { instanceId });
  return status.ok ? { ok: true, value: status.value.role } : status;
}

/**
 * The role Roster acts with on an instance, asked while its nodes are shown and again after every
 * change (an Administrator may have made their own account an Auditor). Undefined while unknown.
 */
export function useInstanceRole(instance: InstanceView, shown: boolean): Role | undefined {
  const read = useInstanceRead(instance, readRole, shown);
  return read.status === 'ready' ? read.value : undefined;
}
