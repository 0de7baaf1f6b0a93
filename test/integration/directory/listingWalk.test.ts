import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Directory } from '../../../electron/services/directory/directory';
import type { SortDirection, UserSortKey } from '../../../shared/domain/userListing';
import { seedDirectory } from '../../bench/seedDirectory';
import { recordStatements } from '../database/support/statementLog';
import { openDirectory } from './support/instanceDb';

/**
 * A page of many matches in an order other than the username's is picked out of the order kept in
 * memory, or, by last sign-in (which a sign-in moves unseen), found by walking the order's index.
 * Where the matches bunch up far into that index, the walk is handed to SQLite with their ids. The
 * pages must be the same whichever road they take and wherever the matches are, also after writes
 * that move them in the order, and neither road may sort.
 */

const USERS = 6_000;
/** The API users: the last 2,500 by id (over the 2,000 read by id and sorted). */
const FIRST_API_USER = USERS - 2_500 + 1;

let dir: string;
let directory: Directory;
let db: Database.Database;
let log: ReturnType<typeof recordStatements>;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'roster-listing-walk-'));
  ({ directory, db } = openDirectory(path.join(dir, 'instance.sqlite'), {
    mode: 'create',
    prepare: (fresh) => {
      seedDirectory(fresh, { users: USERS, groups: 5, groupsPerUser: 1, passwordHash: '$argon2id$unused' });
      fresh.prepare("UPDATE users SET role = 'apiUser' WHERE id >= ?").run(FIRST_API_USER);
      // The API users signed in last, many on the same day; a third of the others never did.
      fresh
        .prepare(
          `UPDATE users SET last_sign_in_at = CASE
             WHEN id >= @first THEN '2030-01-' || printf('%02d', 1 + id % 28) || 'T00:00:00.000Z'
             WHEN id % 3 = 0 THEN NULL
             ELSE '2020-01-' || printf('%02d', 1 + id % 28) || 'T00:00:00.000Z' END`,
        )
        .run({ first: FIRST_API_USER });
      log = recordStatements(fresh);
    },
  }));
});

afterAll(() => {
  directory.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The statement a walk hands over to SQLite. */
const HANDED_OVER = /^SELECT id FROM users WHERE \+id IN/;

/** SQLite compares text as UTF-8 bytes. */
const compareText = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** The spec of the two orders here: the role's rank or the sign-in (never first), then the username. */
function apiUsersInOrder(sort: 'role' | 'lastSignIn', direction: SortDirection): number[] {
  const rows = db
    .prepare('SELECT id, username, role, last_sign_in_at FROM users WHERE role = ?')
    .all('apiUser') as { id: number; username: string; last_sign_in_at: string | null }[];
  const ordered = rows
    .sort(
      (a, b) =>
        (sort === 'lastSignIn' ? compareText(a.last_sign_in_at ?? '', b.last_sign_in_at ?? '') : 0) ||
        compareText(a.username.toLowerCase(), b.username.toLowerCase()),
    )
    .map((row) => row.id);
  return direction === 'asc' ? ordered : ordered.reverse();
}

const page = (sort: UserSortKey, direction: SortDirection, offset: number, limit = 100) =>
  directory.searchUsers({ query: '', role: 'apiUser', sort, direction, offset, limit });

async function expectEveryPage(sort: 'role' | 'lastSignIn', direction: SortDirection) {
  const all = apiUsersInOrder(sort, direction);
  const seen: number[] = [];
  for (let offset = 0; offset <= all.length; offset += 100) {
    const answer = await page(sort, direction, offset);
    expect(answer.total).toBe(all.length);
    seen.push(...answer.items.map((item) => item.id));
  }
  expect(seen).toEqual(all);
}

/** Whether a statement reads the users in an order's index, or sorts. */
const readsOrder = (statement: Parameters<typeof log.plan>[0], index: string) =>
  log.plan(statement).some((line) => line.includes(index) || line.includes('TEMP B-TREE'));

describe('walking the last sign-in index for many matches', () => {
  it.each(['asc', 'desc'] as const)('gives every page of the API users by last sign-in, %s', (direction) =>
    expectEveryPage('lastSignIn', direction),
  );

  it('hands the walk to SQLite where the matches come last, which reads the index and sorts nothing', async () => {
    const statements = await log.during(() => page('lastSignIn', 'asc', 0));
    const handedOver = statements.filter((statement) => HANDED_OVER.test(statement.sql));
    expect(handedOver).toHaveLength(1);
    const plan = log.plan(handedOver[0] as (typeof statements)[number]);
    expect(plan).toContainEqual('SCAN users USING COVERING INDEX users_by_last_sign_in');
    expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/);
  });

  it('keeps the walk where the matches come first', async () => {
    const statements = await log.during(() => page('lastSignIn', 'desc', 0));
    expect(statements.filter((statement) => HANDED_OVER.test(statement.sql))).toEqual([]);
  });
});

describe('the order kept in memory', () => {
  it.each(['asc', 'desc'] as const)('gives every page of the API users by role, %s', (direction) =>
    expectEveryPage('role', direction),
  );

  it('picks a page of matches bunched last out of memory: no statement reads the index or sorts', async () => {
    await page('role', 'asc', 0);
    for (const [direction, offset] of [
      ['asc', 0],
      ['asc', 2_400],
      ['desc', 0],
    ] as const) {
      const statements = await log.during(() => page('role', direction, offset));
      expect(statements.filter((statement) => readsOrder(statement, 'users_by_role'))).toEqual([]);
    }
  });

  it('moves the users a write puts elsewhere in the order, reported or not, both ways', async () => {
    await page('role', 'asc', 0);
    const [first, second] = apiUsersInOrder('role', 'asc');
    // An API user leaves by a reported write and one comes in by a write nobody reports.
    await directory.setRole(first as number, 'user');
    db.prepare("UPDATE users SET role = 'apiUser' WHERE id = 1").run();
    await expectEveryPage('role', 'asc');
    await expectEveryPage('role', 'desc');
    // One deleted, one created straight into the role, one whose username sorts first of all.
    await directory.deleteUser(second as number);
    const created = await directory.createUser({
      username: 'aaa-api',
      password: 'pw-aaa-api',
      displayName: 'Aaa Api',
      email: 'aaa-api@example.com',
      enabled: true,
      role: 'apiUser',
    });
    expect(apiUsersInOrder('role', 'asc')[0]).toBe(created.id);
    await expectEveryPage('role', 'desc');
    await expectEveryPage('role', 'asc');
  });
});
