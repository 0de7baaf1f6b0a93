import Database from 'better-sqlite3';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { insertUser } from '../../../electron/services/directory/local/usersTable';
import { BULK_CHUNK } from '../../../shared/domain/bulk';
import { IMPORT_CHUNK } from '../../../shared/domain/userImport';
import { makeTempDir } from '../../support/tempDir';
import { apiClient, signIn } from './support/api';
import { ADMIN, newInstanceFile } from './support/instanceFile';
import { startServer } from './support/serverProcess';

/**
 * A server process killed (SIGKILL) in the middle of a bulk job or an import: each chunk is one transaction, so
 * the file holds whole chunks only. The users, and the audit entries that name them, agree.
 */

const temp = makeTempDir('roster-bulk-kill-');
afterAll(() => temp.remove());
const CHUNKS = 20;

/** Starts a job on a server process of its own over `file`, and kills it once a chunk is in. */
async function killOnceUnderWay(file: string, path: string, body: unknown): Promise<void> {
  const server = await startServer(['--db', file]);
  try {
    const api = apiClient(server.url);
    const token = await signIn(api, ADMIN.username, ADMIN.password);
    const started = await api.call<{ id: string }>('POST', path, { token, body });
    expect(started.status).toBe(201);
    for (;;) {
      const status = await api.call<{ processed: number }>('GET', `${path}/${started.body.id}`, { token });
      if (status.body.processed > 0) break;
      await sleep(2);
    }
  } finally {
    server.child.kill('SIGKILL');
    await server.stop();
  }
}

describe('a bulk job whose server is killed', () => {
  it('leaves whole chunks only: every user of a chunk changed, or none', async () => {
    const file = path.join(temp.path, 'instance.sqlite');
    await newInstanceFile(file);
    const writer = new Database(file);
    const now = new Date().toISOString();
    writer.transaction(() => {
      for (let index = 0; index < CHUNKS * BULK_CHUNK; index++) {
        const username = `killme-${String(index).padStart(5, '0')}`;
        insertUser(writer, {
          username,
          displayName: `Kill ${index}`,
          email: `${username}@example.com`,
          passwordHash: 'not-a-hash',
          enabled: true,
          now,
        });
      }
    })();
    writer.close();

    await killOnceUnderWay(file, '/api/users/bulk', {
      action: { kind: 'disable' },
      selection: { kind: 'matching', filters: { query: 'killme-' } },
    });

    const db = new Database(file, { readonly: true });
    try {
      const disabled = db
        .prepare("SELECT count(*) FROM users WHERE username_key LIKE 'killme-%' AND enabled = 0")
        .pluck()
        .get() as number;
      const audited = db
        .prepare(
          `SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.target_id
           WHERE a.action = 'user.disable' AND u.username_key LIKE 'killme-%'`,
        )
        .pluck()
        .get() as number;
      expect(disabled).toBeGreaterThan(0);
      expect(disabled, 'killed before the job ended').toBeLessThan(CHUNKS * BULK_CHUNK);
      expect(disabled % BULK_CHUNK).toBe(0);
      expect(audited).toBe(disabled);
    } finally {
      db.close();
    }
  }, 120_000);

  it('an import leaves whole chunks only: every row of a chunk in (user, invitation, group, audit), or none', async () => {
    const file = path.join(temp.path, 'import.sqlite');
    await newInstanceFile(file);
    const rows = Array.from({ length: CHUNKS * IMPORT_CHUNK }, (_, index) => ({
      line: index + 2,
      username: `killimp-${String(index).padStart(5, '0')}`,
      displayName: `Kill import ${index}`,
      email: `killimp${index}@example.com`,
      groups: `Kill team ${index % 3}`,
    }));
    await killOnceUnderWay(file, '/api/users/import', { rows });

    const db = new Database(file, { readonly: true });
    const count = (sql: string) => db.prepare(sql).pluck().get() as number;
    try {
      const users = count("SELECT count(*) FROM users WHERE username_key LIKE 'killimp-%'");
      expect(users).toBeGreaterThan(0);
      expect(users, 'killed before the import ended').toBeLessThan(rows.length);
      expect(users % IMPORT_CHUNK).toBe(0);
      expect(
        count(
          "SELECT count(*) FROM invitations i JOIN users u ON u.id = i.user_id WHERE u.username_key LIKE 'killimp-%'",
        ),
      ).toBe(users);
      expect(
        count(
          "SELECT count(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.username_key LIKE 'killimp-%'",
        ),
      ).toBe(users);
      expect(
        count(
          `SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.target_id
           WHERE a.action = 'user.invite' AND u.username_key LIKE 'killimp-%'`,
        ),
      ).toBe(users);
    } finally {
      db.close();
    }
  }, 120_000);
});
