import { useEffect, useState } from 'react';
import type { RosterErrorData } from '../../../shared/contract/errors';
import type { Role } from '../../../shared/domain/roles';
import { roster } from '../roster/roster';

/** The role the app acts with on an instance, as the instance answers it; read again on retry. */
export function useCallerRole(instanceId: string) {
  const [role, setRole] = useState<Role>();
  const [failure, setFailure] = useState<RosterErrorData>();
  const [reads, setReads] = useState(0);
  useEffect(() => {
    let current = true;
    setFailure(undefined);
    void roster()
      .invoke('directory.status', { instanceId })
      .then((status) => {
        if (!current) return;
        if (status.ok) setRole(status.value.role);
        else setFailure(status.error);
      });
    return () => {
      current = false;
    };
  }, [instanceId, reads]);
  return { role, failure, retry: () => setReads((count) => count + 1) };
}
