import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Directory } from '../../../electron/services/directory/directory';
import type { SortDirection } from '../../../shared/domain/userListing';
import { seedDirectory } from '../../bench/seedDirectory';
import { recordStatements } from '../database/support/statementLog';
import { openDirectory } from './support/instanceDb';

/**
 * A page of many matches in an order other than the username's is found by walking the order's
 * index. Where the matches bunch up far into it, the walk is handed to SQLite with their ids: the
 * pages must be the same as where it is not, and the hand-over must read the index, sorting nothing.
 */

const USERS = 6_000;
/** The API users: the last 2,500 by id, so that they come last in role order (over the 2,000 read by id). */
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

/** The API users in role order, which ties them all: by username, as SQLite compares text. */
function apiUsersInOrder(direction: SortDirection): number[] {
  const rows = db.prepare('SELECT id, username FROM users WHERE role = ?').all('apiUser') as {
    id: number;
    username: string;
  }[];
  const ordered = rows
    .sort((a, b) =>
      Buffer.compare(Buffer.from(a.username.toLowerCase()), Buffer.from(b.username.toLowerCase())),
    )
    .map((row) => row.id);
  return direction === 'asc' ? ordered : ordered.reverse();
}

const page = (direction: SortDirection, offset: number) =>
  directory.searchUsers({ query: '', role: 'apiUser', sort: 'role', direction, offset, limit: 100 });

describe('walking an order for many matches', () => {
  it.each(['asc', 'desc'] as const)('gives every page of the API users by role, %s', async (direction) => {
    const all = apiUsersInOrder(direction);
    const seen: number[] = [];
    for (let offset = 0; offset <= all.length; offset += 100) {
      const answer = await page(direction, offset);
      expect(answer.total).toBe(all.length);
      seen.push(...answer.items.map((item) => item.id));
    }
    expect(seen).toEqual(all);
  });

  it('hands the walk to SQLite where the matches come last, which reads the index and sorts nothing', async () => {
    const statements = await log.during(() => page('asc', 0));
    const handedOver = statements.filter((statement) => HANDED_OVER.test(statement.sql));
    expect(handedOver).toHaveLength(1);
    const plan = log.plan(handedOver[0] as (typeof statements)[number]);
    expect(plan).toContainEqual('SCAN users USING COVERING INDEX users_by_role');
    expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/);
  });

  it('keeps the walk where the matches come first', async () => {
    const statements = await log.during(() => page('desc', 0));
    expect(statements.filter((statement) => HANDED_OVER.test(statement.sql))).toEqual([]);
  });
});
