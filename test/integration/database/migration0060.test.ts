import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/common/logger';
import { LATEST_VERSION, migrate, schemaVersion } from '../../../electron/database/migrations';
import { APPLICATION_ID, openInstanceDatabase } from '../../../electron/database/openDatabase';
import { sqliteWorkRunner } from '../../../electron/database/portable/workRunner';
import { DEFAULT_TOKEN_TTL, hashToken } from '../../../electron/secrets/tokenSecrets';
import { createLocalDirectory } from '../../../electron/services/directory/local/localDirectory';
import { createSignInAudit } from '../../../electron/services/signIn/signInAudit';
import { createTokenFamilies } from '../../../electron/services/signIn/tokenFamilies';
import { hasher, NATIVE_DIR } from '../directory/support/instanceDb';
import { MemoryKeychain } from '../directory/support/memoryKeychain';
import { useTempDirs } from '../directory/support/tempDirs';

/**
 * Migration 0060 (refresh families): the table of used refresh tokens that reuse detection keeps.
 * A file at version 50 opens at 60 with nothing else changed; each used token belongs to exactly
 * one family, a sign-in session or a user's generated pair, and goes when its family goes,
 * whichever writer deletes it; and a newly generated pair starts with no history, so that a token
 * of the pair it replaced is no replay of it.
 */

const { tempDir, onCleanup } = useTempDirs();

/** The families began an hour ago and live on: well inside their lifetime (90 days by default). */
const STARTED = new Date(Date.now() - 60 * 60_000).toISOString();
const LATER = new Date(Date.now() + 24 * 60 * 60_000).toISOString();
const ADA = 1;
const EVE = 2;
/** Ada's sign-in session and Eve's generated pair, by their tokens (the file holds their hashes). */
const SESSION = { id: 1, access: 'ada-session-access', refresh: 'ada-session-refresh' };
const PAIR = { access: 'eve-pair-access', refresh: 'eve-pair-refresh' };

/** A file as Roster wrote it before this change: the schema at version 50, then rows. */
function fileAt50(): { db: Database.Database; file: string } {
  const file = path.join(tempDir('roster-migration-'), 'instance.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`application_id = ${APPLICATION_ID}`);
  onCleanup(() => {
    if (db.open) db.close();
  });
  migrate(db, 50);
  expect(schemaVersion(db)).toBe(50);

  const insert = db.prepare(
    `INSERT INTO users (id, username, username_key, display_name, email, password_hash, enabled, search_text,
       created_at, updated_at, role)
     VALUES (@id, @username, @key, @username, @email, 'hash', 1, @key, '2026-01-01T00:00:00.000Z',
       '2026-01-01T00:00:00.000Z', @role)`,
  );
  insert.run({ id: ADA, username: 'Ada', key: 'ada', email: 'ada@example.com', role: 'administrator' });
  insert.run({ id: EVE, username: 'Eve', key: 'eve', email: 'eve@example.com', role: 'apiUser' });
  db.prepare(
    `INSERT INTO sessions (id, user_id, access_hash, refresh_hash, created_at, access_expires_at, refresh_expires_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(SESSION.id, ADA, hashToken(SESSION.access), hashToken(SESSION.refresh), STARTED, LATER, LATER);
  db.prepare(
    `INSERT INTO tokens (user_id, access_hash, refresh_hash, created_at, access_expires_at, refresh_expires_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(EVE, hashToken(PAIR.access), hashToken(PAIR.refresh), STARTED, LATER, LATER);
  return { db, file };
}

/** The file at version 50, opened as the app and the server open one. */
function openedOld(): Database.Database {
  const { db, file } = fileAt50();
  db.close();
  const opened = openInstanceDatabase(file, { mode: 'open', nativeDir: NATIVE_DIR });
  onCleanup(() => {
    if (opened.open) opened.close();
  });
  return opened;
}

const familiesOver = (db: Database.Database) =>
  createTokenFamilies({
    storage: sqliteWorkRunner(db),
    now: () => new Date(),
    tokenTtl: DEFAULT_TOKEN_TTL,
    logger: silentLogger,
    audit: createSignInAudit(() => new Date()),
  });

/** How many used tokens each family has. */
const usedTokens = (db: Database.Database) =>
  db
    .prepare(
      `SELECT session_id, pair_user_id, count(*) AS used FROM used_refresh_tokens
       GROUP BY session_id, pair_user_id ORDER BY session_id IS NULL, session_id, pair_user_id`,
    )
    .all();

const TABLES = ['users', 'sessions', 'tokens', 'audit_log'];
const rowsOf = (db: Database.Database) =>
  Object.fromEntries(TABLES.map((table) => [table, db.prepare(`SELECT * FROM ${table} ORDER BY 1`).all()]));

/** Refreshes `refreshToken` and answers the new refresh token; fails unless tokens were issued. */
async function rotate(families: ReturnType<typeof familiesOver>, refreshToken: string): Promise<string> {
  const outcome = await families.refresh(refreshToken, '127.0.0.1');
  if (outcome.kind !== 'issued') throw new Error(`the refresh was ${outcome.kind}`);
  return outcome.tokens.refreshToken;
}

describe('0060-refresh-families (from version 50)', () => {
  it('opens at the latest version with openInstanceDatabase, every row as it was, no token used yet', () => {
    const { db, file } = fileAt50();
    const before = rowsOf(db);
    db.close();
    const opened = openInstanceDatabase(file, { mode: 'open', nativeDir: NATIVE_DIR });
    onCleanup(() => opened.close());

    expect(schemaVersion(opened)).toBe(LATEST_VERSION);
    expect(rowsOf(opened)).toEqual(before);
    expect(usedTokens(opened)).toEqual([]);
    expect(opened.pragma('foreign_key_check')).toEqual([]);
  });

  it('deletes the used tokens of a session with the session, and of a pair with the pair', async () => {
    const db = openedOld();
    const families = familiesOver(db);
    await rotate(families, await rotate(families, SESSION.refresh));
    await rotate(families, PAIR.refresh);
    expect(usedTokens(db)).toEqual([
      { session_id: SESSION.id, pair_user_id: null, used: 2 },
      { session_id: null, pair_user_id: EVE, used: 1 },
    ]);

    // As a sign-out, a pruned or an ended session, or a disabled user's, deletes it.
    db.prepare('DELETE FROM sessions WHERE id = ?').run(SESSION.id);
    expect(usedTokens(db)).toEqual([{ session_id: null, pair_user_id: EVE, used: 1 }]);
    // As a revoked pair, or its deleted user's, goes.
    db.prepare('DELETE FROM tokens WHERE user_id = ?').run(EVE);
    expect(usedTokens(db)).toEqual([]);
  });

  it('forgets the history of a pair that is generated anew: its old used token is no replay of the new one', async () => {
    const db = openedOld();
    const families = familiesOver(db);
    await rotate(families, PAIR.refresh);
    await rotate(families, SESSION.refresh);
    expect(usedTokens(db)).toEqual([
      { session_id: SESSION.id, pair_user_id: null, used: 1 },
      { session_id: null, pair_user_id: EVE, used: 1 },
    ]);

    const directory = createLocalDirectory({
      db,
      instanceId: 'old-instance',
      hasher,
      keychain: new MemoryKeychain(),
      actor: 'test-admin',
      callerRole: () => 'administrator',
    });
    const fresh = await directory.generateToken(EVE);
    // The session's history stays; the replaced pair's is gone.
    expect(usedTokens(db)).toEqual([{ session_id: SESSION.id, pair_user_id: null, used: 1 }]);
    // Remembered, the old token would end the new pair as a replay; forgotten, it is merely unknown.
    expect(await families.refresh(PAIR.refresh, '127.0.0.1')).toEqual({ kind: 'invalid' });
    expect((await families.refresh(fresh.refreshToken, '127.0.0.1')).kind).toBe('issued');
  });

  it('refuses a used token of both families or of neither, and of a family that does not exist', () => {
    const db = openedOld();
    const used = db.prepare(
      `INSERT INTO used_refresh_tokens (refresh_hash, session_id, pair_user_id, used_at)
       VALUES (?, ?, ?, '2026-03-02T00:00:00.000Z')`,
    );
    expect(() => used.run('both', SESSION.id, EVE)).toThrow(/CHECK/);
    expect(() => used.run('neither', null, null)).toThrow(/CHECK/);
    expect(() => used.run('no-session', 99, null)).toThrow(/FOREIGN KEY/);
    expect(() => used.run('no-pair', null, ADA)).toThrow(/FOREIGN KEY/);
    expect(usedTokens(db)).toEqual([]);
    // Each of its families alone is taken.
    used.run('of-the-session', SESSION.id, null);
    used.run('of-the-pair', null, EVE);
    expect(usedTokens(db)).toEqual([
      { session_id: SESSION.id, pair_user_id: null, used: 1 },
      { session_id: null, pair_user_id: EVE, used: 1 },
    ]);
  });
});
