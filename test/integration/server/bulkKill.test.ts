import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { insertUser } from '../../../electron/services/directory/local/usersTable';
import { BULK_CHUNK, type BulkStatus } from '../../../shared/domain/bulk';
import { IMPORT_CHUNK } from '../../../shared/domain/userImport';
import { makeTempDir } from '../../support/tempDir';
import { newInstanceFile } from './support/instanceFile';
import { apiClient } from './support/api';
import { endedJob, KILLED_CHUNKS as CHUNKS, killedImportRows, killOnceUnderWay } from './support/killedJob';
import { startServer } from './support/serverProcess';

/**
 * A server process killed (SIGKILL) in the middle of a bulk job or an import: each chunk is one transaction, so
 * the file holds whole chunks only. The users, the audit entries that name them, and the job's
 * status, which another process reads as failed, all agree.
 */

const temp = makeTempDir('roster-bulk-kill-');
afterAll(() => temp.remove());

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

    const { jobId, token } = await killOnceUnderWay(['--db', file], '/api/users/bulk', {
      action: { kind: 'disable' },
      selection: { kind: 'matching', filters: { query: 'killme-' } },
    });
    // Another process on the file reads the job as failed once it gave no sign of life for a while.
    const reader = await startServer(['--db', file, '--job-timeout', '1']);
    let status: BulkStatus;
    try {
      status = await endedJob<BulkStatus>(apiClient(reader.url), '/api/users/bulk', jobId, token);
    } finally {
      await reader.stop();
    }
    expect(status.state).toBe('failed');
    expect(status.error).toMatch(/server process running this job stopped/);

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
      // The status counts exactly what the file holds.
      expect(status.changed).toBe(disabled);
      expect(status.processed).toBe(disabled);
    } finally {
      db.close();
    }
  }, 120_000);

  it('an import leaves whole chunks only: every row of a chunk in (user, invitation, group, audit), or none', async () => {
    const file = path.join(temp.path, 'import.sqlite');
    await newInstanceFile(file);
    const rows = killedImportRows();
    await killOnceUnderWay(['--db', file], '/api/users/import', { rows });

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
