import type { InstanceView } from '../../../shared/domain/instance';
import { retryMayHelp } from '../common/remoteFailure';
import { useInstances } from '../store/instancesStore';
import { useWorkbench } from '../store/workbenchStore';

/**
 * Reads an instance again: its place in the navigator, and the figures shown for it. A remote
 * instance that is not connected is connected first, unless connecting again cannot help.
 */
export async function reloadInstance(instance: InstanceView): Promise<void> {
  const instances = useInstances.getState();
  const idle = instance.state !== 'connected' && instance.state !== 'connecting';
  if (instance.kind === 'remote' && idle && retryMayHelp(instance)) await instances.connect(instance.id);
  await instances.load();
  useWorkbench.getState().reloaded(instance.id);
}
