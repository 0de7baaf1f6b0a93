import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, migrate, schemaVersion } from '../../../electron/database/migrations';
import { APPLICATION_ID, openInstanceDatabase } from '../../../electron/database/openDatabase';
import { createLocalDirectory } from '../../../electron/services/directory/local/localDirectory';
import { RosterError } from '../../../shared/contract/errors';
import { DEFAULT_PASSWORD_POLICY } from '../../../shared/domain/passwordPolicy';
import type { Role } from '../../../shared/domain/roles';
import { hasher, NATIVE_DIR } from '../directory/support/instanceDb';
import { MemoryKeychain } from '../directory/support/memoryKeychain';
import { useTempDirs } from '../directory/support/tempDirs';

/**
 * Migration 0050 (account lifecycle), from a file at version 40 with users of every kind, a
 * token and sign-in sessions: nothing about the people changes (roles, versions, the clock), every
 * session counts as last used when it started, nobody is Invited or must change a password, the
 * default password policy applies, and the version triggers move on the new flags and not on the
 * last sign-in. Then the file opens as the app and the server open one.
 */

const { tempDir, onCleanup } = useTempDirs();

const PEOPLE: readonly { id: number; username: string; role: Role; enabled: 0 | 1 }[] = [
  { id: 1, username: 'Ada', role: 'administrator', enabled: 1 },
  { id: 2, username: 'Bob', role: 'userManager', enabled: 1 },
  { id: 3, username: 'Cyd', role: 'auditor', enabled: 0 },
  { id: 4, username: 'Deirdre', role: 'user', enabled: 1 },
  { id: 5, username: 'Eve', role: 'apiUser', enabled: 1 },
];

/** Two sessions of Ada started at different times, one of Deirdre. */
const SESSIONS = [
  { id: 1, user: 1, createdAt: '2026-03-01T08:00:00.000Z' },
  { id: 2, user: 1, createdAt: '2026-03-02T09:30:00.000Z' },
  { id: 3, user: 4, createdAt: '2026-03-03T10:45:00.000Z' },
] as const;

const LATER = new Date(Date.now() + 24 * 60 * 60_000).toISOString();

/** A file as Roster wrote it before this change: the schema at version 40, then rows. */
function fileAt40(): { db: Database.Database; file: string } {
  const file = path.join(tempDir('roster-migration-'), 'instance.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`application_id = ${APPLICATION_ID}`);
  onCleanup(() => {
    if (db.open) db.close();
  });
  migrate(db, 40);
  expect(schemaVersion(db)).toBe(40);

  const insert = db.prepare(
    `INSERT INTO users (id, username, username_key, display_name, email, password_hash, enabled, search_text,
       created_at, updated_at, role)
     VALUES (@id, @username, @key, @displayName, @email, @hash, @enabled, @search, '2025-01-01T00:00:00.000Z',
       '2025-01-02T00:00:00.000Z', @role)`,
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
      role: person.role,
    });
  }
  const session = db.prepare(
    `INSERT INTO sessions (id, user_id, access_hash, refresh_hash, created_at, access_expires_at, refresh_expires_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const { id, user, createdAt } of SESSIONS)
    session.run(id, user, `access-${id}`, `refresh-${id}`, createdAt, LATER, LATER);
  db.exec(`
    INSERT INTO groups (id, name, name_key, created_at) VALUES (1, 'Ops', 'ops', 't');
    INSERT INTO memberships (group_id, user_id) VALUES (1, 4);
    INSERT INTO tokens (user_id, access_hash, refresh_hash, created_at, access_expires_at, refresh_expires_at)
      VALUES (5, 'ta', 'tr', 't', '${LATER}', '${LATER}');
  `);
  return { db, file };
}

const usersOf = (db: Database.Database) =>
  db.prepare('SELECT * FROM users ORDER BY id').all() as Record<string, unknown>[];
const versionOf = (db: Database.Database, id: number) =>
  db.prepare('SELECT version FROM users WHERE id = ?').pluck().get(id) as number;
const clockOf = (db: Database.Database) =>
  db.prepare('SELECT version FROM instance_clock').pluck().get() as number;
const TABLES = ['users', 'groups', 'memberships', 'tokens', 'sessions', 'audit_log', 'idempotency_keys'];
const countsOf = (db: Database.Database) =>
  TABLES.map((table) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get());

describe('0050-account-lifecycle (from version 40)', () => {
  it('keeps every user as it was (roles and versions too), adding flags that invite and force no one', () => {
    const { db } = fileAt40();
    const before = usersOf(db);
    const counts = countsOf(db);
    const clock = clockOf(db);

    migrate(db, 50);

    expect(schemaVersion(db)).toBe(50);
    expect(usersOf(db)).toEqual(
      before.map((row) => ({
        ...row,
        must_change_password: 0,
        may_reset_own_password: 1,
        last_sign_in_at: null,
      })),
    );
    expect(db.prepare('SELECT id, role FROM users ORDER BY id').all()).toEqual(
      PEOPLE.map(({ id, role }) => ({ id, role })),
    );
    // Nobody is Invited: everyone has a password, and there are no invitations.
    expect(db.prepare("SELECT count(*) FROM users WHERE password_hash = ''").pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM invitations').pluck().get()).toBe(0);
    expect(countsOf(db)).toEqual(counts);
    expect(clockOf(db)).toBe(clock);
  });

  it('counts every session as last used when it started, from no known address', () => {
    const { db } = fileAt40();
    migrate(db, 50);
    expect(
      db
        .prepare('SELECT id, user_id, created_at, last_used_at, client_address FROM sessions ORDER BY id')
        .all(),
    ).toEqual(
      SESSIONS.map(({ id, user, createdAt }) => ({
        id,
        user_id: user,
        created_at: createdAt,
        last_used_at: createdAt,
        client_address: '',
      })),
    );
  });

  it('stores no policy: the default applies', () => {
    const { db } = fileAt40();
    migrate(db, 50);
    expect(db.prepare('SELECT count(*) FROM instance_settings').pluck().get()).toBe(0);
  });

  it('moves a user’s version on the new flags and the fields it moved on before, never on a sign-in', () => {
    const { db } = fileAt40();
    migrate(db, 50);
    const seen = [versionOf(db, 4)];
    const step = (sql: string) => {
      db.prepare(sql).run();
      const now = versionOf(db, 4);
      expect(now, sql).toBeGreaterThan(seen.at(-1) ?? 0);
      expect(now, `${sql}: the version is the instance clock`).toBe(clockOf(db));
      seen.push(now);
    };
    step('UPDATE users SET must_change_password = 1 WHERE id = 4');
    step('UPDATE users SET must_change_password = 0 WHERE id = 4');
    step('UPDATE users SET may_reset_own_password = 0 WHERE id = 4');
    step("UPDATE users SET display_name = 'Dee Dee' WHERE id = 4");
    step("UPDATE users SET email = 'dee@d.example' WHERE id = 4");
    step("UPDATE users SET password_hash = 'h2' WHERE id = 4");
    step('UPDATE users SET enabled = 0 WHERE id = 4');
    step("UPDATE users SET role = 'auditor' WHERE id = 4");

    const version = versionOf(db, 4);
    const clock = clockOf(db);
    db.prepare("UPDATE users SET last_sign_in_at = '2026-04-01T00:00:00.000Z' WHERE id = 4").run();
    db.prepare("UPDATE users SET failed_logins = 2, locked_until = 'x' WHERE id = 4").run();
    expect(versionOf(db, 4)).toBe(version);
    expect(clockOf(db)).toBe(clock);
  });

  it('refuses a flag that is not 0 or 1', () => {
    const { db } = fileAt40();
    migrate(db, 50);
    expect(() => db.prepare('UPDATE users SET must_change_password = 2 WHERE id = 4').run()).toThrow(/CHECK/);
    expect(() => db.prepare('UPDATE users SET may_reset_own_password = -1 WHERE id = 4').run()).toThrow(
      /CHECK/,
    );
  });

  it('ends an invitation when the user gets a password, by whichever writer, and with the user', () => {
    const { db } = fileAt40();
    migrate(db, 50);
    const invite = (userId: number, hash: string) =>
      db
        .prepare('INSERT INTO invitations (user_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?)')
        .run(userId, hash, 't', LATER);
    const invitations = () => db.prepare('SELECT user_id FROM invitations ORDER BY user_id').pluck().all();

    db.prepare("UPDATE users SET password_hash = '' WHERE id IN (2, 4)").run();
    invite(2, 'token-of-bob');
    invite(4, 'token-of-deirdre');
    // Another change to the Invited user leaves its link alone.
    db.prepare("UPDATE users SET display_name = 'Dee Invited' WHERE id = 4").run();
    expect(invitations()).toEqual([2, 4]);

    db.prepare("UPDATE users SET password_hash = 'chosen' WHERE id = 4").run();
    expect(invitations()).toEqual([2]);
    db.prepare('DELETE FROM users WHERE id = 2').run();
    expect(invitations()).toEqual([]);
  });
});

describe('an instance file made before the account lifecycle', () => {
  function openedOld() {
    const { db, file } = fileAt40();
    const before = usersOf(db);
    db.close();
    const opened = openInstanceDatabase(file, { mode: 'open', nativeDir: NATIVE_DIR });
    onCleanup(() => {
      if (opened.open) opened.close();
    });
    return { db: opened, before };
  }

  const directoryOver = (db: Database.Database) =>
    createLocalDirectory({
      db,
      instanceId: 'old-instance',
      hasher,
      keychain: new MemoryKeychain(),
      actor: 'test-admin',
      callerRole: () => 'administrator',
    });

  it('opens with openInstanceDatabase, which migrates it to the latest version', () => {
    const { db } = openedOld();
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.prepare('SELECT id, role FROM users ORDER BY id').all()).toEqual(
      PEOPLE.map(({ id, role }) => ({ id, role })),
    );
  });

  it('lists nobody as Invited or forced to change a password, with no last sign-in', async () => {
    const { db, before } = openedOld();
    const directory = directoryOver(db);
    const page = await directory.searchUsers({ query: '', offset: 0, limit: 100 });
    expect(
      page.items.map(({ username, invited, lastSignInAt }) => ({ username, invited, lastSignInAt })),
    ).toEqual(PEOPLE.map(({ username }) => ({ username, invited: false, lastSignInAt: null })));
    expect(page.items.map((item) => item.createdAt)).toEqual(before.map((row) => row.created_at));
    expect((await directory.searchUsers({ query: '', status: 'invited', offset: 0, limit: 100 })).total).toBe(
      0,
    );
    expect(
      (await directory.searchUsers({ query: '', status: 'disabled', offset: 0, limit: 100 })).items.map(
        (item) => item.username,
      ),
    ).toEqual(['Cyd']);
    for (const { id } of PEOPLE)
      expect(await directory.getUser(id)).toMatchObject({
        mustChangePassword: false,
        mayResetOwnPassword: true,
      });
  });

  it('lists the sessions it had, as last used when they started', async () => {
    const { db } = openedOld();
    const sessions = await directoryOver(db).listSessions(1);
    expect(sessions.map(({ id, createdAt, lastUsedAt }) => ({ id, createdAt, lastUsedAt }))).toEqual([
      { id: 2, createdAt: SESSIONS[1].createdAt, lastUsedAt: SESSIONS[1].createdAt },
      { id: 1, createdAt: SESSIONS[0].createdAt, lastUsedAt: SESSIONS[0].createdAt },
    ]);
  });

  it('applies the default password policy: 5 to 20 characters, not the username', async () => {
    const { db } = openedOld();
    const directory = directoryOver(db);
    expect(await directory.getPasswordPolicy()).toEqual(DEFAULT_PASSWORD_POLICY);
    const refusal = async (password: string) => {
      try {
        await directory.updateUser(4, { password });
      } catch (error) {
        if (error instanceof RosterError) return error.toData();
        throw error;
      }
      throw new Error(`The password ${password} was accepted`);
    };
    const length = { code: 'INVALID_INPUT', message: 'The password must be 5 to 20 characters long.' };
    expect(await refusal('abcd')).toMatchObject(length);
    expect(await refusal('x'.repeat(21))).toMatchObject(length);
    expect(await refusal('DEIRDRE')).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'The password cannot be the username.',
    });
    await directory.updateUser(4, { password: 'deirdre-pw' });
    const stored = db.prepare('SELECT password_hash FROM users WHERE id = 4').pluck().get() as string;
    expect(await hasher.verify(stored, 'deirdre-pw')).toBe(true);
  });
});
