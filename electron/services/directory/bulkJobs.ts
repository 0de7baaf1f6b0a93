import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { RosterError } from '../../../shared/contract/errors';
import {
  BULK_REFUSALS_LISTED,
  type BulkAction,
  type BulkRefusal,
  type BulkRequest,
  type BulkSecret,
  type BulkStatus,
  type UserSelection,
} from '../../../shared/domain/bulk';
import type { UserId } from '../../../shared/domain/directory';

/** What one chunk came to, user by user. */
export interface ChunkOutcome {
  changed: number;
  unchanged: number;
  refusals: BulkRefusal[];
  secrets: BulkSecret[];
  /** After the chunk committed: what lives outside the file (kept token values, the search copy). */
  afterwards: () => Promise<void>;
}

/**
 * What a bulk action does with a store: the job runner below knows nothing of SQL, keychains or
 * roles, only the order of the steps and what may be cancelled.
 */
export interface BulkWork<Prepared> {
  /** Refuses, before anything runs, an action that cannot apply to anyone (a group that is gone). */
  check: (action: BulkAction) => void;
  /** The selected users, in list order, as they are when the work starts. */
  resolve: (selection: UserSelection) => UserId[];
  chunkSize: (action: BulkAction) => number;
  /** Slow work outside the write (password hashes), so that no transaction waits on it. */
  prepare: (action: BulkAction, userIds: readonly UserId[]) => Promise<Prepared>;
  /** One chunk, in one write transaction: each user changed, unchanged or refused on their own. */
  apply: (action: BulkAction, userIds: readonly UserId[], prepared: Prepared) => ChunkOutcome;
}

export interface BulkJobsDeps<Prepared> {
  work: BulkWork<Prepared>;
  now: () => Date;
  /** Who is asking: a job is seen and cancelled only by whoever started it. */
  owner: () => string;
  /** How long a finished job's status (and its one-time secrets) stays readable. */
  keepMs?: number;
}

interface Job {
  owner: string;
  status: BulkStatus;
  cancelRequested: boolean;
}

const KEEP_MS = 60 * 60_000;

const copy = (status: BulkStatus): BulkStatus => ({
  ...status,
  refusals: [...status.refusals],
  secrets: [...status.secrets],
});

/**
 * Bulk jobs of one directory: each runs its chunks one after another in this process, between
 * other work, and stops between chunks when cancelled. A chunk is one transaction, so a crash or a
 * cancel leaves every user either changed or not, never half of a chunk.
 */
export function createBulkJobs<Prepared>(deps: BulkJobsDeps<Prepared>) {
  const { work, now, owner } = deps;
  const keepMs = deps.keepMs ?? KEEP_MS;
  const jobs = new Map<string, Job>();

  const forgetOld = () => {
    const horizon = now().getTime() - keepMs;
    for (const [id, job] of jobs)
      if (job.status.finishedAt !== null && Date.parse(job.status.finishedAt) < horizon) jobs.delete(id);
  };

  const ownJob = (id: string): Job => {
    const job = jobs.get(id);
    if (!job || job.owner !== owner())
      throw new RosterError('NOT_FOUND', 'There is no such bulk job (or it finished long ago).', 'jobId');
    return job;
  };

  const finish = (job: Job, state: BulkStatus['state'], error: string | null = null) => {
    job.status.state = state;
    job.status.error = error;
    job.status.finishedAt = now().toISOString();
  };

  // Read through a call: a cancel arrives while the job awaits, which the compiler cannot see.
  const stopped = (job: Job): boolean => job.cancelRequested;

  async function run(job: Job, userIds: readonly UserId[]): Promise<void> {
    const { action } = job.status;
    const size = work.chunkSize(action);
    try {
      for (let start = 0; start < userIds.length; start += size) {
        if (stopped(job)) return finish(job, 'cancelled');
        const chunk = userIds.slice(start, start + size);
        const prepared = await work.prepare(action, chunk);
        if (stopped(job)) return finish(job, 'cancelled');
        const outcome = work.apply(action, chunk, prepared);
        const { status } = job;
        status.processed += chunk.length;
        status.changed += outcome.changed;
        status.unchanged += outcome.unchanged;
        status.refused += outcome.refusals.length;
        status.refusals.push(...outcome.refusals.slice(0, BULK_REFUSALS_LISTED - status.refusals.length));
        status.secrets.push(...outcome.secrets);
        await outcome.afterwards();
        // Lets requests (a status, a cancel, someone else's search) in between chunks.
        await nextTurn();
      }
      finish(job, 'done');
    } catch (error) {
      finish(job, 'failed', error instanceof Error ? error.message : String(error));
    }
  }

  return {
    start(request: BulkRequest): BulkStatus {
      forgetOld();
      work.check(request.action);
      const userIds = work.resolve(request.selection);
      const job: Job = {
        owner: owner(),
        cancelRequested: false,
        status: {
          id: randomUUID(),
          action: request.action,
          state: 'running',
          total: userIds.length,
          processed: 0,
          changed: 0,
          unchanged: 0,
          refused: 0,
          refusals: [],
          secrets: [],
          error: null,
          startedAt: now().toISOString(),
          finishedAt: null,
        },
      };
      jobs.set(job.status.id, job);
      const started = copy(job.status);
      void run(job, userIds);
      return started;
    },

    status: (id: string): BulkStatus => copy(ownJob(id).status),

    /** Stops the job before its next chunk; the chunk under way, if any, still commits. */
    cancel(id: string): BulkStatus {
      const job = ownJob(id);
      if (job.status.state === 'running') {
        job.cancelRequested = true;
        job.status.state = 'cancelling';
      }
      return copy(job.status);
    },
  };
}

export type BulkJobs = ReturnType<typeof createBulkJobs>;
