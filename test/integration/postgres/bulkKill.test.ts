import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  openPostgresDatabase,
  type PostgresDatabase,
} from '../../../electron/database/postgres/postgresDatabase';
import { verifyAuditChain } from '../../../electron/services/directory/postgres/auditVerify';
import { insertUser } from '../../../electron/services/directory/postgres/usersTable';
import { BULK_CHUNK } from '../../../shared/domain/bulk';
import { IMPORT_CHUNK } from '../../../shared/domain/userImport';
import { createDatabase } from '../../support/postgresCluster';
import { ADMIN } from '../server/support/instanceFile';
import { KILLED_CHUNKS, killedImportRows, killOnceUnderWay } from '../server/support/killedJob';
import { runCli, START_TIMEOUT_MS } from '../server/support/serverProcess';

/**
 * A server process on PostgreSQL killed (SIGKILL) in the middle of a bulk job or an import: each
 * chunk is one transaction, which PostgreSQL rolls back when the dead process's connection drops,
 * so the database holds whole chunks only. The users, and the audit entries that name them, agree,
 * and the audit chain still verifies.
 */

let url: string;
let database: PostgresDatabase;

beforeAll(async () => {
  url = await createDatabase(inject('postgresUrl'));
  const made = await runCli(
    ['admin', '--database', url, '--username', ADMIN.username, '--email', ADMIN.email],
    { env: { ROSTER_ADMIN_PASSWORD: ADMIN.password } },
  );
  expect(made.stderr).toBe('');
  database = await openPostgresDatabase(url);
}, START_TIMEOUT_MS);

afterAll(async () => {
  await database.close();
});

const count = async (sql: string): Promise<number> =>
  Number(await database.sql.value<number | string>(sql, []));

/** The audit log's own check: the chain has no gap and no entry changed. */
async function auditVerifies(): Promise<void> {
  expect(await verifyAuditChain(database)).toMatchObject({ firstBroken: null });
}

describe('a process killed mid-bulk-write', () => {
  it('leaves no half-applied chunk: every user of a chunk disabled and audited, or none', async () => {
    const now = new Date().toISOString();
    await database.write(async (tx) => {
      for (let index = 0; index < KILLED_CHUNKS * BULK_CHUNK; index++) {
        const username = `killme-${String(index).padStart(5, '0')}`;
        await insertUser(tx, {
          username,
          displayName: `Kill ${index}`,
          email: `${username}@example.com`,
          passwordHash: 'not-a-hash',
          enabled: true,
          now,
        });
      }
    });

    await killOnceUnderWay(['--database', url], '/api/users/bulk', {
      action: { kind: 'disable' },
      selection: { kind: 'matching', filters: { query: 'killme-' } },
    });

    const disabled = await count(
      "SELECT count(*) FROM users WHERE username_key LIKE 'killme-%' AND enabled = 0",
    );
    const audited = await count(
      `SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.target_id
       WHERE a.action = 'user.disable' AND u.username_key LIKE 'killme-%'`,
    );
    expect(disabled).toBeGreaterThan(0);
    expect(disabled, 'killed before the job ended').toBeLessThan(KILLED_CHUNKS * BULK_CHUNK);
    expect(disabled % BULK_CHUNK).toBe(0);
    expect(audited).toBe(disabled);
    await auditVerifies();
  }, 180_000);

  it('an import leaves whole chunks only: every row of a chunk in (user, invitation, group, audit), or none', async () => {
    const rows = killedImportRows();
    await killOnceUnderWay(['--database', url], '/api/users/import', { rows });

    const users = await count("SELECT count(*) FROM users WHERE username_key LIKE 'killimp-%'");
    expect(users).toBeGreaterThan(0);
    expect(users, 'killed before the import ended').toBeLessThan(rows.length);
    expect(users % IMPORT_CHUNK).toBe(0);
    expect(
      await count(
        "SELECT count(*) FROM invitations i JOIN users u ON u.id = i.user_id WHERE u.username_key LIKE 'killimp-%'",
      ),
    ).toBe(users);
    expect(
      await count(
        "SELECT count(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.username_key LIKE 'killimp-%'",
      ),
    ).toBe(users);
    expect(
      await count(
        `SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.target_id
         WHERE a.action = 'user.invite' AND u.username_key LIKE 'killimp-%'`,
      ),
    ).toBe(users);
    await auditVerifies();
  }, 180_000);
});
