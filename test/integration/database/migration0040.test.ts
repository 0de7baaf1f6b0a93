import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, migrate, schemaVersion } from '../../../electron/database/migrations';
import { APPLICATION_ID, openInstanceDatabase } from '../../../electron/database/openDatabase';
import { createLocalDirectory } from '../../../electron/services/directory/local/localDirectory';
import { RosterError } from '../../../shared/contract/errors';
import type { Role } from '../../../shared/domain/roles';
import { hasher, NATIVE_DIR, newUser } from '../directory/support/instanceDb';
import { MemoryKeychain } from '../directory/support/memoryKeychain';
import { useTempDirs } from '../directory/support/tempDirs';

/**
 * Migration 0040 (roles): the administrator flag becomes one role per user. From version 30 with
 * data: administrators (enabled or not) become Administrators and everyone else a User, the flag's
 * column goes, and the rules its triggers kept still hold for every writer (the first user becomes
 * Administrator; a change of role moves the user's version). Then a file made before this change
 * opens as the app and the server open one, and the local directory works on it.
 */

const { tempDir, onCleanup } = useTempDirs();

/** Users of the file at version 30: the flag, enabled, and whatever else a real file holds. */
const PEOPLE = [
  { id: 1, username: 'Ada', isAdmin: 1, enabled: 1 }, // the administrator
  { id: 2, username: 'Bob', isAdmin: 0, enabled: 1 },
  { id: 3, username: 'Cyd', isAdmin: 1, enabled: 0 }, // a disabled administrator
  { id: 4, username: 'Dee', isAdmin: 0, enabled: 0 },
  { id: 5, username: 'Eve', isAdmin: 0, enabled: 1 }, // locked, with a group, a token and a session
] as const;
const ROLE_AFTER: Readonly<Record<number, Role>> = {
  1: 'administrator',
  2: 'user',
  3: 'administrator',
  4: 'user',
  5: 'user',
};

/** A file as Roster wrote it before this change: the schema at version 30, then rows. */
function fileAt30(options: { people?: boolean } = {}): { db: Database.Database; file: string } {
  const file = path.join(tempDir('roster-migration-'), 'instance.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`application_id = ${APPLICATION_ID}`);
  onCleanup(() => {
    if (db.open) db.close();
  });
  migrate(db, 30);
  expect(schemaVersion(db)).toBe(30);
  if (options.people === false) return { db, file };

  const insert = db.prepare(
    `INSERT INTO users (id, username, username_key, display_name, email, password_hash, enabled, search_text,
       created_at, updated_at, is_admin)
     VALUES (@id, @username, @key, @displayName, @email, @hash, @enabled, @search, '2025-01-01T00:00:00.000Z',
       '2025-01-02T00:00:00.000Z', @isAdmin)`,
  );
  for (const person of PEOPLE) {
    const key = person.username.toLowerCase();
    insert.run({
      id: person.id,
      username: person.username,
      key,
      displayName: `${person.username} Person`,
      email: `${key}@example.com`,
      hash: `hash-of-${key}`,
      enabled: person.enabled,
      search: `${key} ${key}@example.com ${key} person`,
      isAdmin: person.isAdmin,
    });
  }
  // The first-admin trigger of 0020 already made Ada one; the flags are as the table says.
  expect(db.prepare('SELECT id, is_admin FROM users ORDER BY id').all()).toEqual(
    PEOPLE.map((person) => ({ id: person.id, is_admin: person.isAdmin })),
  );
  const later = new Date(Date.now() + 60 * 60_000).toISOString();
  db.exec(`
    UPDATE users SET failed_logins = 5, locked_until = '${later}' WHERE id = 5;
    INSERT INTO groups (id, name, name_key, created_at) VALUES (1, 'Ops', 'ops', 't');
    INSERT INTO memberships (group_id, user_id) VALUES (1, 5), (1, 1);
    INSERT INTO tokens (user_id, access_hash, refresh_hash, created_at, access_expires_at, refresh_expires_at)
      VALUES (5, 'ta', 'tr', 't', '${later}', '${later}');
    INSERT INTO sessions (user_id, access_hash, refresh_hash, created_at, access_expires_at, refresh_expires_at)
      VALUES (5, 'sa', 'sr', 't', '${later}', '${later}');
    INSERT INTO audit_log (at, actor, action, target_type, target_id, before, after)
      VALUES ('t', 'cli:owner', 'user.admin', 'user', 3, '{"admin":false}', '{"admin":true}');
  `);
  return { db, file };
}

const usersOf = (db: Database.Database) =>
  db.prepare('SELECT * FROM users ORDER BY id').all() as Record<string, unknown>[];
const roleOf = (db: Database.Database, id: number) =>
  db.prepare('SELECT role FROM users WHERE id = ?').pluck().get(id) as Role | undefined;
const versionOf = (db: Database.Database, id: number) =>
  db.prepare('SELECT version FROM users WHERE id = ?').pluck().get(id) as number;
const clockOf = (db: Database.Database) =>
  db.prepare('SELECT version FROM instance_clock').pluck().get() as number;
const columnsOf = (db: Database.Database) =>
  (db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('users') as string[]).sort();

describe('0040-roles (from version 30)', () => {
  it('makes administrators (enabled or not) Administrators and everyone else a User, keeping every other value', () => {
    const { db } = fileAt30();
    const before = usersOf(db);
    const counts = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
    const tables = ['groups', 'memberships', 'tokens', 'sessions', 'audit_log', 'idempotency_keys'];
    const countsBefore = tables.map(counts);
    const clockBefore = clockOf(db);

    migrate(db, 40);

    expect(schemaVersion(db)).toBe(40);
    expect(usersOf(db)).toEqual(
      before.map((row) => {
        const rest = { ...row };
        delete rest.is_admin;
        return { ...rest, role: ROLE_AFTER[row.id as number] };
      }),
    );
    // Every row of every other table is still there; the migration moved no version.
    expect(tables.map(counts)).toEqual(countsBefore);
    expect(clockOf(db)).toBe(clockBefore);
  });

  it('drops the flag: no column, index or trigger names is_admin any more', () => {
    const { db } = fileAt30();
    migrate(db, 40);
    expect(columnsOf(db)).not.toContain('is_admin');
    expect(columnsOf(db)).toContain('role');
    expect(() => db.prepare('SELECT is_admin FROM users').all()).toThrow(/no such column: is_admin/);
    const mentions = db.prepare("SELECT type, name FROM sqlite_schema WHERE sql LIKE '%is_admin%'").all() as {
      type: string;
      name: string;
    }[];
    expect(mentions).toEqual([]);
    // The administrators' index reads the role now, and the lookups of the last administrator use it.
    const index = db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'users_admins'").pluck().get();
    expect(index).toMatch(/WHERE role = 'administrator'/);
    const plan = (
      db
        .prepare("EXPLAIN QUERY PLAN SELECT id FROM users WHERE role = 'administrator' AND enabled = 1")
        .all() as { detail: string }[]
    )
      .map((row) => row.detail)
      .join('\n');
    expect(plan).toMatch(/users_admins/);
  });

  it('refuses a role it does not know, and no role at all', () => {
    const { db } = fileAt30();
    migrate(db, 40);
    const before = usersOf(db);
    for (const role of ['root', 'Administrator', 'admin', '', 'user ']) {
      expect(() => db.prepare('UPDATE users SET role = ? WHERE id = 2').run(role), role).toThrow(/CHECK/);
    }
    expect(() => db.prepare('UPDATE users SET role = NULL WHERE id = 2').run()).toThrow(/NOT NULL/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO users (username, username_key, display_name, email, password_hash, enabled, search_text,
             created_at, updated_at, role) VALUES ('Zed', 'zed', 'Zed Z', 'z@example.com', 'h', 1, 'zed', 't', 't', 'owner')`,
        )
        .run(),
    ).toThrow(/CHECK/);
    expect(usersOf(db)).toEqual(before);
    // Each of the five roles is taken.
    for (const role of ['userManager', 'auditor', 'apiUser', 'administrator', 'user'] as const) {
      db.prepare('UPDATE users SET role = ? WHERE id = 2').run(role);
      expect(roleOf(db, 2)).toBe(role);
    }
  });

  it('keeps moving a user’s version on every change it shows, the role among them, and never on a sign-in count', () => {
    const { db } = fileAt30();
    migrate(db, 40);
    const seen = [versionOf(db, 2)];
    const step = (sql: string) => {
      db.prepare(sql).run();
      const now = versionOf(db, 2);
      expect(now, sql).toBeGreaterThan(seen.at(-1) ?? 0);
      expect(now, `${sql}: the version is the instance clock`).toBe(clockOf(db));
      seen.push(now);
    };
    step("UPDATE users SET role = 'auditor' WHERE id = 2");
    step("UPDATE users SET role = 'administrator' WHERE id = 2");
    step("UPDATE users SET role = 'user' WHERE id = 2");
    step("UPDATE users SET display_name = 'Bob Builder' WHERE id = 2");
    step("UPDATE users SET email = 'bob@b.example' WHERE id = 2");
    step("UPDATE users SET password_hash = 'h2' WHERE id = 2");
    step('UPDATE users SET enabled = 0 WHERE id = 2');
    step('INSERT INTO memberships (group_id, user_id) VALUES (1, 2)');

    const before = versionOf(db, 2);
    db.prepare("UPDATE users SET failed_logins = 3, locked_until = 'x' WHERE id = 2").run();
    expect(versionOf(db, 2)).toBe(before);
    // The other users were not touched by these changes.
    expect(versionOf(db, 4)).toBeLessThan(seen[1] ?? 0);
  });

  it('makes the first user of an instance its Administrator, and the next ones Users', () => {
    const { db } = fileAt30({ people: false });
    migrate(db, 40);
    const add = (username: string) =>
      Number(
        db
          .prepare(
            `INSERT INTO users (username, username_key, display_name, email, password_hash, enabled, search_text,
               created_at, updated_at) VALUES (?, ?, 'Some One', 'x@example.com', 'h', 1, ?, 't', 't')`,
          )
          .run(username, username.toLowerCase(), username.toLowerCase()).lastInsertRowid,
      );
    const first = add('First');
    const second = add('Second');
    expect(roleOf(db, first)).toBe('administrator');
    expect(roleOf(db, second)).toBe('user');
    // The trigger's own change is a change of role: the first user's version is past its insert's.
    expect(versionOf(db, first)).toBeGreaterThan(1);

    // An instance emptied of users by any writer starts over: its next user is again the first.
    db.prepare('DELETE FROM users').run();
    expect(roleOf(db, add('Third'))).toBe('administrator');
  });

  it('on a file with users, makes no one else an Administrator', () => {
    const { db } = fileAt30();
    migrate(db, 40);
    const id = Number(
      db
        .prepare(
          `INSERT INTO users (username, username_key, display_name, email, password_hash, enabled, search_text,
             created_at, updated_at) VALUES ('Fay', 'fay', 'Fay F', 'fay@example.com', 'h', 1, 'fay', 't', 't')`,
        )
        .run().lastInsertRowid,
    );
    expect(roleOf(db, id)).toBe('user');
  });
});

describe('an instance file made before roles', () => {
  /** The file at 30 closed, then opened as the registry and the server open one. */
  function openedOld() {
    const { db, file } = fileAt30();
    const before = usersOf(db);
    db.close();
    const opened = openInstanceDatabase(file, { mode: 'open', nativeDir: NATIVE_DIR });
    onCleanup(() => {
      if (opened.open) opened.close();
    });
    return { db: opened, file, before };
  }

  const directoryOver = (db: Database.Database, callerRole: Role = 'administrator') =>
    createLocalDirectory({
      db,
      instanceId: 'old-instance',
      hasher,
      keychain: new MemoryKeychain(),
      actor: 'test-admin',
      callerRole: () => callerRole,
    });

  async function refusal(call: () => Promise<unknown>) {
    try {
      await call();
    } catch (error) {
      if (error instanceof RosterError) return error.toData();
      throw error;
    }
    throw new Error('Expected a refusal, the call succeeded');
  }

  it('opens with openInstanceDatabase, which migrates it to the latest version', () => {
    const { db } = openedOld();
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(columnsOf(db)).not.toContain('is_admin');
    expect(db.prepare('SELECT id, role FROM users ORDER BY id').all()).toEqual(
      PEOPLE.map((person) => ({ id: person.id, role: ROLE_AFTER[person.id] })),
    );
  });

  it('serves the local directory: its users with their roles, search, groups, token and lock', async () => {
    const { db } = openedOld();
    const directory = directoryOver(db);

    const page = await directory.searchUsers({ query: '', offset: 0, limit: 100 });
    expect(page.items.map((item) => [item.username, item.role])).toEqual(
      PEOPLE.map((person) => [person.username, ROLE_AFTER[person.id]]),
    );
    expect((await directory.searchUsers({ query: 'eve', offset: 0, limit: 10 })).items).toHaveLength(1);
    const eve = await directory.getUser(5);
    expect(eve).toMatchObject({
      username: 'Eve',
      role: 'user',
      enabled: true,
      groups: [{ id: 1, name: 'Ops' }],
      token: { createdAt: 't' },
    });
    expect((await directory.getAccess(5)).failedLogins).toBe(5);
    expect(await directory.unlock(5)).toEqual({ failedLogins: 0, lockedUntil: null });
    expect((await directory.getUser(3)).role).toBe('administrator');
    expect(await directory.callerRole()).toBe('administrator');
  });

  it('keeps the last-administrator rule over the migrated roles: the disabled one does not count', async () => {
    const { db } = openedOld();
    const directory = directoryOver(db);
    const before = usersOf(db);

    expect(await refusal(() => directory.setRole(1, 'user'))).toMatchObject({
      code: 'CONFLICT',
      field: 'userId',
    });
    expect(await refusal(() => directory.deleteUser(1))).toMatchObject({ code: 'CONFLICT' });
    expect(await refusal(() => directory.setEnabled(1, false))).toMatchObject({ code: 'CONFLICT' });
    expect(usersOf(db)).toEqual(before);

    // The disabled administrator may go; with Bob promoted, Ada may step down.
    expect((await directory.setRole(3, 'auditor')).role).toBe('auditor');
    expect((await directory.setRole(2, 'administrator')).role).toBe('administrator');
    const demoted = await directory.setRole(1, 'user');
    expect(demoted.role).toBe('user');
    expect(demoted.version).toBeGreaterThan(before[0]?.version as number);
    const audit = db
      .prepare("SELECT target_id, before, after FROM audit_log WHERE action = 'user.role' ORDER BY id")
      .all();
    expect(audit).toEqual([
      { target_id: 3, before: '{"role":"administrator"}', after: '{"role":"auditor"}' },
      { target_id: 2, before: '{"role":"user"}', after: '{"role":"administrator"}' },
      { target_id: 1, before: '{"role":"administrator"}', after: '{"role":"user"}' },
    ]);
    // The audit rows written before roles are left as they were.
    expect(db.prepare("SELECT count(*) FROM audit_log WHERE action = 'user.admin'").pluck().get()).toBe(1);
  });

  it('creates Users by default and the role asked for, and a User manager may not touch its administrators', async () => {
    const { db } = openedOld();
    const directory = directoryOver(db);
    expect((await directory.createUser(newUser('newcomer'))).role).toBe('user');
    expect((await directory.createUser({ ...newUser('reader'), role: 'auditor' })).role).toBe('auditor');

    const manager = directoryOver(db, 'userManager');
    expect(await refusal(() => manager.updateUser(1, { displayName: 'Not yours' }))).toMatchObject({
      code: 'FORBIDDEN',
      field: 'userId',
    });
    expect(await refusal(() => manager.setRole(3, 'user'))).toMatchObject({ code: 'FORBIDDEN' });
    expect((await manager.updateUser(2, { displayName: 'Bob Managed' })).displayName).toBe('Bob Managed');
  });
});
