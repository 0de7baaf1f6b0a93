import { useCallback, useEffect, useRef, useState } from 'react';
import type { RosterErrorData } from '../../../../../shared/contract/errors';
import type { ApiKeyInfo } from '../../../../../shared/domain/apiKeys';
import type { UserDetail } from '../../../../../shared/domain/directory';
import { roster } from '../../../roster/roster';

/**
 * A user's API keys, read again whenever the form reads the user again (so the list's Refresh and a
 * disable show what the instance now holds) and on `reload`.
 */
export function useApiKeys(instanceId: string, user: UserDetail) {
  const [keys, setKeys] = useState<ApiKeyInfo[]>();
  const [failure, setFailure] = useState<RosterErrorData>();
  const reads = useRef(0);
  const userId = user.id;

  const reload = useCallback(async () => {
    const read = ++reads.current;
    const answer = await roster().invoke('directory.keys.list', { instanceId, userId });
    // An older read answering late must not replace a newer one (a revoked key coming back).
    if (read !== reads.current) return;
    if (answer.ok) {
      setKeys(answer.value);
      setFailure(undefined);
    } else setFailure(answer.error);
  }, [instanceId, userId]);

  useEffect(() => {
    void reload();
  }, [reload, user]);

  return { keys, failure, reload };
}
