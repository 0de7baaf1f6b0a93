import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../electron/database/migrations';
import { useTempDirs } from '../directory/support/tempDirs';

/**
 * Migration 0030 (versions and idempotency keys): from version 20 with data, then the versions its
 * triggers keep for every writer, in the style of migrations.test.ts.
 */

const { tempDir, onCleanup } = useTempDirs();

function fileAt20(): Database.Database {
  const db = new Database(path.join(tempDir('roster-migration-'), 'instance.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  onCleanup(() => db.close());
  migrate(db, 20);
  db.exec(`
    INSERT INTO users (id, username, username_key, display_name, email, password_hash, enabled, search_text, created_at, updated_at)
      VALUES (1, 'Ada', 'ada', 'Ada L', 'ada@example.com', 'h', 1, 'ada', 't', 't'),
             (2, 'Bob', 'bob', 'Bob B', 'bob@example.com', 'h', 1, 'bob', 't', 't');
    INSERT INTO groups (id, name, name_key, created_at) VALUES (1, 'Ops', 'ops', 't'), (2, 'Dev', 'dev', 't');
    INSERT INTO memberships (group_id, user_id) VALUES (1, 2);
  `);
  return db;
}

const versionOf = (db: Database.Database, table: 'users' | 'groups', id: number) =>
  db.prepare(`SELECT version FROM ${table} WHERE id = ?`).pluck().get(id) as number;

describe('0030-versions-idempotency (from version 20)', () => {
  it('gives every existing user and group version 1 and keeps every row and column as it was', () => {
    const db = fileAt20();
    const users = db.prepare('SELECT * FROM users ORDER BY id').all() as Record<string, unknown>[];
    const groups = db.prepare('SELECT * FROM groups ORDER BY id').all() as Record<string, unknown>[];
    migrate(db, 30);
    expect(schemaVersion(db)).toBe(30);
    expect(db.prepare('SELECT * FROM users ORDER BY id').all()).toEqual(
      users.map((u) => ({ ...u, version: 1 })),
    );
    expect(db.prepare('SELECT * FROM groups ORDER BY id').all()).toEqual(
      groups.map((g) => ({ ...g, version: 1 })),
    );
    expect(db.prepare('SELECT count(*) FROM memberships').pluck().get()).toBe(1);
    expect(db.prepare('SELECT version FROM instance_clock').pluck().get()).toBe(1);
    const strict = db
      .prepare(
        "SELECT name FROM pragma_table_list WHERE strict = 1 AND name IN ('instance_clock', 'idempotency_keys')",
      )
      .pluck()
      .all();
    expect(strict.sort()).toEqual(['idempotency_keys', 'instance_clock']);
    expect(() => db.prepare('INSERT INTO instance_clock (id, version) VALUES (2, 1)').run()).toThrow(/CHECK/);
  });
});

describe('the versions the triggers keep, for every writer', () => {
  it('moves a user forward on every change it shows, and never on a failed sign-in count', () => {
    const db = fileAt20();
    migrate(db, 30);
    const seen = [versionOf(db, 'users', 1)];
    const step = (sql: string) => {
      db.prepare(sql).run();
      const now = versionOf(db, 'users', 1);
      expect(now, sql).toBeGreaterThan(seen.at(-1) ?? 0);
      seen.push(now);
    };
    step("UPDATE users SET display_name = 'Ada Lovelace' WHERE id = 1");
    step("UPDATE users SET email = 'ada@l.example' WHERE id = 1");
    step("UPDATE users SET password_hash = 'h2' WHERE id = 1");
    step('UPDATE users SET enabled = 0 WHERE id = 1');
    step('UPDATE users SET is_admin = 0 WHERE id = 1');
    step('INSERT INTO memberships (group_id, user_id) VALUES (2, 1)');
    step('DELETE FROM memberships WHERE group_id = 2 AND user_id = 1');
    step(
      "INSERT INTO tokens (user_id, access_hash, refresh_hash, created_at, access_expires_at, refresh_expires_at) VALUES (1, 'a', 'r', 't', 't', 't')",
    );
    step('DELETE FROM tokens WHERE user_id = 1');
    const before = versionOf(db, 'users', 1);
    db.prepare("UPDATE users SET failed_logins = 3, locked_until = 'x' WHERE id = 1").run();
    expect(versionOf(db, 'users', 1)).toBe(before);
  });

  it('moves a group forward on a rename and on each membership change, and never reuses a version', () => {
    const db = fileAt20();
    migrate(db, 30);
    const start = versionOf(db, 'groups', 2);
    db.prepare("UPDATE groups SET name = 'Devs', name_key = 'devs' WHERE id = 2").run();
    const renamed = versionOf(db, 'groups', 2);
    expect(renamed).toBeGreaterThan(start);
    db.prepare('INSERT INTO memberships (group_id, user_id) VALUES (2, 1)').run();
    expect(versionOf(db, 'groups', 2)).toBeGreaterThan(renamed);

    // A row that takes a deleted row's id starts above every version the old one had.
    const last = versionOf(db, 'groups', 2);
    db.prepare('DELETE FROM groups WHERE id = 2').run();
    db.prepare("INSERT INTO groups (id, name, name_key, created_at) VALUES (2, 'Dev', 'dev', 't')").run();
    expect(versionOf(db, 'groups', 2)).toBeGreaterThan(last);
  });

  it('a version written by one transaction is the instance clock: two rows changed later differ', () => {
    const db = fileAt20();
    migrate(db, 30);
    db.prepare("UPDATE users SET display_name = 'Ada A' WHERE id = 1").run();
    db.prepare("UPDATE users SET display_name = 'Bob C' WHERE id = 2").run();
    const clock = db.prepare('SELECT version FROM instance_clock').pluck().get() as number;
    expect(versionOf(db, 'users', 2)).toBe(clock);
    expect(versionOf(db, 'users', 1)).toBeLessThan(clock);
  });
});
