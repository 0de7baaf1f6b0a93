import type { ChannelGroup, Handlers } from '../../../shared/contract/channel';
import type { EventBus } from '../../rpc/eventBus';

/**
 * The same handlers, except that each channel the contract marks as changing a directory announces
 * `directory.changed` for its instance once it has succeeded: whichever window or store made the
 * change, every view of that instance (the navigator's counts, say) hears of it from one place.
 */
export function announceDirectoryChanges<G extends ChannelGroup>(
  contract: G,
  handlers: Handlers<G>,
  events: EventBus,
): Handlers<G> {
  const announced: Partial<Record<keyof G, unknown>> = {};
  for (const name of Object.keys(handlers) as (keyof G & string)[]) {
    if (!contract[name]?.changesDirectory) continue;
    // `changing` admits only inputs that name an instance; the dispatcher has checked this one.
    const handler = handlers[name] as (input: { instanceId: string }) => unknown;
    announced[name] = async (input: { instanceId: string }) => {
      const value = await handler(input);
      events.emit('directory.changed', { instanceId: input.instanceId });
      return value;
    };
  }
  return { ...handlers, ...announced };
}
