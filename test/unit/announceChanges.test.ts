import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { changing, changingAsJob, channel } from '../../shared/contract/channel';
import { createEventBus } from '../../electron/rpc/eventBus';
import { announceDirectoryChanges, JOBS_REMEMBERED } from '../../electron/services/directory/announceChanges';

const onInstance = z.object({ instanceId: z.string(), job: z.string().optional() });
const progress = z.object({ id: z.string(), state: z.string(), processed: z.number() });
const contract = {
  read: channel(onInstance, z.number()),
  write: changing(onInstance, z.number()),
  poll: changingAsJob(onInstance, progress),
};

/** The handlers wrapped, with the instances each `directory.changed` named, in order. */
function announcing() {
  const events = createEventBus();
  const heard: string[] = [];
  events.subscribe((event, payload) => {
    if (event === 'directory.changed') heard.push((payload as { instanceId: string }).instanceId);
  });
  const state = new Map<string, number>();
  const handlers = announceDirectoryChanges(
    contract,
    {
      read: () => 1,
      write: () => 2,
      poll: ({ job }) => ({ id: job ?? 'j', state: 'running', processed: state.get(job ?? 'j') ?? 0 }),
    },
    events,
  );
  return { handlers, heard, state };
}

describe('directory.changed, announced by the channels that change a directory', () => {
  it('follows a write, never a read, and a job only when it got further', async () => {
    const { handlers, heard, state } = announcing();
    await handlers.read({ instanceId: 'a' });
    await handlers.write({ instanceId: 'a' });
    expect(heard).toEqual(['a']);

    await handlers.poll({ instanceId: 'b', job: 'j1' });
    await handlers.poll({ instanceId: 'b', job: 'j1' });
    expect(heard).toEqual(['a', 'b']);
    state.set('j1', 500);
    await handlers.poll({ instanceId: 'b', job: 'j1' });
    await handlers.poll({ instanceId: 'b', job: 'j1' });
    expect(heard).toEqual(['a', 'b', 'b']);
  });

  it(`remembers the last ${JOBS_REMEMBERED} jobs answered, not every job of the session`, async () => {
    const { handlers, heard } = announcing();
    await handlers.poll({ instanceId: 'a', job: 'first' });
    for (let n = 0; n < JOBS_REMEMBERED - 1; n++) await handlers.poll({ instanceId: 'a', job: `job-${n}` });
    // Answered again, so it stays while the others before it go.
    await handlers.poll({ instanceId: 'a', job: 'first' });
    expect(heard).toHaveLength(JOBS_REMEMBERED);
    await handlers.poll({ instanceId: 'a', job: 'one-more' });
    await handlers.poll({ instanceId: 'a', job: 'first' });
    expect(heard).toHaveLength(JOBS_REMEMBERED + 1);
    // The oldest, job-0, was forgotten: its next poll announces once more.
    await handlers.poll({ instanceId: 'a', job: 'job-0' });
    expect(heard).toHaveLength(JOBS_REMEMBERED + 2);
  });
});
