import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { writeOnPostgres } from '../../../electron/database/portable/postgresRunner';
import { openPostgresDatabase } from '../../../electron/database/postgres/postgresDatabase';
import { jobKey } from '../../../electron/services/directory/jobStore';
import { insertUser } from '../../../electron/services/directory/portable/usersTable';
import { BULK_CHUNK, type BulkStatus } from '../../../shared/domain/bulk';
import { createDatabase } from '../../support/postgresCluster';
import { apiClient, signIn, type ApiClient } from '../server/support/api';
import { ADMIN } from '../server/support/instanceFile';
import { endedJob, killOnceUnderWay } from '../server/support/killedJob';
import { runCli, START_TIMEOUT_MS, startServer, type RunningServer } from '../server/support/serverProcess';

/**
 * Bulk jobs behind a load balancer: two real server processes over one PostgreSQL database. A job
 * runs in the process that started it, but its status is a row, so the other process answers its
 * status and its cancel; its one-time secrets are sealed under the job's id, which only the
 * caller holds. A process killed mid-job leaves whole chunks, and its job reads as failed.
 */

let url: string;
let servers: RunningServer[] = [];
let apis: ApiClient[];
let token: string;
let db: pg.Client;

const PATH = '/api/users/bulk';
/** How long the process reading a killed job waits for a sign of life (--job-timeout). */
const JOB_TIMEOUT_SECONDS = 2;

beforeAll(async () => {
  url = await createDatabase(inject('postgresUrl'));
  const made = await runCli(
    ['admin', '--database', url, '--username', ADMIN.username, '--email', ADMIN.email],
    { env: { ROSTER_ADMIN_PASSWORD: ADMIN.password } },
  );
  expect(made.stderr).toBe('');
  servers = await Promise.all([startServer(['--database', url]), startServer(['--database', url])]);
  apis = servers.map((server) => apiClient(server.url));
  token = await signIn(apis[0] as ApiClient, ADMIN.username, ADMIN.password);
  db = new pg.Client({ connectionString: url });
  await db.connect();
}, START_TIMEOUT_MS * 2);

afterAll(async () => {
  await db.end();
  await Promise.all(servers.map((server) => server.stop()));
});

const [A, B] = [0, 1];
const on = (index: number): ApiClient => apis[index] as ApiClient;

/** Users straight into the database, no password hashing: `prefix-00000`… */
async function seedUsers(prefix: string, count: number): Promise<number[]> {
  const database = await openPostgresDatabase(url, { maxConnections: 1 });
  try {
    const now = new Date().toISOString();
    return await writeOnPostgres(database, function* () {
      const ids: number[] = [];
      for (let index = 0; index < count; index++) {
        const username = `${prefix}-${String(index).padStart(5, '0')}`;
        ids.push(
          yield* insertUser({
            username,
            displayName: `Across ${index}`,
            email: `${username}@example.com`,
            passwordHash: 'not-a-hash',
            enabled: true,
            now,
          }),
        );
      }
      return ids;
    });
  } finally {
    await database.close();
  }
}

const disabledOf = async (prefix: string): Promise<number> =>
  Number(
    (
      await db.query<{ n: string }>(
        "SELECT count(*) AS n FROM users WHERE username_key LIKE $1 || '-%' AND enabled = 0",
        [prefix],
      )
    ).rows[0]?.n,
  );

describe('a bulk job on one of two server processes', () => {
  it('is polled and cancelled on the other: both tell the same status, and the database agrees', async () => {
    const ids = await seedUsers('across', BULK_CHUNK * 6);
    const started = await on(A).call<BulkStatus>('POST', PATH, {
      token,
      body: { action: { kind: 'disable' }, selection: { kind: 'ids', userIds: ids } },
    });
    expect(started.status).toBe(201);
    const jobId = started.body.id;
    for (;;) {
      const status = await on(B).call<BulkStatus>('GET', `${PATH}/${jobId}`, { token });
      expect(status.status).toBe(200);
      if (status.body.processed > 0) break;
      await sleep(20);
    }
    const cancelled = await on(B).call<BulkStatus>('DELETE', `${PATH}/${jobId}`, { token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.state).toBe('cancelling');

    const ended = await endedJob<BulkStatus>(on(B), PATH, jobId, token);
    expect(ended.state).toBe('cancelled');
    expect(ended.processed).toBeLessThan(ids.length);
    expect(ended.processed % BULK_CHUNK).toBe(0);
    expect(ended.changed).toBe(ended.processed);
    // The process that ran it says the same, and the users are as the summary says.
    expect((await on(A).call<BulkStatus>('GET', `${PATH}/${jobId}`, { token })).body).toEqual(ended);
    expect(await disabledOf('across')).toBe(ended.changed);
  }, 300_000);

  it('hands its temporary passwords out on the other process, and the database holds them only sealed', async () => {
    const ids = await seedUsers('sealed', 3);
    const started = await on(A).call<BulkStatus>('POST', PATH, {
      token,
      body: { action: { kind: 'resetPassword' }, selection: { kind: 'ids', userIds: ids } },
    });
    expect(started.status).toBe(201);
    const ended = await endedJob<BulkStatus>(on(B), PATH, started.body.id, token);
    expect(ended).toMatchObject({ state: 'done', changed: 3 });
    expect(ended.secrets).toHaveLength(3);
    const [first] = ended.secrets;
    // A password handed out by B signs in (on A) and must be changed.
    const signedIn = await on(A).call('POST', '/api/auth/token', {
      body: { username: first?.username, password: first?.temporaryPassword },
    });
    expect(signedIn.status).toBe(200);

    const stored = [
      ...(await db.query<{ row: string }>('SELECT jobs::text AS row FROM jobs')).rows.map((row) => row.row),
      ...(await db.query<{ sealed: Buffer }>('SELECT sealed FROM job_secrets')).rows.map((row) =>
        row.sealed.toString('latin1'),
      ),
    ].join('\n');
    expect(stored).toContain(jobKey(started.body.id));
    for (const secret of ended.secrets) expect(stored).not.toContain(secret.temporaryPassword);
    expect(stored).not.toContain(started.body.id);
    // Someone else's id, one character off, finds nothing on either process.
    const other = `${started.body.id.slice(0, -1)}${started.body.id.endsWith('0') ? '1' : '0'}`;
    for (const index of [A, B])
      expect((await on(index).call('GET', `${PATH}/${other}`, { token })).status).toBe(404);
  }, 120_000);
});

describe('a server process killed in the middle of a bulk job', () => {
  it('leaves whole chunks, and its job reads as failed on another process once it gives no sign of life', async () => {
    const ids = await seedUsers('killed', BULK_CHUNK * 10);
    const { jobId } = await killOnceUnderWay(['--database', url], PATH, {
      action: { kind: 'disable' },
      selection: { kind: 'ids', userIds: ids },
    });
    const reader = await startServer(['--database', url, '--job-timeout', String(JOB_TIMEOUT_SECONDS)]);
    servers.push(reader);
    const ended = await endedJob<BulkStatus>(apiClient(reader.url), PATH, jobId, token);
    expect(ended.state).toBe('failed');
    expect(ended.error).toMatch(/server process running this job stopped/);
    expect(ended.finishedAt).not.toBeNull();
    expect(ended.processed).toBeGreaterThan(0);
    expect(ended.processed).toBeLessThan(ids.length);
    expect(ended.processed % BULK_CHUNK).toBe(0);
    // What the status counts is exactly what the database holds: no chunk half in, none uncounted.
    expect(await disabledOf('killed')).toBe(ended.changed);
    expect(ended.changed).toBe(ended.processed);
    // A cancel of a dead job changes nothing.
    const cancel = await apiClient(reader.url).call<BulkStatus>('DELETE', `${PATH}/${jobId}`, { token });
    expect(cancel.body.state).toBe('failed');
  }, 300_000);
});
