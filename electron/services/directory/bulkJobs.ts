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
import { createChunkedJobs, type Awaitable, type ChunkedJobsDeps } from './chunkedJobs';

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
  /** One chunk, in one write transaction: each user changed, unchanged or refused on their own. */
  apply: (action: BulkAction, userIds: readonly UserId[], prepared: Prepared) => Awaitable<ChunkOutcome>;
}

export interface BulkJobsDeps<Prepared> extends ChunkedJobsDeps {
  work: BulkWork<Prepared>;
}

const copy = (status: BulkStatus): BulkStatus => ({
  ...status,
  refusals: [...status.refusals],
  secrets: [...status.secrets],
});

/** Bulk jobs of one directory: one action on many users, in chunks (see createChunkedJobs). */
export function createBulkJobs<Prepared>(deps: BulkJobsDeps<Prepared>) {
  const { work } = deps;
  const jobs = createChunkedJobs<BulkStatus>(deps, copy);

  return {
    async start(request: BulkRequest): Promise<BulkStatus> {
      const { action } = request;
      await work.check(action);
      const userIds = await work.resolve(request.selection);
      return jobs.start(
        { action, changed: 0, unchanged: 0, refused: 0, refusals: [], secrets: [] },
        userIds,
        {
          size: work.chunkSize(action),
          prepare: (chunk) => work.prepare(action, chunk),
          async apply(chunk, prepared, status) {
            const outcome = await work.apply(action, chunk, prepared);
            status.changed += outcome.changed;
            status.unchanged += outcome.unchanged;
            status.refused += outcome.refusals.length;
            status.refusals.push(...outcome.refusals.slice(0, BULK_REFUSALS_LISTED - status.refusals.length));
            status.secrets.push(...outcome.secrets);
            return outcome;
          },
        },
      );
    },
    status: (id: string) => jobs.status(id),
    cancel: (id: string) => jobs.cancel(id),
  };
}

export type BulkJobs = ReturnType<typeof createBulkJobs>;
