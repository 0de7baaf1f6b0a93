import type { Database } from 'better-sqlite3';
import { statement } from '../../../database/statements';
import type { SessionInfo, UserId } from '../../../../shared/domain/directory';
import type { TokenHashes } from './tokensTable';

/**
 * Login sessions of the instance server (migration 0020): one row per sign-in,
 * holding only the SHA-256 of its access and refresh tokens, found by an
 * indexed lookup of the hash of the token presented.
 */
export interface SessionRow {
  id: number;
  user_id: number;
  /** When the sign-in began: the start of its family of refresh tokens. */
  created_at: string;
  access_expires_at: string;
  refresh_expires_at: string;
}

const SESSION = 'id, user_id, created_at, access_expires_at, refresh_expires_at';

export function insertSession(
  db: Database,
  userId: UserId,
  hashes: TokenHashes,
  clientAddress: string,
): number {
  const result = db
    .prepare(
      `INSERT INTO sessions (user_id, access_hash, refresh_hash, created_at, access_expires_at, refresh_expires_at,
         last_used_at, client_address)
       VALUES (@userId, @accessHash, @refreshHash, @createdAt, @accessExpiresAt, @refreshExpiresAt,
         @createdAt, @clientAddress)`,
    )
    .run({ userId, ...hashes, clientAddress });
  return Number(result.lastInsertRowid);
}

export function sessionByAccessHash(db: Database, accessHash: string): SessionRow | undefined {
  return db
    .prepare<[string], SessionRow>(`SELECT ${SESSION} FROM sessions WHERE access_hash = ?`)
    .get(accessHash);
}

export function sessionByRefreshHash(db: Database, refreshHash: string): SessionRow | undefined {
  return db
    .prepare<[string], SessionRow>(`SELECT ${SESSION} FROM sessions WHERE refresh_hash = ?`)
    .get(refreshHash);
}

/** Refreshing replaces both tokens: the old refresh token stops working at once. The session keeps its start. */
export function rotateSession(db: Database, id: number, hashes: TokenHashes, clientAddress: string): boolean {
  return (
    db
      .prepare(
        `UPDATE sessions SET access_hash = @accessHash, refresh_hash = @refreshHash,
           access_expires_at = @accessExpiresAt, refresh_expires_at = @refreshExpiresAt,
           last_used_at = @createdAt, client_address = @clientAddress WHERE id = @id`,
      )
      .run({ id, ...hashes, clientAddress }).changes > 0
  );
}

/**
 * Notes a request made with the session. Written at most once per `interval` ms per session, so
 * that a busy client does not turn every read into a write, even one whose requests come from
 * alternating addresses (a pool of NAT or proxy addresses): the address shown is that of the
 * request that last wrote.
 */
export function touchSession(
  db: Database,
  id: number,
  at: Date,
  clientAddress: string,
  intervalMs: number,
): void {
  statement(
    db,
    `UPDATE sessions SET last_used_at = @now, client_address = @clientAddress
     WHERE id = @id AND last_used_at < @since`,
  ).run({
    id,
    now: at.toISOString(),
    since: new Date(at.getTime() - intervalMs).toISOString(),
    clientAddress,
  });
}

/** A user's sessions that can still be refreshed, newest first. */
export function sessionsOfUser(db: Database, userId: UserId, now: string): SessionInfo[] {
  return db
    .prepare<[number, string], SessionInfo>(
      `SELECT id, created_at AS createdAt, last_used_at AS lastUsedAt, client_address AS clientAddress,
         refresh_expires_at AS expiresAt
       FROM sessions WHERE user_id = ? AND refresh_expires_at > ? ORDER BY id DESC`,
    )
    .all(userId, now);
}

export function deleteSession(db: Database, id: number): boolean {
  return statement(db, 'DELETE FROM sessions WHERE id = ?').run(id).changes > 0;
}

/** Ends every session of a user but `keep` (the one making the request, say). */
export function deleteSessionsOfUser(db: Database, userId: UserId, keep?: number): number {
  return statement(db, 'DELETE FROM sessions WHERE user_id = ? AND id <> ?').run(userId, keep ?? 0).changes;
}

/** Drops a user's expired sessions and all but the newest `keep`, so repeated logins cannot pile up rows. */
export function pruneSessions(db: Database, userId: UserId, now: string, keep: number): void {
  statement(db, 'DELETE FROM sessions WHERE user_id = ? AND refresh_expires_at <= ?').run(userId, now);
  statement(
    db,
    `DELETE FROM sessions WHERE user_id = ? AND id NOT IN
       (SELECT id FROM sessions WHERE user_id = ? ORDER BY id DESC LIMIT ?)`,
  ).run(userId, userId, keep);
}

/**
 * The token pair an administrator generated for a user (the `tokens` table) is
 * that user's API credential, so it is accepted as a bearer token too.
 */
export function apiTokenByAccessHash(
  db: Database,
  accessHash: string,
): { user_id: number; access_expires_at: string } | undefined {
  return db
    .prepare<[string], { user_id: number; access_expires_at: string }>(
      'SELECT user_id, access_expires_at FROM tokens WHERE access_hash = ?',
    )
    .get(accessHash);
}
