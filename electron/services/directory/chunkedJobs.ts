import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { RosterError } from '../../../shared/contract/errors';
import type { bulkStates } from '../../../shared/domain/bulk';

/** A step the SQLite directory answers at once and the PostgreSQL one after a round trip. */
export type Awaitable<T> = T | Promise<T>;

/** What every job's status says, whatever its work: how far it got, and whether it ended. */
export interface JobProgress {
  id: string;
  state: (typeof bulkStates)[number];
  total: number;
  /** Items whose chunk was committed. */
  processed: number;
  /** Why the work stopped, when it failed. */
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

/** How a job's items are worked through: the runner knows nothing of SQL, keychains or roles. */
export interface ChunkSteps<Item, Prepared, Status extends JobProgress> {
  size: number;
  /** Slow work outside the write (password hashes), so that no transaction waits on it. */
  prepare: (chunk: readonly Item[]) => Promise<Prepared>;
  /**
   * One chunk in one write transaction, its outcome added to `status`; what lives outside the
   * file (kept token values, the search copy) is left to `afterwards`, once the chunk committed.
   */
  apply: (
    chunk: readonly Item[],
    prepared: Prepared,
    status: Status,
  ) => Awaitable<{ afterwards: () => Promise<void> }>;
}

export interface ChunkedJobsDeps {
  now: () => Date;
  /** Who is asking: a job is seen and cancelled only by whoever started it. */
  owner: () => string;
  /** How long a finished job's status (and its one-time secrets) stays readable. */
  keepMs?: number;
}

interface Job<Status> {
  owner: string;
  status: Status;
  cancelRequested: boolean;
}

const KEEP_MS = 60 * 60_000;

/**
 * Jobs of one kind on one directory: each runs its chunks one after another in this process,
 * between other work, and stops between chunks when cancelled. A chunk is one transaction, so a
 * crash or a cancel leaves every item either done or not, never half of a chunk.
 */
export function createChunkedJobs<Status extends JobProgress>(
  deps: ChunkedJobsDeps,
  /** A copy of a status to hand out, so that a later chunk does not change an answer already given. */
  copy: (status: Status) => Status,
) {
  const { now, owner } = deps;
  const keepMs = deps.keepMs ?? KEEP_MS;
  const jobs = new Map<string, Job<Status>>();

  const forgetOld = () => {
    const horizon = now().getTime() - keepMs;
    for (const [id, job] of jobs)
      if (job.status.finishedAt !== null && Date.parse(job.status.finishedAt) < horizon) jobs.delete(id);
  };

  const ownJob = (id: string): Job<Status> => {
    const job = jobs.get(id);
    if (!job || job.owner !== owner())
      throw new RosterError('NOT_FOUND', 'There is no such job (or it finished long ago).', 'jobId');
    return job;
  };

  const finish = (job: Job<Status>, state: Status['state'], error: string | null = null) => {
    job.status.state = state;
    job.status.error = error;
    job.status.finishedAt = now().toISOString();
  };

  // Read through a call: a cancel arrives while the job awaits, which the compiler cannot see.
  const stopped = (job: Job<Status>): boolean => job.cancelRequested;

  async function run<Item, Prepared>(
    job: Job<Status>,
    items: readonly Item[],
    steps: ChunkSteps<Item, Prepared, Status>,
  ): Promise<void> {
    try {
      for (let start = 0; start < items.length; start += steps.size) {
        if (stopped(job)) return finish(job, 'cancelled');
        const chunk = items.slice(start, start + steps.size);
        const prepared = await steps.prepare(chunk);
        if (stopped(job)) return finish(job, 'cancelled');
        const { afterwards } = await steps.apply(chunk, prepared, job.status);
        job.status.processed += chunk.length;
        await afterwards();
        // Lets requests (a status, a cancel, someone else's search) in between chunks.
        await nextTurn();
      }
      finish(job, 'done');
    } catch (error) {
      finish(job, 'failed', error instanceof Error ? error.message : String(error));
    }
  }

  return {
    /** Answers the job's first status at once; the chunks run after. */
    start<Item, Prepared>(
      fields: Omit<Status, keyof JobProgress>,
      items: readonly Item[],
      steps: ChunkSteps<Item, Prepared, Status>,
    ): Status {
      forgetOld();
      const progress: JobProgress = {
        id: randomUUID(),
        state: 'running',
        total: items.length,
        processed: 0,
        error: null,
        startedAt: now().toISOString(),
        finishedAt: null,
      };
      const job: Job<Status> = {
        owner: owner(),
        cancelRequested: false,
        status: { ...fields, ...progress } as Status,
      };
      jobs.set(job.status.id, job);
      const started = copy(job.status);
      void run(job, items, steps);
      return started;
    },

    status: (id: string): Status => copy(ownJob(id).status),

    /** Stops the job before its next chunk; the chunk under way, if any, still commits. */
    cancel(id: string): Status {
      const job = ownJob(id);
      if (job.status.state === 'running') {
        job.cancelRequested = true;
        job.status.state = 'cancelling';
      }
      return copy(job.status);
    },
  };
}
