import { useCallback, useEffect, useState } from 'react';
import type { Result, RosterErrorData } from '../../../shared/contract/errors';
import type { InstanceView } from '../../../shared/domain/instance';
import { coalesced } from './coalesced';
import { roster } from '../roster/roster';
import { useWorkbench } from '../store/workbenchStore';

export type InstanceRead<T> =
  | { status: 'unreachable' }
  | { status: 'loading' }
  | { status: 'ready'; value: T }
  | { status: 'failed'; error: RosterErrorData };

/**
 * What `read` answers about an instance, asked while it is shown and again after every change made
 * through Roster, every Reload instance and every return to the window. A remote instance that is
 * not connected is not asked: asking would not connect it, only fail. Nor is one whose answer is
 * not `wanted` now (a collapsed node's counts). `retry` asks again after a failure.
 */
export function useInstanceRead<T>(
  instance: InstanceView,
  read: (instanceId: string) => Promise<Result<T>>,
  wanted = true,
): InstanceRead<T> & { retry: () => void } {
  const reachable = wanted && (instance.kind === 'local' || instance.state === 'connected');
  const instanceId = instance.id;
  const reloads = useWorkbench((state) => state.reloads[instanceId] ?? 0);
  const [answer, setAnswer] = useState<InstanceRead<T>>({ status: 'loading' });
  const [asks, setAsks] = useState(0);

  useEffect(() => {
    if (!reachable) return;
    let shown = true;
    setAnswer({ status: 'loading' });
    const refresh = coalesced(async () => {
      const result = await read(instanceId);
      if (!shown) return;
      setAnswer(
        result.ok ? { status: 'ready', value: result.value } : { status: 'failed', error: result.error },
      );
    });
    refresh();
    const stopListening = roster().on('directory.changed', (changed) => {
      if (changed.instanceId === instanceId) refresh();
    });
    // Changes made outside Roster (another admin, a script on the server) are announced to nobody:
    // coming back to the window reads again, as a desktop view is fresh when it is looked at.
    window.addEventListener('focus', refresh);
    return () => {
      shown = false;
      stopListening();
      window.removeEventListener('focus', refresh);
    };
  }, [instanceId, reachable, read, asks, reloads]);

  const retry = useCallback(() => setAsks((count) => count + 1), []);
  return { ...(reachable ? answer : { status: 'unreachable' }), retry };
}
