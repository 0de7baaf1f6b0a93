import { commandOf, type CommandId } from '../../../shared/commands/commands';
import type { InstanceView } from '../../../shared/domain/instance';
import { retryMayHelp } from '../common/remoteFailure';

const isLive = (instance: InstanceView) => instance.state === 'connected' || instance.state === 'connecting';

/**
 * Whether a command can act on this instance now (Connect only on one not connected, say). The
 * navigator's menu, the application menu and the palette all ask this. Disconnect takes an instance
 * in error too: it ends the session kept for it and leaves it offline, as asked.
 */
export function appliesTo(command: CommandId, instance: InstanceView): boolean {
  const scope = commandOf(command).instance;
  if (scope === undefined) return false;
  if (scope === 'remote' && instance.kind !== 'remote') return false;
  if (command === 'instance.connect') return !isLive(instance) && retryMayHelp(instance);
  if (command === 'instance.disconnect') return instance.state !== 'offline';
  return true;
}

/** The instances a command can act on, the selected one first, then in the navigator's order. */
export function targetsOf(
  command: CommandId,
  instances: readonly InstanceView[],
  selectedId: string | undefined,
): InstanceView[] {
  const eligible = instances.filter((instance) => appliesTo(command, instance));
  const selected = eligible.find((instance) => instance.id === selectedId);
  return selected ? [selected, ...eligible.filter((instance) => instance !== selected)] : eligible;
}
