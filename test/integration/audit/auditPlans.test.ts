import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { openInstanceDatabase } from '../../../electron/database/openDatabase';
import { auditPage } from '../../../electron/services/directory/local/auditQuery';
import { AuditPageRequestSchema, type AuditFilters } from '../../../shared/domain/audit';
import { makeTempDir } from '../../support/tempDir';
import { recordStatements } from '../database/support/statementLog';
import { NATIVE_DIR } from '../directory/support/instanceDb';
import { append } from './support/auditFile';

/**
 * Pins the plans of the log's pages, read with EXPLAIN QUERY PLAN from the statements the product
 * code runs: each filter reads through its own index (or the id), newest first; none scans the
 * table, and none sorts what it read but the short lists of ids, one per action, that are merged.
 */

const temp = makeTempDir('roster-audit-plans-');
let db: Database.Database;
let log: ReturnType<typeof recordStatements>;

beforeAll(() => {
  db = openInstanceDatabase(path.join(temp.path, 'instance.sqlite'), {
    mode: 'create',
    nativeDir: NATIVE_DIR,
  });
  log = recordStatements(db);
  append(
    db,
    Array.from({ length: 3000 }, (_, n) => {
      const at = new Date(Date.UTC(2030, 0, 1) + n * 60_000).toISOString();
      const actor = `api:admin${n % 7}`;
      // Every tenth, a group's new members, which a user's page finds through audit_related.
      if (n % 10 === 9)
        return {
          at,
          actor,
          action: 'group.addMembers' as const,
          targetType: 'group' as const,
          targetId: 1 + (n % 5),
          targetName: `group${n % 5}`,
          after: { added: [`user${n % 50}`, `user${(n + 1) % 50}`] },
          related: { type: 'user' as const, ids: [1 + (n % 50), 1 + ((n + 1) % 50)] },
        };
      return {
        at,
        actor,
        action: n % 3 === 0 ? ('user.update' as const) : ('signIn.success' as const),
        targetType: 'user' as const,
        targetId: 1 + (n % 50),
        targetName: `user${n % 50}`,
        after: { displayName: `Person ${n}` },
      };
    }),
  );
});
afterAll(() => {
  db.close();
  temp.remove();
});

/** The plan of the page's own statement (the one reading the entries' columns). */
async function pagePlan(filters: AuditFilters): Promise<string[]> {
  const statements = await log.during(() =>
    auditPage(db, AuditPageRequestSchema.parse({ filters, limit: 50, before: 2500 })),
  );
  const page = statements.find((statement) => statement.sql.includes('a.hash'));
  if (!page) throw new Error('no page statement ran');
  return log.plan(page);
}

const FULL_SCAN = /^SCAN (a|audit_log)\b(?! USING)/;

describe('query plans of the audit log', () => {
  it.each<[string, AuditFilters, RegExp]>([
    ['unfiltered', {}, /SEARCH a USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/],
    [
      'a time range',
      { from: '2030-01-01T10:00:00Z', to: '2030-01-02T10:00:00Z' },
      /SEARCH a USING INTEGER PRIMARY KEY/,
    ],
    [
      'an actor',
      { actor: 'api:admin3' },
      /SEARCH a USING INDEX audit_log_by_actor \(actor=\? AND rowid>\? AND rowid<\?\)/,
    ],
    [
      'a target',
      { target: { type: 'user', id: 7 } },
      /SEARCH a USING COVERING INDEX audit_log_by_target \(target_type=\? AND target_id=\? AND rowid>\? AND rowid<\?\)/,
    ],
    [
      'a target (its related entries)',
      { target: { type: 'user', id: 7 } },
      /SEARCH r USING PRIMARY KEY \(target_type=\? AND target_id=\? AND entry_id>\? AND entry_id<\?\)/,
    ],
    [
      'a kind',
      { kinds: ['users'] },
      /SEARCH a USING COVERING INDEX audit_log_by_action \(action=\? AND rowid>\? AND rowid<\?\)/,
    ],
    [
      'an action',
      { actions: ['user.update'] },
      /SEARCH a USING COVERING INDEX audit_log_by_action \(action=\? AND rowid>\? AND rowid<\?\)/,
    ],
    ['a text', { text: 'person 12' }, /SCAN audit_fts VIRTUAL TABLE/],
  ])('reads %s through its index', async (_name, filters, expected) => {
    const plan = await pagePlan(filters);
    expect(
      plan.some((line) => expected.test(line)),
      plan.join('\n'),
    ).toBe(true);
    expect(plan.filter((line) => FULL_SCAN.test(line))).toEqual([]);
    const sorts = plan.filter((line) => line.includes('TEMP B-TREE'));
    if (filters.kinds || filters.actions) {
      // One list per action, each of at most a page's ids, merged: only those short lists are sorted.
      const arms = plan.filter((line) => line.includes('USING COVERING INDEX audit_log_by_action')).length;
      expect(arms).toBe(filters.kinds ? 7 : 1);
      expect(sorts.length).toBeLessThanOrEqual(arms + 1);
    } else if (filters.target) {
      // Its own entries and those relating it: two lists of at most a page's ids each, merged.
      expect(sorts.length, plan.join('\n')).toBeLessThanOrEqual(3);
    } else expect(sorts, plan.join('\n')).toEqual([]);
  });

  it('checks a target on the rows another index reads by looking each one up in audit_related', async () => {
    const plan = await pagePlan({ target: { type: 'user', id: 7 }, kinds: ['settings'] });
    expect(
      plan.some((line) => line.includes('audit_log_by_action')),
      plan.join('\n'),
    ).toBe(true);
    expect(
      plan.some((line) =>
        /SEARCH r USING PRIMARY KEY \(target_type=\? AND target_id=\? AND entry_id=\?\)/.test(line),
      ),
      plan.join('\n'),
    ).toBe(true);
    expect(plan.filter((line) => FULL_SCAN.test(line))).toEqual([]);
  });

  it('reads an actor and a kind together through the one with fewer entries', async () => {
    const plan = await pagePlan({ actor: 'api:admin3', kinds: ['users'] });
    expect(
      plan.some((line) => line.includes('audit_log_by_actor') || line.includes('audit_log_by_action')),
    ).toBe(true);
    expect(plan.filter((line) => FULL_SCAN.test(line))).toEqual([]);
  });
});
