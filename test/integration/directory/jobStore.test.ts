import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkRunner } from '../../../electron/database/portable/workRunner';
import { createJobStore, jobKey } from '../../../electron/services/directory/jobStore';
import type { BulkSecret, BulkStatus } from '../../../shared/domain/bulk';
import { openTestStorage, type TestStorage } from './support/storage';
import { useTempDirs } from './support/tempDirs';

/**
 * The jobs table behind bulk and import jobs, on this run's storage: a job is its owner's and its
 * kind's; a chunk's progress commits with the chunk or not at all; secrets are kept sealed under
 * the job's id, which the storage never holds; a job whose process stopped reads as failed and
 * takes no more chunks; finished jobs are forgotten after the keep time.
 */

const { tempDir } = useTempDirs();
const KEEP_MS = 60_000;
const STALE_MS = 10_000;

let storage: TestStorage;
let clock: number;
let runner: WorkRunner;
beforeEach(async () => {
  storage = await openTestStorage(tempDir());
  clock = Date.parse('2030-01-01T00:00:00.000Z');
  runner = { write: writing, read: writing };
});
afterEach(() => storage.close());

/** The storage's write, whose SQLite refusal is a throw, as a rejected promise. */
const writing: WorkRunner['write'] = async (work) => storage.write(work);

const storeOf = (kind: 'bulk' | 'import' = 'bulk') =>
  createJobStore<BulkStatus>(runner, kind, {
    now: () => new Date(clock),
    keepMs: KEEP_MS,
    staleMs: STALE_MS,
  });

const newStatus = (): BulkStatus => ({
  id: randomUUID(),
  action: { kind: 'resetPassword' },
  state: 'running',
  total: 4,
  processed: 0,
  changed: 0,
  unchanged: 0,
  refused: 0,
  refusals: [],
  secrets: [],
  error: null,
  startedAt: new Date(clock).toISOString(),
  finishedAt: null,
});

const secret = (userId: number): BulkSecret => ({
  userId,
  username: `user${userId}`,
  temporaryPassword: `pw-${randomUUID()}`,
});

/** The status after a chunk of two users, both changed, with their secrets. */
const afterChunk = (status: BulkStatus, made: BulkSecret[]): BulkStatus => ({
  ...status,
  processed: status.processed + 2,
  changed: status.changed + 2,
  secrets: [...status.secrets, ...made],
});

/** Everything the storage holds of jobs, as text. */
const storedText = async () => {
  const jobs = await storage.query<Record<string, unknown>>('SELECT * FROM jobs');
  const sealed = await storage.query<{ sealed: Uint8Array }>('SELECT sealed FROM job_secrets');
  return [JSON.stringify(jobs), ...sealed.map((row) => Buffer.from(row.sealed).toString('latin1'))].join(
    '\n',
  );
};

describe('the job store', () => {
  it('shows a job to its owner only, and under its own kind only', async () => {
    const store = storeOf();
    const status = newStatus();
    await store.create(status, 'ann');
    expect(await store.read(status.id, 'ann')).toEqual(status);
    expect(await store.read(status.id, 'bob')).toBeUndefined();
    expect(await storeOf('import').read(status.id, 'ann')).toBeUndefined();
    expect(await store.read(randomUUID(), 'ann')).toBeUndefined();
    expect(await store.cancel(status.id, 'bob')).toBeUndefined();
    expect((await store.read(status.id, 'ann'))?.state).toBe('running');
  });

  it('records a chunk in its own transaction, secrets sealed: a chunk rolled back records nothing', async () => {
    const store = storeOf();
    const status = newStatus();
    await store.create(status, 'ann');
    const made = [secret(1), secret(2)];
    const first = afterChunk(status, made);
    await storage.write(() => store.record(first, made));
    expect(await store.read(status.id, 'ann')).toEqual(first);

    const lost = [secret(3), secret(4)];
    await expect(
      writing(function* () {
        yield* store.record(afterChunk(first, lost), lost);
        throw new Error('The chunk failed after recording.');
      }),
    ).rejects.toThrow('The chunk failed');
    expect(await store.read(status.id, 'ann')).toEqual(first);

    const stored = await storedText();
    expect(stored).toContain(jobKey(status.id));
    expect(stored).not.toContain(status.id);
    for (const { temporaryPassword } of made) expect(stored).not.toContain(temporaryPassword);
  });

  it('asks a running job to stop and says cancelling; an ended job stays as it ended', async () => {
    const store = storeOf();
    const status = newStatus();
    await store.create(status, 'ann');
    expect(await store.cancelRequested(status.id)).toBe(false);
    expect((await store.cancel(status.id, 'ann'))?.state).toBe('cancelling');
    expect(await store.cancelRequested(status.id)).toBe(true);
    clock += 1000;
    await store.finish(status.id, 'cancelled', null);
    const ended = await store.read(status.id, 'ann');
    expect(ended).toMatchObject({ state: 'cancelled', finishedAt: new Date(clock).toISOString() });
    expect(await store.cancel(status.id, 'ann')).toEqual(ended);
  });

  it('reads a job with no sign of life as failed, and takes no more of its chunks', async () => {
    const store = storeOf();
    const alive = newStatus();
    await store.create(alive, 'ann');
    clock += STALE_MS - 1000;
    expect(await store.beat(alive.id)).toBe(true);
    const heard = new Date(clock).toISOString();
    clock += STALE_MS - 1000;
    expect((await store.read(alive.id, 'ann'))?.state).toBe('running');

    clock += 1001;
    const failed = await store.read(alive.id, 'ann');
    expect(failed).toMatchObject({ state: 'failed', finishedAt: heard, processed: 0 });
    expect(failed?.error).toContain('server process running this job stopped');
    expect(await store.beat(alive.id)).toBe(false);
    await expect(writing(() => store.record(afterChunk(alive, []), []))).rejects.toThrow(
      /given up as failed/,
    );
    await store.finish(alive.id, 'done', null);
    expect(await store.cancel(alive.id, 'ann')).toEqual(failed);
  });

  it('forgets a finished job after the keep time, and a dead one after the keep time past its death', async () => {
    const store = storeOf();
    const finished = newStatus();
    const dead = newStatus();
    await store.create(finished, 'ann');
    await store.create(dead, 'ann');
    await store.finish(finished.id, 'done', null);
    clock += KEEP_MS - 1;
    await store.create(newStatus(), 'ann');
    expect(await store.read(finished.id, 'ann')).toBeDefined();
    clock += 2;
    await store.create(newStatus(), 'ann');
    expect(await store.read(finished.id, 'ann')).toBeUndefined();
    expect((await store.read(dead.id, 'ann'))?.state).toBe('failed');
    clock += STALE_MS;
    await store.create(newStatus(), 'ann');
    expect(await store.read(dead.id, 'ann')).toBeUndefined();
  });
});
