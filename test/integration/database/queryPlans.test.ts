import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Directory } from '../../../electron/services/directory/directory';
import { seedDirectory } from '../../bench/seedDirectory';
import { openDirectory } from '../directory/support/instanceDb';
import { recordStatements, type ExecutedStatement } from './support/statementLog';

/**
 * Pins the plans of the hot queries: the statements are the ones the product
 * code prepares and runs (recorded as they execute, not copied here), and
 * their plans are read with EXPLAIN QUERY PLAN on a seeded instance. If a
 * change makes one of them scan a table or sort the whole list, this fails.
 */

let dir: string;
let directory: Directory;
let db: Database.Database;
let log: ReturnType<typeof recordStatements>;
/** The name SQLite gave the UNIQUE index on users.username_key. */
let usernameIndex: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'roster-plans-'));
  ({ directory, db } = openDirectory(path.join(dir, 'instance.sqlite'), {
    mode: 'create',
    prepare: (fresh) => {
      seedDirectory(fresh, { users: 5_000, groups: 30, groupsPerUser: 2, passwordHash: '$argon2id$unused' });
      // Installed before the directory prepares its statements.
      log = recordStatements(fresh);
    },
  }));
  usernameIndex = db
    .prepare(
      "SELECT il.name FROM pragma_index_list('users') il JOIN pragma_index_info(il.name) ii WHERE ii.name = 'username_key' AND il.[unique] = 1",
    )
    .pluck()
    .get() as string;
});

afterAll(() => {
  directory.close();
  rmSync(dir, { recursive: true, force: true });
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const one = (statements: ExecutedStatement[], pattern: RegExp) => {
  const found = statements.filter((statement) => pattern.test(statement.sql));
  expect(found, `one statement matching ${String(pattern)}`).toHaveLength(1);
  return found[0] as ExecutedStatement;
};
/** A plan line that reads every row of a table without any index. */
const FULL_SCAN = /^SCAN \w+$/;

describe('query plans of the hot queries', () => {
  it('the unfiltered page walks the username_key index, skips the offset inside it, and never sorts', async () => {
    const statements = await log.during(() =>
      directory.searchUsers({ query: '', offset: 2_000, limit: 100 }),
    );
    const page = one(statements, /LIMIT/);
    const plan = log.plan(page);
    expect(plan).toContainEqual(
      expect.stringMatching(
        new RegExp(`^SEARCH users USING (COVERING )?INDEX ${escape(usernameIndex)} \\(username_key>\\?\\)$`),
      ),
    );
    // The offset is skipped in the covering index, not by reading the rows it passes.
    expect(plan).toContainEqual(`SCAN users USING COVERING INDEX ${usernameIndex}`);
    for (const statement of statements) {
      expect(log.plan(statement).join('\n')).not.toMatch(/TEMP B-TREE/);
      expect(log.plan(statement).filter((line) => FULL_SCAN.test(line))).toEqual([]);
    }
  });

  it('a 3+ character filter is counted in the users_fts trigram index, and its page joins users by id', async () => {
    const statements = await log.during(() =>
      directory.searchUsers({ query: 'anna', offset: 0, limit: 100 }),
    );
    expect(log.plan(one(statements, /count\(.*users_fts/s))).toContainEqual(
      expect.stringMatching(/^SCAN users_fts VIRTUAL TABLE INDEX \d+:M/),
    );
    const page = log.plan(one(statements, /LIMIT \? OFFSET \?/));
    expect(page).toContainEqual(expect.stringMatching(/^SCAN \w+ VIRTUAL TABLE INDEX \d+:M/));
    expect(page).toContainEqual(expect.stringMatching(/^SEARCH \w+ USING INTEGER PRIMARY KEY \(rowid=\?\)$/));
    for (const statement of statements)
      expect(log.plan(statement).filter((line) => FULL_SCAN.test(line))).toEqual([]);
  });

  it('a filter with many matches is still counted in users_fts, and its page is read by id', async () => {
    // Warm the in-memory copy first: building it reads every search text once, on purpose.
    await directory.searchUsers({ query: 'ex', offset: 0, limit: 1 });
    const statements = await log.during(() =>
      directory.searchUsers({ query: 'example', offset: 1_000, limit: 100 }),
    );
    expect(log.plan(one(statements, /count\(.*users_fts/s))).toContainEqual(
      expect.stringMatching(/^SCAN users_fts VIRTUAL TABLE INDEX \d+:M/),
    );
    expect(log.plan(one(statements, /IN \(/))).toEqual(['SEARCH users USING INTEGER PRIMARY KEY (rowid=?)']);
    // instance_clock is one row: reading it is no scan of anything.
    for (const statement of statements.filter(({ sql }) => !sql.includes('instance_clock')))
      expect(log.plan(statement).filter((line) => FULL_SCAN.test(line))).toEqual([]);
  });

  it('the members page reads the group through the memberships primary key, users by id', async () => {
    for (const query of ['', 'ann']) {
      const statements = await log.during(() => directory.groupMembers(3, { query, offset: 0, limit: 100 }));
      const count = log.plan(one(statements, /count\(\*\) AS total FROM memberships/));
      const page = log.plan(one(statements, /LIMIT \? OFFSET \?/));
      for (const plan of [count, page]) {
        expect(plan[0]).toMatch(/^SEARCH \w+ USING PRIMARY KEY \(group_id=\?\)$/);
        expect(plan).toContainEqual(
          expect.stringMatching(/^SEARCH \w+ USING INTEGER PRIMARY KEY \(rowid=\?\)$/),
        );
      }
      for (const statement of statements)
        expect(log.plan(statement).filter((line) => FULL_SCAN.test(line))).toEqual([]);
    }
  });

  it('nextUsername reads only a range of the username_key index', async () => {
    const statements = await log.during(() => directory.nextUsername());
    expect(statements).toHaveLength(1);
    expect(log.plan(statements[0] as ExecutedStatement)).toEqual([
      `SEARCH users USING COVERING INDEX ${usernameIndex} (username_key>? AND username_key<?)`,
    ]);
  });

  it("a user's detail finds its groups through memberships_by_user and its token by primary key", async () => {
    const statements = await log.during(() => directory.getUser(42));
    const plans = statements.map((statement) => log.plan(statement).join(' / '));
    expect(plans).toContainEqual(
      expect.stringMatching(/SEARCH \w+ USING COVERING INDEX memberships_by_user \(user_id=\?\)/),
    );
    expect(plans).toContainEqual('SEARCH tokens USING INTEGER PRIMARY KEY (rowid=?)');
    for (const statement of statements)
      expect(log.plan(statement).filter((line) => FULL_SCAN.test(line))).toEqual([]);
  });
});
