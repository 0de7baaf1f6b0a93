import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, migrate, migrations, schemaVersion } from '../../../electron/database/migrations';
import { APPLICATION_ID, openInstanceDatabase } from '../../../electron/database/openDatabase';
import { NATIVE_DIR } from '../directory/support/instanceDb';
import { useTempDirs } from '../directory/support/tempDirs';

/**
 * Migration 0090 (group descriptions): a file at the version before it opens at the latest version
 * with its groups, members and versions as they were and every description empty; a change of
 * description is a write to the group, so it takes a new version as a rename does.
 */

const { tempDir, onCleanup } = useTempDirs();

/** The version just before 0090, whichever migrations came between (0080 is another change's). */
const BEFORE = Math.max(
  ...migrations.map((migration) => migration.version).filter((version) => version < 90),
);

function fileBefore0090(): string {
  const file = path.join(tempDir('roster-migration-'), 'instance.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`application_id = ${APPLICATION_ID}`);
  migrate(db, BEFORE);
  db.exec(`
    INSERT INTO users (id, username, username_key, display_name, email, password_hash, enabled, search_text,
      created_at, updated_at, role)
      VALUES (1, 'Ann', 'ann', 'Ann Lee', 'ann@example.com', 'hash', 1, 'ann', 't', 't', 'user');
    INSERT INTO groups (id, name, name_key, created_at) VALUES (1, 'Ops', 'ops', 't'), (2, 'Sales', 'sales', 't');
    INSERT INTO memberships (group_id, user_id) VALUES (1, 1);
  `);
  db.close();
  return file;
}

const versionOf = (db: Database.Database, id: number) =>
  db.prepare('SELECT version FROM groups WHERE id = ?').pluck().get(id) as number;

describe('0090-group-descriptions', () => {
  it(`opens a file at version ${BEFORE} at the latest version, every group described as ''`, () => {
    const file = fileBefore0090();
    const before = new Database(file, { readonly: true });
    const versions = before.prepare('SELECT id, version FROM groups ORDER BY id').all();
    before.close();

    const db = openInstanceDatabase(file, { mode: 'open', nativeDir: NATIVE_DIR });
    onCleanup(() => db.close());
    expect(LATEST_VERSION).toBeGreaterThanOrEqual(90);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.prepare('SELECT id, name, description FROM groups ORDER BY id').all()).toEqual([
      { id: 1, name: 'Ops', description: '' },
      { id: 2, name: 'Sales', description: '' },
    ]);
    expect(db.prepare('SELECT id, version FROM groups ORDER BY id').all()).toEqual(versions);
    expect(db.prepare('SELECT count(*) FROM memberships').pluck().get()).toBe(1);
  });

  it('gives a group a new version when its description changes, and when it is renamed', () => {
    const db = openInstanceDatabase(fileBefore0090(), { mode: 'open', nativeDir: NATIVE_DIR });
    onCleanup(() => db.close());
    const first = versionOf(db, 1);
    db.prepare("UPDATE groups SET description = 'Runs the servers' WHERE id = 1").run();
    const described = versionOf(db, 1);
    expect(described).toBeGreaterThan(first);
    db.prepare("UPDATE groups SET name = 'Operations', name_key = 'operations' WHERE id = 1").run();
    expect(versionOf(db, 1)).toBeGreaterThan(described);
    // The other group was not written.
    expect(versionOf(db, 2)).toBeLessThan(described);
  });

  it('holds new groups with an empty description unless one is given', () => {
    const db = openInstanceDatabase(fileBefore0090(), { mode: 'open', nativeDir: NATIVE_DIR });
    onCleanup(() => db.close());
    db.prepare("INSERT INTO groups (name, name_key, created_at) VALUES ('New', 'new', 't')").run();
    expect(db.prepare("SELECT description FROM groups WHERE name = 'New'").pluck().get()).toBe('');
  });
});
