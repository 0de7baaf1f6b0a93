import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { RosterError } from '../../../shared/contract/errors';
import type { BulkSecret } from '../../../shared/domain/bulk';
import type { Work } from '../../database/portable/steps';
import type { WorkRunner } from '../../database/portable/workRunner';
import { createJobStore, type JobKind, type JobProgress, type JobStatus } from './jobStore';

export type { JobProgress } from './jobStore';

/** A step the SQLite directory answers at once and the PostgreSQL one after a round trip. */
export type Awaitable<T> = T | Promise<T>;

/**
 * The job's progress once a chunk is done, as work for the chunk's own write transaction: `add`
 * puts the chunk's outcome into the status, and the work writes that status (and seals the
 * secrets the chunk made) next to the chunk's changes.
 */
export type RecordChunk<Status> = (add: (status: Status) => void) => Work<void>;

/** What a chunk leaves to do once it committed. */
export interface ChunkAfter {
  /** What lives outside the storage (kept token values, the search copy). */
  afterwards: () => Promise<void>;
  /** The invitation mails the chunk owes: answers the chunk's secrets saying how each mail went. */
  deliver?: () => Promise<BulkSecret[]>;
}

/** How a job's items are worked through: the runner knows nothing of SQL, keychains or roles. */
export interface ChunkSteps<Item, Prepared, Status extends JobStatus> {
  size: number;
  /** Slow work outside the write (password hashes), so that no transaction waits on it. */
  prepare: (chunk: readonly Item[]) => Promise<Prepared>;
  /**
   * One chunk in one write transaction, which runs `record` once the chunk's outcome is known;
   * what lives outside the storage (kept token values, the search copy, mail) waits in the
   * ChunkAfter it answers until the chunk committed.
   */
  apply: (chunk: readonly Item[], prepared: Prepared, record: RecordChunk<Status>) => Awaitable<ChunkAfter>;
}

export interface ChunkedJobsDeps {
  now: () => Date;
  /** Who is asking: a job is seen and cancelled only by whoever started it. */
  owner: () => string;
  /** Where jobs are kept: the instance's own storage, which every process serving it shares. */
  storage: WorkRunner;
  /** How long a finished job's status (and its one-time secrets) stays readable. */
  keepMs?: number;
  /** A running job whose process gave no sign of life for this long reads as failed. */
  staleMs?: number;
}

const KEEP_MS = 60 * 60_000;
export const DEFAULT_JOB_STALE_MS = 2 * 60_000;
/** Signs of life per stale time: a few missed (a busy database) do not fail a job. */
const BEATS_PER_STALE = 4;

const noSuchJob = () =>
  new RosterError('NOT_FOUND', 'There is no such job (or it finished long ago).', 'jobId');

/**
 * Jobs of one kind on one directory: each runs its chunks one after another in the process that
 * started it, between other work, and stops between chunks when cancelled. Its status lives in the
 * instance's storage (jobStore.ts), so any process serving the instance answers a status or a
 * cancel. A chunk is one transaction, its progress written inside it, so a crash or a cancel leaves
 * every item either done or not, and the status saying so.
 */
export function createChunkedJobs<Status extends JobStatus>(deps: ChunkedJobsDeps, kind: JobKind) {
  const { now, owner } = deps;
  const staleMs = deps.staleMs ?? DEFAULT_JOB_STALE_MS;
  const store = createJobStore<Status>(deps.storage, kind, {
    now,
    keepMs: deps.keepMs ?? KEEP_MS,
    staleMs,
  });

  async function run<Item, Prepared>(
    status: Status,
    items: readonly Item[],
    steps: ChunkSteps<Item, Prepared, Status>,
  ): Promise<void> {
    const { id } = status;
    let current = status;
    const beats = setInterval(() => {
      // A beat that fails (the storage busy or gone) is made up for by the next one or the next chunk.
      store.beat(id).catch(() => undefined);
    }, staleMs / BEATS_PER_STALE);
    beats.unref();
    try {
      for (let start = 0; start < items.length; start += steps.size) {
        if (await store.cancelRequested(id)) return await store.finish(id, 'cancelled', null);
        const chunk = items.slice(start, start + steps.size);
        const prepared = await steps.prepare(chunk);
        if (await store.cancelRequested(id)) return await store.finish(id, 'cancelled', null);
        let next: Status | undefined;
        const { afterwards, deliver } = await steps.apply(chunk, prepared, (add) => {
          const after = structuredClone(current);
          add(after);
          after.processed += chunk.length;
          next = after;
          return store.record(after, after.secrets.slice(current.secrets.length));
        });
        if (!next) throw new Error('A chunk committed without recording its progress.');
        const made = current.secrets.length;
        current = next;
        await afterwards();
        if (deliver) {
          current.secrets.splice(made, Infinity, ...(await deliver()));
          await store.retell(current, current.secrets.slice(made));
        }
        // Lets requests (a status, a cancel, someone else's search) in between chunks.
        await nextTurn();
      }
      await store.finish(id, 'done', null);
    } catch (error) {
      await store.finish(id, 'failed', error instanceof Error ? error.message : String(error));
    } finally {
      clearInterval(beats);
    }
  }

  return {
    /** Answers the job's first status once it is kept; the chunks run after. */
    async start<Item, Prepared>(
      fields: Omit<Status, keyof JobProgress | 'secrets'>,
      items: readonly Item[],
      steps: ChunkSteps<Item, Prepared, Status>,
    ): Promise<Status> {
      const progress: JobProgress = {
        id: randomUUID(),
        state: 'running',
        total: items.length,
        processed: 0,
        error: null,
        startedAt: now().toISOString(),
        finishedAt: null,
      };
      const status = { ...fields, ...progress, secrets: [] } as unknown as Status;
      await store.create(status, owner());
      // A job whose storage is gone (the directory closed under it) is left to read as failed.
      void run(status, items, steps).catch(() => undefined);
      return structuredClone(status);
    },

    async status(id: string): Promise<Status> {
      const status = await store.read(id, owner());
      if (!status) throw noSuchJob();
      return status;
    },

    /** Stops the job before its next chunk; the chunk under way, if any, still commits. */
    async cancel(id: string): Promise<Status> {
      const status = await store.cancel(id, owner());
      if (!status) throw noSuchJob();
      return status;
    },
  };
}
