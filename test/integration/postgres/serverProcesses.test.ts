import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { UserDetail } from '../../../shared/domain/directory';
import { createDatabase } from '../../support/postgresCluster';
import { apiClient, signIn, type Answer, type ApiClient } from '../server/support/api';
import { ADMIN } from '../server/support/instanceFile';
import { newUserFields } from '../server/support/servedInstance';
import { runCli, START_TIMEOUT_MS, startServer, type RunningServer } from '../server/support/serverProcess';

/**
 * Two instance server processes over one PostgreSQL database: every count and rule lives in the
 * database, so requests spread over both keep every limit one process keeps. The processes are
 * real (`npm run server -- --database postgres://…`), the database a throwaway cluster's.
 */

let url: string;
let servers: RunningServer[] = [];
let apis: ApiClient[];
let adminToken: string;
let db: pg.Client;

const ADDRESS_LIMIT = 8;

beforeAll(async () => {
  url = await createDatabase(inject('postgresUrl'));
  const made = await runCli(
    ['admin', '--database', url, '--username', ADMIN.username, '--email', ADMIN.email],
    {
      env: { ROSTER_ADMIN_PASSWORD: ADMIN.password },
    },
  );
  expect(made.stderr).toBe('');
  expect(made.stdout).toContain(`Created administrator ${ADMIN.username}`);
  // The address limit is per window across every username; the lockout tests below stay under it.
  const args = ['--database', url, '--address-limit', String(ADDRESS_LIMIT)];
  servers = await Promise.all([startServer(args), startServer(args)]);
  apis = servers.map((server) => apiClient(server.url));
  adminToken = await signIn(apis[0] as ApiClient, ADMIN.username, ADMIN.password);
  db = new pg.Client({ connectionString: url });
  await db.connect();
}, START_TIMEOUT_MS * 2);

afterAll(async () => {
  await db.end();
  await Promise.all(servers.map((server) => server.stop()));
});

/** The i-th request goes to server i mod 2. */
const on = (index: number): ApiClient => apis[index % 2] as ApiClient;

async function createUser(index: number, fields = newUserFields()): Promise<Answer<UserDetail>> {
  return on(index).call<UserDetail>('POST', '/api/users', { token: adminToken, body: fields });
}

const login = (index: number, username: string, password: string) =>
  on(index).call('POST', '/api/auth/token', { body: { username, password } });

async function auditDetails(userId: number, action: string): Promise<string[]> {
  const { rows } = await db.query<{ detail: string }>(
    'SELECT detail FROM audit_log WHERE target_id = $1 AND action = $2 ORDER BY id',
    [userId, action],
  );
  return rows.map((row) => row.detail);
}

describe('two server processes on one PostgreSQL database', () => {
  it('share sessions: a token from one is good on the other, and a refresh on one ends the old one on both', async () => {
    const signedIn = await on(0).call<{ accessToken: string; refreshToken: string }>(
      'POST',
      '/api/auth/token',
      { body: { username: ADMIN.username, password: ADMIN.password } },
    );
    expect(signedIn.status).toBe(200);
    expect((await on(1).call('GET', '/api/auth/me', { token: signedIn.body.accessToken })).status).toBe(200);
    const refreshed = await on(1).call('POST', '/api/auth/refresh', {
      body: { refreshToken: signedIn.body.refreshToken },
    });
    expect(refreshed.status).toBe(200);
    const replayed = await on(0).call('POST', '/api/auth/refresh', {
      body: { refreshToken: signedIn.body.refreshToken },
    });
    expect(replayed.status).toBe(401);
  });

  it('count 30 parallel wrong passwords split across both: exactly 5 are checked, and the account locks', async () => {
    const user = await createUser(0);
    expect(user.status).toBe(201);
    const { username, id } = user.body;
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => login(i, username, 'wrong-password')),
    );
    // The address limit (8) is not reached: a guess at a locked account gives its attempt back.
    expect(answers.map((answer) => answer.status)).toEqual(Array(30).fill(401));
    const account = await db.query<{ failed_logins: number; locked_until: string | null }>(
      'SELECT failed_logins, locked_until FROM users WHERE id = $1',
      [id],
    );
    expect(account.rows[0]).toMatchObject({ failed_logins: 5, locked_until: expect.any(String) as unknown });
    const failures = await auditDetails(id, 'signIn.failure');
    expect(failures.filter((detail) => detail.endsWith('wrong password.'))).toHaveLength(5);
    expect(await auditDetails(id, 'user.lock')).toHaveLength(1);
  });

  it('count one address limit for both: 30 guesses at unknown names, and only what is left of the window gets checked', async () => {
    const used = await db.query<{ failures: number }>(
      "SELECT failures FROM sign_in_addresses WHERE address_key = '127.0.0.1'",
    );
    const left = ADDRESS_LIMIT - (used.rows[0]?.failures ?? 0);
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => login(i, `nobody-${i}`, 'wrong-password')),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(left);
    expect(statuses.filter((status) => status === 429)).toHaveLength(30 - left);
  });

  it('let exactly one of two processes create the same username at once, every time', async () => {
    for (let round = 0; round < 10; round++) {
      const fields = newUserFields('twin');
      const answers = await Promise.all([createUser(0, fields), createUser(1, fields)]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
      const { rows } = await db.query('SELECT id FROM users WHERE username_key = $1', [
        fields.username.toLowerCase(),
      ]);
      expect(rows).toHaveLength(1);
    }
  });

  it('apply 40 edits of the same users sent to both at once, while both search: every one answers 200', async () => {
    const users = await Promise.all([createUser(0), createUser(1)]);
    const ids = users.map((user) => user.body.id);
    const edits = Array.from({ length: 40 }, (_, i) =>
      on(i).call<UserDetail>('PATCH', `/api/users/${ids[i % 2] as number}`, {
        token: adminToken,
        body: { displayName: `Edit ${i}` },
      }),
    );
    const searches = Array.from({ length: 20 }, (_, i) =>
      on(i).call('GET', `/api/users?q=edit&limit=50`, { token: adminToken }),
    );
    const answers = await Promise.all([...edits, ...searches]);
    expect(answers.map((answer) => answer.status)).toEqual(Array(60).fill(200));
    for (const id of ids) {
      // Each edit is one version and one audit entry: none was lost to another.
      const versions = users.find((user) => user.body.id === id)?.body.version ?? 0;
      const { rows } = await db.query<{ version: number }>('SELECT version FROM users WHERE id = $1', [id]);
      expect(Number(rows[0]?.version)).toBeGreaterThanOrEqual(versions + 20);
      expect(await auditDetails(id, 'user.update')).toHaveLength(20);
    }
  });

  it('answer a create sent to both with the same Idempotency-Key once: one user, the same answer twice', async () => {
    const fields = newUserFields('keyed');
    const headers = { 'Idempotency-Key': `key-${randomUUID()}` };
    const answers = await Promise.all(
      [0, 1].map((index) =>
        on(index).call<UserDetail>('POST', '/api/users', { token: adminToken, body: fields, headers }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual([201, 201]);
    expect(answers[0]?.body.id).toBe(answers[1]?.body.id);
    const { rows } = await db.query('SELECT id FROM users WHERE username_key = $1', [
      fields.username.toLowerCase(),
    ]);
    expect(rows).toHaveLength(1);
  });
});
