import type { ChannelGroup, Handlers } from '../../../shared/contract/channel';
import type { EventBus } from '../../rpc/eventBus';

/**
 * Jobs whose last mark is remembered, the latest answered first kept: a job polled again after it
 * was forgotten only announces once more, while the map stays small however many jobs a long
 * session runs.
 */
export const JOBS_REMEMBERED = 256;

/**
 * The same handlers, except that each channel the contract marks as changing a directory announces
 * `directory.changed` for its instance once it has succeeded: whichever window or store made the
 * change, every view of that instance (the navigator's counts, say) hears of it from one place. A
 * job's status, asked many times while it runs, announces only when the job got further.
 */
export function announceDirectoryChanges<G extends ChannelGroup>(
  contract: G,
  handlers: Handlers<G>,
  events: EventBus,
): Handlers<G> {
  const announced: Partial<Record<keyof G, unknown>> = {};
  // Each job's last mark announced, by instance and job: its start, polls and cancel share one.
  const marks = new Map<string, string>();
  for (const name of Object.keys(handlers) as (keyof G & string)[]) {
    const channel = contract[name];
    if (!channel?.changesDirectory) continue;
    const { progressOf } = channel;
    // `changing` admits only inputs that name an instance; the dispatcher has checked this one.
    const handler = handlers[name] as (input: { instanceId: string }) => unknown;
    announced[name] = async (input: { instanceId: string }) => {
      const value = await handler(input);
      if (progressOf) {
        const { job, mark } = progressOf(value);
        const key = `${input.instanceId}\u0000${job}`;
        const unchanged = marks.get(key) === mark;
        // Deleted first, so that the Map's order stays the order jobs were last answered in.
        marks.delete(key);
        marks.set(key, mark);
        if (marks.size > JOBS_REMEMBERED) marks.delete(marks.keys().next().value as string);
        if (unchanged) return value;
      }
      events.emit('directory.changed', { instanceId: input.instanceId });
      return value;
    };
  }
  return { ...handlers, ...announced };
}
