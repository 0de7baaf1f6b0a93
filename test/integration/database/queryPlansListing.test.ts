import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Directory } from '../../../electron/services/directory/directory';
import { sortDirections, type UserPageRequest, type UserSortKey } from '../../../shared/domain/userListing';
import { seedDirectory } from '../../bench/seedDirectory';
import { openDirectory } from '../directory/support/instanceDb';
import { recordStatements, type ExecutedStatement } from './support/statementLog';

/**
 * Pins the plans of the sorted and filtered users list (migration 0080's indexes), read with
 * EXPLAIN QUERY PLAN from the statements the product code runs on a seeded instance: an order
 * reads its index, a rare filter reads its own, and no list query scans the users table.
 */

let dir: string;
let directory: Directory;
let db: Database.Database;
let log: ReturnType<typeof recordStatements>;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'roster-plans-listing-'));
  ({ directory, db } = openDirectory(path.join(dir, 'instance.sqlite'), {
    mode: 'create',
    prepare: (fresh) => {
      seedDirectory(fresh, { users: 5_000, groups: 30, groupsPerUser: 2, passwordHash: '$argon2id$unused' });
      fresh.exec(`
        UPDATE users SET locked_until = '2999-01-01T00:00:00.000Z' WHERE id % 100 = 1;
        UPDATE users SET last_sign_in_at = '2025-01-01T00:00:00.000Z' WHERE id % 2 = 0;
      `);
      log = recordStatements(fresh);
    },
  }));
});

afterAll(() => {
  directory.close();
  rmSync(dir, { recursive: true, force: true });
});

const FULL_SCAN = /^SCAN (u|users)$/;
const search = (request: Partial<UserPageRequest>) =>
  log.during(() => directory.searchUsers({ query: '', offset: 0, limit: 100, ...request }));
const plansOf = (statements: ExecutedStatement[]) => statements.map((statement) => log.plan(statement));
const noFullScan = (statements: ExecutedStatement[]) => {
  for (const plan of plansOf(statements)) expect(plan.filter((line) => FULL_SCAN.test(line))).toEqual([]);
};

const INDEX_OF: Readonly<Record<Exclude<UserSortKey, 'username'>, string>> = {
  displayName: 'users_by_display_name',
  email: 'users_by_email',
  role: 'users_by_role',
  status: 'users_by_status',
  lastSignIn: 'users_by_last_sign_in',
  created: 'users_by_created',
};

describe('query plans of the sorted and filtered list', () => {
  it.each(
    Object.entries(INDEX_OF).flatMap(([sort, index]) =>
      sortDirections.map((direction) => [sort as UserSortKey, direction, index] as const),
    ),
  )(
    'by %s, %s: the offset is skipped inside %s, covering, and only the page is sorted',
    async (sort, direction, index) => {
      const statements = await search({ sort, direction, offset: 2_000 });
      expect(plansOf(statements)).toContainEqual(
        expect.arrayContaining([`SCAN users USING COVERING INDEX ${index}`]),
      );
      noFullScan(statements);
    },
  );

  it('a filter with many matches is paged from the order kept in memory, read once through its covering index', async () => {
    // The in-memory search copy reads every search text once, on purpose: built first.
    await search({ query: 'a', status: 'enabled' });
    const first = await search({ query: 'a', status: 'enabled', sort: 'email' });
    const read = first.find((statement) => /^SELECT id FROM users ORDER BY/.test(statement.sql));
    expect(log.plan(read as ExecutedStatement)).toEqual(['SCAN users USING COVERING INDEX users_by_email']);
    const again = await search({ query: 'a', status: 'enabled', sort: 'email', offset: 100 });
    expect(again.filter((statement) => /ORDER BY/.test(statement.sql))).toEqual([]);
    for (const plan of plansOf([...first, ...again])) expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/);
    noFullScan([...first, ...again]);
  });

  it('a group is read through the memberships primary key, the locked accounts through users_locked', async () => {
    const group = plansOf(await search({ query: 'a', groupId: 3, sort: 'displayName' })).flat();
    expect(group).toContainEqual(
      expect.stringMatching(/^SEARCH memberships USING (COVERING INDEX \w+|PRIMARY KEY) \(group_id=\?\)$/),
    );
    const locked = plansOf(await search({ locked: true, sort: 'lastSignIn', direction: 'desc' })).flat();
    expect(locked).toContainEqual(
      expect.stringMatching(/^SEARCH users USING (COVERING )?INDEX users_locked \(locked_until>\?\)$/),
    );
    expect([...group, ...locked].filter((line) => FULL_SCAN.test(line))).toEqual([]);
  });

  it("the in-memory copy reads back this connection's unreported writes through users_by_version", async () => {
    await search({ query: 'a', role: 'auditor' });
    db.prepare("UPDATE users SET role = 'auditor' WHERE id = 42").run();
    const statements = await search({ query: 'a', role: 'auditor' });
    const since = statements.find((statement) => /version > \?/.test(statement.sql)) as ExecutedStatement;
    expect(log.plan(since)).toEqual([
      expect.stringMatching(/^SEARCH users USING (COVERING )?INDEX users_by_version \(version>\?\)$/),
    ]);
  });
});
