import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, migrate, schemaVersion } from '../../../electron/database/migrations';
import { APPLICATION_ID, openInstanceDatabase } from '../../../electron/database/openDatabase';
import { NATIVE_DIR } from '../directory/support/instanceDb';
import { useTempDirs } from '../directory/support/tempDirs';

/**
 * Migration 0070 (named API keys): a file at version 60 opens at the latest version with its rows
 * as they were and no keys; the table itself holds the rules no writer may break: a key belongs to
 * one user and goes with them, its name is unique for that user regardless of case, its hash is
 * unique, and its scope is read or write.
 */

const { tempDir, onCleanup } = useTempDirs();

function fileAt60(): string {
  const file = path.join(tempDir('roster-migration-'), 'instance.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`application_id = ${APPLICATION_ID}`);
  migrate(db, 60);
  db.prepare(
    `INSERT INTO users (id, username, username_key, display_name, email, password_hash, enabled, search_text,
       created_at, updated_at, role)
     VALUES (?, ?, ?, ?, ?, 'hash', 1, ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'apiUser')`,
  ).run(1, 'Svc', 'svc', 'Service', 'svc@example.com', 'svc');
  db.close();
  return file;
}

const insertKey = (
  db: Database.Database,
  key: { userId?: number; name: string; hash: string; scope?: string },
) =>
  db
    .prepare(
      `INSERT INTO api_keys (user_id, name, name_key, scope, key_hash, created_at)
       VALUES (?, ?, lower(?), ?, ?, '2026-01-01T00:00:00.000Z')`,
    )
    .run(key.userId ?? 1, key.name, key.name, key.scope ?? 'read', key.hash);

describe('0070-api-keys (from version 60)', () => {
  it('opens at the latest version, its users as they were and no keys', () => {
    const file = fileAt60();
    const db = openInstanceDatabase(file, { mode: 'open', nativeDir: NATIVE_DIR });
    onCleanup(() => db.close());
    expect(LATEST_VERSION).toBeGreaterThanOrEqual(70);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.prepare('SELECT username FROM users').pluck().all()).toEqual(['Svc']);
    expect(db.prepare('SELECT count(*) FROM api_keys').pluck().get()).toBe(0);
  });

  it('refuses a second name of one user in another case, a repeated hash, an unknown scope or user', () => {
    const db = openInstanceDatabase(fileAt60(), { mode: 'open', nativeDir: NATIVE_DIR });
    onCleanup(() => db.close());
    insertKey(db, { name: 'Deploy', hash: 'a'.repeat(64) });
    expect(() => insertKey(db, { name: 'DEPLOY', hash: 'b'.repeat(64) })).toThrow(/UNIQUE/);
    expect(() => insertKey(db, { name: 'Other', hash: 'a'.repeat(64) })).toThrow(/UNIQUE/);
    expect(() => insertKey(db, { name: 'Admin', hash: 'c'.repeat(64), scope: 'admin' })).toThrow(/CHECK/);
    expect(() => insertKey(db, { userId: 99, name: 'Ghost', hash: 'd'.repeat(64) })).toThrow(/FOREIGN KEY/);
  });

  it("deletes a user's keys with the user", () => {
    const db = openInstanceDatabase(fileAt60(), { mode: 'open', nativeDir: NATIVE_DIR });
    onCleanup(() => db.close());
    insertKey(db, { name: 'one', hash: 'e'.repeat(64) });
    insertKey(db, { name: 'two', hash: 'f'.repeat(64), scope: 'write' });
    db.prepare('DELETE FROM users WHERE id = 1').run();
    expect(db.prepare('SELECT count(*) FROM api_keys').pluck().get()).toBe(0);
  });
});
