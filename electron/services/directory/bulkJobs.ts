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
import type { Work } from '../../database/portable/steps';
import { createChunkedJobs, type Awaitable, type ChunkAfter, type ChunkedJobsDeps } from './chunkedJobs';

/** What one chunk came to, user by user. */
export interface ChunkDone {
  changed: number;
  unchanged: number;
  refusals: BulkRefusal[];
  secrets: BulkSecret[];
}

/**
 * What a bulk action does with a store: the job runner knows nothing of SQL, keychains or roles,
 * only the order of the steps and what may be cancelled.
 */
export interface BulkWork<Prepared> {
  /** Refuses, before anything runs, an action that cannot apply to anyone (a group that is gone). */
  check: (action: BulkAction) => Awaitable<void>;
  /** The selected users, in list order, as they are when the work starts. */
  resolve: (selection: UserSelection) => Awaitable<UserId[]>;
  chunkSize: (action: BulkAction) => number;
  /** Slow work outside the write (password hashes), so that no transaction waits on it. */
  prepare: (action: BulkAction, userIds: readonly UserId[]) => Promise<Prepared>;
  /**
   * One chunk, in one write transaction: each user changed, unchanged or refused on their own; the
   * transaction ends with `record` of what the chunk came to (the job's progress, kept with it).
   */
  apply: (
    action: BulkAction,
    userIds: readonly UserId[],
    prepared: Prepared,
    record: (done: ChunkDone) => Work<void>,
  ) => Awaitable<ChunkAfter>;
}

export interface BulkJobsDeps<Prepared> extends ChunkedJobsDeps {
  work: BulkWork<Prepared>;
}

/** A chunk's outcome added to the job's status; refusals are listed up to BULK_REFUSALS_LISTED. */
function addChunk(status: BulkStatus, done: ChunkDone): void {
  status.changed += done.changed;
  status.unchanged += done.unchanged;
  status.refused += done.refusals.length;
  status.refusals.push(...done.refusals.slice(0, BULK_REFUSALS_LISTED - status.refusals.length));
  status.secrets.push(...done.secrets);
}

/** Bulk jobs of one directory: one action on many users, in chunks (see createChunkedJobs). */
export function createBulkJobs<Prepared>(deps: BulkJobsDeps<Prepared>) {
  const { work } = deps;
  const jobs = createChunkedJobs<BulkStatus>(deps, 'bulk');

  return {
    async start(request: BulkRequest): Promise<BulkStatus> {
      const { action } = request;
      await work.check(action);
      const userIds = await work.resolve(request.selection);
      return jobs.start({ action, changed: 0, unchanged: 0, refused: 0, refusals: [] }, userIds, {
        size: work.chunkSize(action),
        prepare: (chunk) => work.prepare(action, chunk),
        apply: (chunk, prepared, record) =>
          work.apply(action, chunk, prepared, (done) => record((status) => addChunk(status, done))),
      });
    },
    status: (id: string) => jobs.status(id),
    cancel: (id: string) => jobs.cancel(id),
  };
}

export type BulkJobs = ReturnType<typeof createBulkJobs>;
