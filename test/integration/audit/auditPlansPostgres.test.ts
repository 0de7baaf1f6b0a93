import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openPostgresDatabase,
  type PostgresDatabase,
} from '../../../electron/database/postgres/postgresDatabase';
import type { Sql } from '../../../electron/database/postgres/sql';
import { auditPage } from '../../../electron/services/directory/postgres/auditQuery';
import { filteredActions } from '../../../electron/services/directory/rules/auditPlan';
import { AuditPageRequestSchema, type AuditFilters } from '../../../shared/domain/audit';
import { makeTempDir } from '../../support/tempDir';
import { openTestStorage, STORAGE, type TestStorage } from '../directory/support/storage';

/**
 * Pins the PostgreSQL plans of the log's pages (auditPlans pins SQLite's), read with EXPLAIN from
 * the statements the product code runs, over 100,000 entries, analysed: each filter reads newest
 * first through its own index, or through the id where its value is common, and none reads the
 * whole table.
 */

const ENTRIES = 100_000;
let temp: ReturnType<typeof makeTempDir>;
let storage: TestStorage;
let database: PostgresDatabase;

describe.skipIf(STORAGE !== 'postgres')('query plans of the audit log on PostgreSQL', () => {
  beforeAll(async () => {
    temp = makeTempDir('roster-audit-plans-pg-');
    storage = await openTestStorage(temp.path);
    database = await openPostgresDatabase(storage.location, { maxConnections: 1 });
    // Plans are chosen by cost: a few thousand rows are read whole more cheaply than through any
    // index, so the log is seeded at a size where the choice matters, in one statement. The plans
    // do not depend on the hashes, which are left out.
    await database.write(async (tx) => {
      await tx.run(
        `INSERT INTO audit_log (id, at, actor, action, target_type, target_id, target_name, after, search_text)
         SELECT g, to_char(timestamp '2030-01-01' + g * interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           CASE WHEN g % 1000 = 0 THEN 'api:rare' ELSE 'api:admin' || g % 40 END,
           CASE WHEN g % 997 = 0 THEN 'user.delete' WHEN g % 10 = 9 THEN 'group.addMembers'
             WHEN g % 3 = 0 THEN 'user.update' ELSE 'signIn.success' END,
           CASE WHEN g % 10 = 9 THEN 'group' ELSE 'user' END,
           CASE WHEN g % 10 = 9 THEN 1 + g % 200 ELSE 1 + g % 5000 END,
           'person' || g % 5000, '{"displayName":"Person ' || g || '"}',
           'api:admin' || g % 40 || E'\n' || 'person' || g % 5000 || E'\n' || 'person ' || g
         FROM generate_series(1, $1::int) AS g`,
        [ENTRIES],
      );
      await tx.run(
        `INSERT INTO audit_related (target_type, target_id, entry_id)
         SELECT 'user', 1 + (g + d) % 5000, g FROM generate_series(9, $1::int, 10) AS g, generate_series(0, 1) AS d`,
        [ENTRIES],
      );
    });
    await database.sql.run('ANALYZE audit_log');
    await database.sql.run('ANALYZE audit_related');
  }, 60_000);
  afterAll(async () => {
    await database.close();
    await storage.close();
    temp.remove();
  });

  /** The plan of the page's own statement (the one reading the entries' columns). */
  async function pagePlan(filters: AuditFilters): Promise<string[]> {
    const ran: { text: string; values: readonly unknown[] }[] = [];
    const recording: Sql = {
      ...database.sql,
      rows: (text, values = []) => {
        ran.push({ text, values });
        return database.sql.rows(text, values);
      },
    };
    await auditPage(recording, AuditPageRequestSchema.parse({ filters, limit: 50, before: 90_000 }));
    const page = ran.find((statement) => statement.text.includes('a.hash'));
    if (!page) throw new Error('no page statement ran');
    const plan = await database.sql.rows<{ 'QUERY PLAN': string }>(`EXPLAIN ${page.text}`, page.values);
    return plan.map((line) => line['QUERY PLAN']);
  }

  const FULL_SCAN = /Seq Scan on audit_log\b/;

  // A rare value is read through its index; a common one may be read newest first by the id,
  // checking the filter on each row until the page is full, which is as quick.
  it.each<[string, AuditFilters, RegExp]>([
    ['unfiltered', {}, /Index Scan Backward using audit_log_pkey on audit_log a/],
    [
      'a time range',
      { from: '2030-01-10T10:00:00Z', to: '2030-01-12T10:00:00Z' },
      /Index Scan Backward using audit_log_pkey on audit_log a/,
    ],
    ['a rare actor', { actor: 'api:rare' }, /Index Scan Backward using audit_log_by_actor on audit_log a/],
    [
      'a common actor',
      { actor: 'api:admin3' },
      /Scan Backward using audit_log_(pkey|by_actor) on audit_log a/,
    ],
    [
      'a target',
      { target: { type: 'user', id: 7 } },
      /Index (Only )?Scan Backward using audit_log_by_target on audit_log/,
    ],
    [
      'a target (its related entries)',
      { target: { type: 'user', id: 7 } },
      /Index (Only )?Scan Backward using audit_related_pkey on audit_related r/,
    ],
    [
      'a rare kind',
      { kinds: ['settings'] },
      /Index (Only )?Scan Backward using audit_log_by_action on audit_log/,
    ],
    ['a common kind', { kinds: ['users'] }, /Scan Backward using audit_log_(pkey|by_action) on audit_log/],
    [
      'a rare action',
      { actions: ['user.delete'] },
      /Index (Only )?Scan Backward using audit_log_by_action on audit_log/,
    ],
    ['a rare text', { text: 'person 4242' }, /Bitmap Index Scan on audit_log_search/],
  ])('reads %s through its index', async (_name, filters, expected) => {
    const plan = await pagePlan(filters);
    expect(
      plan.some((line) => expected.test(line)),
      plan.join('\n'),
    ).toBe(true);
    expect(plan.filter((line) => FULL_SCAN.test(line))).toEqual([]);
    // One arm per action the filter allows, merged.
    if (filters.kinds || filters.actions)
      expect(plan.filter((line) => /Scan Backward using audit_log_(pkey|by_action)/.test(line))).toHaveLength(
        filteredActions(filters)?.length ?? 0,
      );
    if (filters.target)
      expect(
        plan.some((line) => line.includes('Merge Append')),
        plan.join('\n'),
      ).toBe(true);
  });

  it('checks a target on the rows another index reads by looking each one up in audit_related', async () => {
    const plan = await pagePlan({ target: { type: 'user', id: 7 }, kinds: ['settings'] });
    expect(
      plan.some((line) => line.includes('audit_log_by_action')),
      plan.join('\n'),
    ).toBe(true);
    expect(
      plan.some((line) => /Index (Only )?Scan using audit_related_pkey on audit_related r/.test(line)),
      plan.join('\n'),
    ).toBe(true);
    expect(plan.filter((line) => FULL_SCAN.test(line))).toEqual([]);
  });

  it('reads an actor and a kind together through the one with fewer entries', async () => {
    const plan = await pagePlan({ actor: 'api:rare', kinds: ['users'] });
    expect(
      plan.some((line) => line.includes('audit_log_by_actor')),
      plan.join('\n'),
    ).toBe(true);
    expect(plan.filter((line) => FULL_SCAN.test(line))).toEqual([]);
  });
});
