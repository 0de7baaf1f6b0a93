import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, migrate, migrations, schemaVersion } from '../../../electron/database/migrations';
import { RosterError } from '../../../shared/contract/errors';
import { useTempDirs } from '../directory/support/tempDirs';

/**
 * Numbered migrations, each applied in one transaction with PRAGMA user_version.
 *
 * EVERY NEW MIGRATION ADDS A TEST HERE: migrate a fresh file to version n-1
 * (`migrate(db, previousVersion)`), seed it with rows as that version stores
 * them, migrate to n, and compare the rows and schema with what n should hold
 * (data carried over, new columns filled, nothing lost). See "0010-directory"
 * below for the first one, whose n-1 is the empty file.
 */

const { tempDir, onCleanup } = useTempDirs();

function freshFile(): Database.Database {
  const db = new Database(path.join(tempDir(), 'migrations.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  onCleanup(() => db.close());
  return db;
}

interface SchemaObject {
  type: string;
  name: string;
  sql: string | null;
}
const schemaOf = (db: Database.Database) =>
  db.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY type, name').all() as SchemaObject[];
const namesOf = (db: Database.Database, type: string) =>
  schemaOf(db)
    .filter((object) => object.type === type && !object.name.startsWith('sqlite_'))
    .map((object) => object.name);

describe('the migration list', () => {
  it('is numbered in steps of 10, strictly increasing, with unique names; LATEST_VERSION is the last', () => {
    const versions = migrations.map((migration) => migration.version);
    expect(versions.length).toBeGreaterThan(0);
    versions.forEach((version, index) => {
      expect(version % 10).toBe(0);
      if (index > 0) expect(version).toBeGreaterThan(versions[index - 1] ?? 0);
    });
    expect(new Set(migrations.map((migration) => migration.name)).size).toBe(migrations.length);
    expect(LATEST_VERSION).toBe(versions.at(-1));
  });
});

describe('migrate', () => {
  it('to version 0 does nothing on a fresh file', () => {
    const db = freshFile();
    migrate(db, 0);
    expect(schemaVersion(db)).toBe(0);
    expect(schemaOf(db)).toEqual([]);
  });

  it('then to the latest version creates every table', () => {
    const db = freshFile();
    migrate(db, 0);
    migrate(db);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(namesOf(db, 'table')).toEqual(
      expect.arrayContaining(['audit_log', 'groups', 'memberships', 'tokens', 'users', 'users_fts']),
    );
  });

  it('is idempotent: a second run changes neither the schema, the version, nor the data', () => {
    const db = freshFile();
    migrate(db);
    db.prepare("INSERT INTO groups (name, name_key, created_at) VALUES ('Keep', 'keep', 'now')").run();
    const schema = schemaOf(db);
    const observer = new Database(db.name, { readonly: true });
    onCleanup(() => observer.close());
    const dataVersion = observer.pragma('data_version', { simple: true }) as number;

    migrate(db);
    migrate(db, LATEST_VERSION);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(schemaOf(db)).toEqual(schema);
    expect(db.prepare('SELECT name FROM groups').pluck().all()).toEqual(['Keep']);
    // No other connection committed anything: the runs did not even write the same thing again.
    expect(observer.pragma('data_version', { simple: true })).toBe(dataVersion);
  });

  it('refuses a file from a newer schema, and writes nothing', () => {
    const db = freshFile();
    migrate(db);
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    const schema = schemaOf(db);
    let refusal: unknown;
    try {
      migrate(db);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(RosterError);
    expect(refusal).toMatchObject({
      code: 'BAD_FILE',
      message: expect.stringContaining(
        `newer Roster (schema ${LATEST_VERSION + 1}); this version reads up to schema ${LATEST_VERSION}`,
      ) as unknown,
    });
    expect(schemaVersion(db)).toBe(LATEST_VERSION + 1);
    expect(schemaOf(db)).toEqual(schema);
  });

  it('applies all pending steps in one transaction: a failure leaves the file at its old version, untouched', () => {
    const db = freshFile();
    // Something already named like a table the first migration creates, half-way through its script.
    db.exec('CREATE TABLE memberships (anything TEXT)');
    const before = schemaOf(db);
    expect(() => migrate(db)).toThrow(/memberships already exists/);
    expect(schemaVersion(db)).toBe(0);
    expect(schemaOf(db)).toEqual(before);
    expect(db.inTransaction).toBe(false);
  });
});

describe('0010-directory (from the empty file)', () => {
  it('creates the STRICT tables, indexes and FTS triggers the directory relies on', () => {
    const db = freshFile();
    migrate(db, 0);
    // Version n-1 is the empty file: nothing to seed.
    migrate(db, 10);
    expect(schemaVersion(db)).toBe(10);
    expect(namesOf(db, 'index')).toEqual(
      expect.arrayContaining(['audit_log_by_target', 'memberships_by_user']),
    );
    expect(namesOf(db, 'trigger').sort()).toEqual([
      'users_fts_delete',
      'users_fts_insert',
      'users_fts_update',
    ]);
    const strict = db
      .prepare("SELECT name FROM pragma_table_list WHERE strict = 1 AND schema = 'main'")
      .pluck()
      .all();
    expect(new Set(strict)).toEqual(new Set(['audit_log', 'groups', 'memberships', 'tokens', 'users']));
    const usernameKey = db
      .prepare(
        "SELECT il.name FROM pragma_index_list('users') il JOIN pragma_index_info(il.name) ii WHERE ii.name = 'username_key' AND il.[unique] = 1",
      )
      .pluck()
      .all();
    expect(usernameKey).toHaveLength(1);

    // The schema works as the directory needs: cascade, uniqueness, and the trigram index.
    db.exec(`
      INSERT INTO users (id, username, username_key, display_name, email, password_hash, enabled, search_text, created_at, updated_at)
        VALUES (1, 'Ann', 'ann', 'Ann Lee', 'ann@x.io', 'h', 1, 'ann' || char(10) || 'ann@x.io' || char(10) || 'ann lee', 't', 't');
      INSERT INTO groups (id, name, name_key, created_at) VALUES (1, 'G', 'g', 't');
      INSERT INTO memberships (group_id, user_id) VALUES (1, 1);
      INSERT INTO tokens (user_id, access_hash, refresh_hash, created_at, access_expires_at, refresh_expires_at)
        VALUES (1, 'a', 'r', 't', 't', 't');
    `);
    expect(db.prepare('SELECT rowid FROM users_fts WHERE users_fts MATCH \'"n le"\'').pluck().all()).toEqual([
      1,
    ]);
    expect(() =>
      db
        .prepare(
          "INSERT INTO users (username, username_key, display_name, email, password_hash, enabled, search_text, created_at, updated_at) VALUES ('ANN', 'ann', 'x', 'x', 'x', 1, 'x', 't', 't')",
        )
        .run(),
    ).toThrow(/UNIQUE/);
    expect(() => db.prepare("UPDATE users SET enabled = 'yes' WHERE id = 1").run()).toThrow(
      /CHECK|cannot store/,
    );
    db.prepare('DELETE FROM users WHERE id = 1').run();
    expect(
      db.prepare('SELECT (SELECT count(*) FROM memberships) + (SELECT count(*) FROM tokens)').pluck().get(),
    ).toBe(0);
    expect(db.prepare('SELECT count(*) FROM users_fts WHERE users_fts MATCH \'"ann"\'').pluck().get()).toBe(
      0,
    );
  });
});
