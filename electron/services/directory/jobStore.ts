import { RosterError } from '../../../shared/contract/errors';
import type { BulkSecret, bulkStates } from '../../../shared/domain/bulk';
import { all, get, run, type Work } from '../../database/portable/steps';
import type { WorkRunner } from '../../database/portable/workRunner';
import { seal, sha256Hex, unseal } from '../../secrets/sealing';

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

/** A job's status: its progress, its kind's own fields, and the one-time secrets it made. */
export type JobStatus = JobProgress & { secrets: BulkSecret[] };

export type JobKind = 'bulk' | 'import';

export interface JobStoreOptions {
  now: () => Date;
  /** How long a finished job's status (and its one-time secrets) stays readable. */
  keepMs: number;
  /** A running job whose process gave no sign of life for this long has failed. */
  staleMs: number;
}

interface JobRow {
  state: JobProgress['state'];
  total: number;
  processed: number;
  fields: string;
  error: string | null;
  started_at: string;
  finished_at: string | null;
  heartbeat_at: string;
}

const UNFINISHED = "state IN ('running', 'cancelling')";
const SECRETS_CONTEXT = 'roster job secrets';

/**
 * A job's row key. The id itself is the key its secrets are sealed under (HKDF, in sealing.ts): it
 * goes only to whoever started the job, and the database holds neither it nor anything it opens.
 */
export const jobKey = (id: string): string => sha256Hex(`job\n${id}`);

/** The status fields a job's kind adds to its progress; its secrets are kept apart, sealed. */
const PROGRESS_AND_SECRETS = new Set([
  'id',
  'state',
  'total',
  'processed',
  'error',
  'startedAt',
  'finishedAt',
  'secrets',
]);
const ownFields = (status: JobStatus): string =>
  JSON.stringify(
    Object.fromEntries(Object.entries(status).filter(([name]) => !PROGRESS_AND_SECRETS.has(name))),
  );

/**
 * Bulk or import jobs of one kind, as rows of the instance's `jobs` table (migration 0130), so that
 * any process serving the instance answers a job's status and cancel, whichever one runs it. Every
 * statement here but a chunk's progress stands alone, outside the writers' turn: it touches only
 * its job's row. A job whose process gives no sign of life for `staleMs` reads as failed, and from
 * then on no chunk of it may commit, so that a status once failed stays failed.
 */
export function createJobStore<Status extends JobStatus>(
  runner: WorkRunner,
  kind: JobKind,
  options: JobStoreOptions,
) {
  const { now, keepMs, staleMs } = options;
  const at = (offsetMs = 0) => new Date(now().getTime() - offsetMs).toISOString();

  const failedReason = (heartbeat: string) =>
    `The server process running this job stopped (its last sign of life was at ${heartbeat}); what its chunks committed stays done, the rest was not started.`;

  function* statusOf(id: string, owner: string): Work<Status | undefined> {
    const key = jobKey(id);
    const row = yield* get<JobRow>(
      `SELECT state, total, processed, fields, error, started_at, finished_at, heartbeat_at FROM jobs
       WHERE id_hash = ? AND kind = ? AND owner = ?`,
      key,
      kind,
      owner,
    );
    if (!row) return undefined;
    // Read after the row: the secrets of every chunk the row counts are there, perhaps one more's.
    const sealed = yield* all<{ sealed: Uint8Array }>(
      'SELECT sealed FROM job_secrets WHERE id_hash = ? AND processed <= ? ORDER BY processed',
      key,
      row.processed,
    );
    const secrets = sealed.flatMap((chunk) => {
      const text = unseal(id, SECRETS_CONTEXT, Buffer.from(chunk.sealed));
      if (text === undefined)
        throw new RosterError('INTERNAL', "The job's one-time secrets cannot be read back.");
      return JSON.parse(text) as BulkSecret[];
    });
    const stale = (row.state === 'running' || row.state === 'cancelling') && row.heartbeat_at < at(staleMs);
    return {
      ...(JSON.parse(row.fields) as object),
      id,
      state: stale ? 'failed' : row.state,
      total: row.total,
      processed: row.processed,
      error: stale ? failedReason(row.heartbeat_at) : row.error,
      startedAt: row.started_at,
      finishedAt: stale ? row.heartbeat_at : row.finished_at,
      secrets,
    } as Status;
  }

  return {
    /** Keeps a new job's first status, and forgets the jobs past their keep time. */
    create: (status: Status, owner: string): Promise<void> =>
      runner.read(function* () {
        yield* run('DELETE FROM jobs WHERE finished_at < ?', at(keepMs));
        yield* run(`DELETE FROM jobs WHERE ${UNFINISHED} AND heartbeat_at < ?`, at(staleMs + keepMs));
        yield* run(
          `INSERT INTO jobs (id_hash, owner, kind, state, total, processed, fields, started_at, heartbeat_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          jobKey(status.id),
          owner,
          kind,
          status.state,
          status.total,
          status.processed,
          ownFields(status),
          status.startedAt,
          at(),
        );
      }),

    /** The job's status as it stands, for its owner only. */
    read: (id: string, owner: string): Promise<Status | undefined> => runner.read(() => statusOf(id, owner)),

    /** Asks the job to stop before its next chunk, and answers its status. */
    cancel: (id: string, owner: string): Promise<Status | undefined> =>
      runner.read(function* () {
        yield* run(
          `UPDATE jobs SET cancel_requested = 1, state = 'cancelling'
           WHERE id_hash = ? AND kind = ? AND owner = ? AND state = 'running' AND heartbeat_at >= ?`,
          jobKey(id),
          kind,
          owner,
          at(staleMs),
        );
        return yield* statusOf(id, owner);
      }),

    cancelRequested: (id: string): Promise<boolean> =>
      runner.read(function* () {
        const row = yield* get<{ cancel_requested: number }>(
          'SELECT cancel_requested FROM jobs WHERE id_hash = ?',
          jobKey(id),
        );
        return row?.cancel_requested === 1;
      }),

    /** A sign of life from the running process; false once the job has been given up as failed. */
    beat: (id: string): Promise<boolean> =>
      runner.read(function* () {
        const changed = yield* run(
          `UPDATE jobs SET heartbeat_at = ? WHERE id_hash = ? AND ${UNFINISHED} AND heartbeat_at >= ?`,
          at(),
          jobKey(id),
          at(staleMs),
        );
        return changed > 0;
      }),

    /**
     * The status after a chunk, as work for the chunk's own write transaction: the chunk and what
     * the status says of it commit together or not at all. A job given up as failed meanwhile
     * refuses the chunk, which rolls it back.
     */
    *record(status: Status, made: readonly BulkSecret[]): Work<void> {
      const key = jobKey(status.id);
      const changed = yield* run(
        `UPDATE jobs SET processed = ?, fields = ?, heartbeat_at = ?
         WHERE id_hash = ? AND ${UNFINISHED} AND heartbeat_at >= ?`,
        status.processed,
        ownFields(status),
        at(),
        key,
        at(staleMs),
      );
      if (changed === 0)
        throw new Error('This job was given up as failed: its process gave no sign of life for too long.');
      if (made.length > 0)
        yield* run(
          'INSERT INTO job_secrets (id_hash, processed, sealed) VALUES (?, ?, ?)',
          key,
          status.processed,
          seal(status.id, SECRETS_CONTEXT, JSON.stringify(made)),
        );
    },

    /**
     * A chunk's secrets told again after its commit (how their mails went); `status` is the one
     * that chunk recorded. Mails that went are told even of a job given up as failed meanwhile.
     */
    retell: (status: Status, made: readonly BulkSecret[]): Promise<void> =>
      runner.read(function* () {
        yield* run(
          'UPDATE job_secrets SET sealed = ? WHERE id_hash = ? AND processed = ?',
          seal(status.id, SECRETS_CONTEXT, JSON.stringify(made)),
          jobKey(status.id),
          status.processed,
        );
      }),

    /** The job's end, unless it was given up as failed meanwhile (its status already says so). */
    finish: (id: string, state: Status['state'], error: string | null): Promise<void> =>
      runner.read(function* () {
        yield* run(
          `UPDATE jobs SET state = ?, error = ?, finished_at = ?, heartbeat_at = ?
           WHERE id_hash = ? AND ${UNFINISHED} AND heartbeat_at >= ?`,
          state,
          error,
          at(),
          at(),
          jobKey(id),
          at(staleMs),
        );
      }),
  };
}

export type JobStore<Status extends JobStatus> = ReturnType<typeof createJobStore<Status>>;
