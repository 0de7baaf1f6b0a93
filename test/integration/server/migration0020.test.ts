import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../electron/database/migrations';
import { runOnSqlite, writeOnSqlite } from '../../../electron/database/portable/sqliteRunner';
import {
  countLoginAttempt,
  otherEnabledAdmins,
} from '../../../electron/services/directory/portable/accountsTable';
import * as sessions from '../../../electron/services/directory/portable/sessionsTable';
import { newUser, openDirectory } from '../directory/support/instanceDb';
import { useTempDirs } from '../directory/support/tempDirs';

/**
 * Migration 0020 (server sign-in): from version 10 with data, and the rules its
 * triggers keep for every writer (the desktop app's local directory as much as
 * the server). Kept here, next to the server it serves, in the style of
 * test/integration/database/migrations.test.ts.
 */

const { tempDir, onCleanup } = useTempDirs();

function freshFile(): Database.Database {
  const db = new Database(path.join(tempDir('roster-migration-'), 'instance.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  onCleanup(() => db.close());
  return db;
}

const insertUserAt10 = (db: Database.Database, id: number, username: string) =>
  db
    .prepare(
      `INSERT INTO users (id, username, username_key, display_name, email, password_hash, enabled, search_text, created_at, updated_at)
       VALUES (?, ?, ?, 'Some One', 'x@example.com', 'h', 1, ?, 't', 't')`,
    )
    .run(id, username, username.toLowerCase(), username.toLowerCase());

const insertSession = (db: Database.Database, userId: number, tag: string) =>
  db
    .prepare(
      `INSERT INTO sessions (user_id, access_hash, refresh_hash, created_at, access_expires_at, refresh_expires_at)
       VALUES (?, ?, ?, 't', 't', 't')`,
    )
    .run(userId, `a-${tag}`, `r-${tag}`);

describe('0020-server-auth (from version 10)', () => {
  it('adds the columns with their defaults, keeps every row, and makes the earliest user administrator', () => {
    const db = freshFile();
    migrate(db, 10);
    insertUserAt10(db, 7, 'Later');
    insertUserAt10(db, 3, 'Earliest');
    db.exec(`
      INSERT INTO groups (id, name, name_key, created_at) VALUES (1, 'G', 'g', 't');
      INSERT INTO memberships (group_id, user_id) VALUES (1, 7);
      INSERT INTO tokens (user_id, access_hash, refresh_hash, created_at, access_expires_at, refresh_expires_at)
        VALUES (7, 'a', 'r', 't', 't', 't');
    `);
    const before = db.prepare('SELECT * FROM users ORDER BY id').all() as Record<string, unknown>[];

    migrate(db, 20);
    expect(schemaVersion(db)).toBe(20);
    const after = db.prepare('SELECT * FROM users ORDER BY id').all() as Record<string, unknown>[];
    expect(after).toEqual([
      { ...before[0], is_admin: 1, failed_logins: 0, locked_until: null },
      { ...before[1], is_admin: 0, failed_logins: 0, locked_until: null },
    ]);
    expect(db.prepare('SELECT count(*) FROM memberships').pluck().get()).toBe(1);
    expect(db.prepare('SELECT count(*) FROM tokens').pluck().get()).toBe(1);

    const strict = db.prepare("SELECT strict FROM pragma_table_list WHERE name = 'sessions'").pluck().get();
    expect(strict).toBe(1);
    const names = (type: string) =>
      db.prepare('SELECT name FROM sqlite_schema WHERE type = ? ORDER BY name').pluck().all(type);
    expect(names('trigger')).toEqual(
      expect.arrayContaining(['users_disabled_sessions', 'users_first_admin']),
    );
    expect(names('index')).toEqual(expect.arrayContaining(['sessions_by_user', 'users_admins']));
    expect(() => db.prepare('UPDATE users SET is_admin = 2 WHERE id = 3').run()).toThrow(/CHECK/);
    expect(() => db.prepare('UPDATE users SET failed_logins = -1 WHERE id = 3').run()).toThrow(/CHECK/);
  });

  it('on a file with no users, makes nobody administrator until the first one is created', () => {
    const db = freshFile();
    migrate(db, 10);
    migrate(db, 20);
    expect(db.prepare('SELECT count(*) FROM users').pluck().get()).toBe(0);
  });
});

describe('the rules the triggers keep, for every writer', () => {
  it('the first user created becomes administrator, in the same transaction; later ones do not', async () => {
    const { directory, db } = openDirectory(path.join(tempDir('roster-first-admin-'), 'i.sqlite'));
    onCleanup(() => directory.close());
    const first = await directory.createUser(newUser('first'));
    const second = await directory.createUser(newUser('second'));
    // Since migration 0040 the flag is a role; the first-user trigger sets it.
    const isAdmin = (id: number) =>
      db.prepare("SELECT role = 'administrator' FROM users WHERE id = ?").pluck().get(id);
    expect(isAdmin(first.id)).toBe(1);
    expect(isAdmin(second.id)).toBe(0);
    // The directory itself never removes the last enabled administrator…
    await expect(directory.deleteUsers([first.id, second.id])).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'That would leave no enabled administrator.',
    });
    // …but an instance emptied of users by another writer starts over: its next user is again the first.
    db.prepare('DELETE FROM users').run();
    const third = await directory.createUser(newUser('third'));
    expect(isAdmin(third.id)).toBe(1);
  });

  it('disabling a user ends its sessions; deleting it removes them', async () => {
    const { directory, db } = openDirectory(path.join(tempDir('roster-sessions-'), 'i.sqlite'));
    onCleanup(() => directory.close());
    // The first user is the administrator, who may not be disabled; the users under test come after.
    await directory.createUser(newUser('admin'));
    const one = await directory.createUser(newUser('one'));
    const two = await directory.createUser(newUser('two'));
    insertSession(db, one.id, '1');
    insertSession(db, two.id, '2');
    await directory.updateUser(one.id, { displayName: 'Still enabled' });
    expect(sessionByAccessHash(db, 'a-1')).toBeDefined();
    await directory.setEnabled(one.id, false);
    expect(sessionByAccessHash(db, 'a-1')).toBeUndefined();
    await directory.deleteUsers([two.id]);
    expect(sessionByRefreshHash(db, 'r-2')).toBeUndefined();
  });
});

const sessionByAccessHash = (db: Database.Database, hash: string) =>
  runOnSqlite(db, sessions.sessionByAccessHash(hash));
const sessionByRefreshHash = (db: Database.Database, hash: string) =>
  runOnSqlite(db, sessions.sessionByRefreshHash(hash));

describe('query plans of the sign-in lookups', () => {
  /** EXPLAIN QUERY PLAN of a statement, with a placeholder value for each of its parameters. */
  const planOf = (db: Database.Database, sql: string) => {
    const named = [...new Set([...sql.matchAll(/@(\w+)/g)].map((match) => match[1] ?? ''))];
    const params =
      named.length > 0
        ? [Object.fromEntries(named.map((name) => [name, 'x']))]
        : sql
            .split('?')
            .slice(1)
            .map(() => 'x');
    return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
      .map((row) => row.detail)
      .join('\n');
  };

  it('find a session by a token hash, an account by its username, and the administrators through indexes', async () => {
    const { directory, db } = openDirectory(path.join(tempDir('roster-plans-'), 'i.sqlite'));
    onCleanup(() => directory.close());
    await directory.createUser(newUser('someone'));
    const recorded: string[] = [];
    const prepare = db.prepare.bind(db);
    db.prepare = (sql: string) => {
      recorded.push(sql);
      return prepare(sql);
    };
    sessionByAccessHash(db, 'x');
    sessionByRefreshHash(db, 'x');
    writeOnSqlite(db, () => countLoginAttempt('someone', { maxFailures: 5, now: 'n', lockUntil: 'l' }));
    runOnSqlite(db, otherEnabledAdmins([]));
    db.prepare = prepare;

    const plans = recorded.map((sql) => ({ sql, plan: planOf(db, sql) }));
    for (const { sql, plan } of plans) expect(plan, sql).not.toMatch(/^SCAN \w+$/m);
    const planFor = (pattern: RegExp) => plans.find(({ sql }) => pattern.test(sql))?.plan ?? '';
    expect(planFor(/WHERE access_hash = \?/)).toMatch(/SEARCH sessions USING INDEX \w+ \(access_hash=\?\)/);
    expect(planFor(/WHERE refresh_hash = \?/)).toMatch(/SEARCH sessions USING INDEX \w+ \(refresh_hash=\?\)/);
    expect(planFor(/^\s*UPDATE users SET/)).toMatch(/SEARCH users USING INDEX \w+ \(username_key=\?\)/);
    expect(planFor(/role = 'administrator' AND enabled = 1/)).toMatch(/users_admins/);
  });
});
