import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, migrate, schemaVersion } from '../../../electron/database/migrations';
import { APPLICATION_ID, openInstanceDatabase } from '../../../electron/database/openDatabase';
import { NATIVE_DIR } from '../directory/support/instanceDb';
import { useTempDirs } from '../directory/support/tempDirs';

/**
 * Migration 0130 (jobs): a file at version 110 opens at the latest version with its rows as they
 * were and no jobs; the tables hold their own rules: a job's state is one of five, and its sealed
 * secrets go with it.
 */

const { tempDir, onCleanup } = useTempDirs();

function fileAt110(): string {
  const file = path.join(tempDir('roster-migration-'), 'instance.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`application_id = ${APPLICATION_ID}`);
  migrate(db, 110);
  db.prepare(
    `INSERT INTO users (id, username, username_key, display_name, email, password_hash, enabled, search_text,
       created_at, updated_at)
     VALUES (1, 'Ann', 'ann', 'Ann Lee', 'ann@example.com', 'hash', 1, 'ann', '2026-01-01T00:00:00.000Z',
       '2026-01-01T00:00:00.000Z')`,
  ).run();
  db.close();
  return file;
}

const insertJob = (db: Database.Database, key: string, state = 'running') =>
  db
    .prepare(
      `INSERT INTO jobs (id_hash, owner, kind, state, total, processed, fields, started_at, heartbeat_at)
       VALUES (?, 'ann', 'bulk', ?, 10, 0, '{}', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
    )
    .run(key, state);

describe('0130-jobs (from version 110)', () => {
  it('opens at the latest version, its users as they were and no jobs', () => {
    const db = openInstanceDatabase(fileAt110(), { mode: 'open', nativeDir: NATIVE_DIR });
    onCleanup(() => db.close());
    expect(LATEST_VERSION).toBeGreaterThanOrEqual(130);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.prepare('SELECT username FROM users').pluck().all()).toEqual(['Ann']);
    expect(db.prepare('SELECT count(*) FROM jobs').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM job_secrets').pluck().get()).toBe(0);
  });

  it('refuses an unknown state or kind, and drops sealed secrets with their job', () => {
    const db = openInstanceDatabase(fileAt110(), { mode: 'open', nativeDir: NATIVE_DIR });
    onCleanup(() => db.close());
    expect(() => insertJob(db, 'a', 'paused')).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO jobs (id_hash, owner, kind, state, total, processed, fields, started_at, heartbeat_at)
           VALUES ('b', 'ann', 'export', 'running', 1, 0, '{}', 't', 't')`,
        )
        .run(),
    ).toThrow(/CHECK/);
    insertJob(db, 'c');
    db.prepare("INSERT INTO job_secrets (id_hash, processed, sealed) VALUES ('c', 10, x'00')").run();
    expect(() =>
      db.prepare("INSERT INTO job_secrets (id_hash, processed, sealed) VALUES ('gone', 10, x'00')").run(),
    ).toThrow(/FOREIGN KEY/);
    db.prepare("DELETE FROM jobs WHERE id_hash = 'c'").run();
    expect(db.prepare('SELECT count(*) FROM job_secrets').pluck().get()).toBe(0);
  });
});
