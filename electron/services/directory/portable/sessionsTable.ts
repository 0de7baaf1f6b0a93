import type { SessionInfo, UserId } from '../../../../shared/domain/directory';
import { all, get, run, value, type Work } from '../../../database/portable/steps';
import type { TokenHashes } from './tokenPairsTable';

/**
 * Login sessions of the instance server: one row per sign-in, holding only the SHA-256 of its
 * access and refresh tokens, found by an indexed lookup of the hash of the token presented.
 */
export interface SessionRow {
  id: number;
  user_id: number;
  /** When the sign-in began: the start of its family of refresh tokens. */
  created_at: string;
  access_expires_at: string;
  refresh_expires_at: string;
  last_used_at: string;
}

const SESSION = 'id, user_id, created_at, access_expires_at, refresh_expires_at, last_used_at';

export function* insertSession(userId: UserId, hashes: TokenHashes, clientAddress: string): Work<number> {
  const id = yield* value<number>(
    `INSERT INTO sessions (user_id, access_hash, refresh_hash, created_at, access_expires_at, refresh_expires_at,
       last_used_at, client_address)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    userId,
    hashes.accessHash,
    hashes.refreshHash,
    hashes.createdAt,
    hashes.accessExpiresAt,
    hashes.refreshExpiresAt,
    hashes.createdAt,
    clientAddress,
  );
  return id ?? 0;
}

export const sessionByAccessHash = (accessHash: string): Work<SessionRow | undefined> =>
  get<SessionRow>(`SELECT ${SESSION} FROM sessions WHERE access_hash = ?`, accessHash);

export const sessionByRefreshHash = (refreshHash: string): Work<SessionRow | undefined> =>
  get<SessionRow>(`SELECT ${SESSION} FROM sessions WHERE refresh_hash = ?`, refreshHash);

/** The user a session belongs to, while it is there. */
export const sessionOwner = (id: number): Work<number | undefined> =>
  value<number>('SELECT user_id FROM sessions WHERE id = ?', id);

/** Refreshing replaces both tokens: the old refresh token stops working at once. The session keeps its start. */
export function* rotateSession(id: number, hashes: TokenHashes, clientAddress: string): Work<boolean> {
  const changed = yield* run(
    `UPDATE sessions SET access_hash = ?, refresh_hash = ?, access_expires_at = ?, refresh_expires_at = ?,
       last_used_at = ?, client_address = ? WHERE id = ?`,
    hashes.accessHash,
    hashes.refreshHash,
    hashes.accessExpiresAt,
    hashes.refreshExpiresAt,
    hashes.createdAt,
    clientAddress,
    id,
  );
  return changed > 0;
}

/**
 * Notes a request made with the session. Written at most once per `interval` ms per session, so
 * that a busy client does not turn every read into a write, even one whose requests come from
 * alternating addresses (a pool of NAT or proxy addresses): the address shown is that of the
 * request that last wrote.
 */
export const touchSession = (id: number, at: Date, clientAddress: string, intervalMs: number): Work<number> =>
  run(
    'UPDATE sessions SET last_used_at = ?, client_address = ? WHERE id = ? AND last_used_at < ?',
    at.toISOString(),
    clientAddress,
    id,
    new Date(at.getTime() - intervalMs).toISOString(),
  );

/** A user's sessions that can still be refreshed, newest first. */
export const sessionsOfUser = (userId: UserId, now: string): Work<SessionInfo[]> =>
  all<SessionInfo>(
    `SELECT id, created_at AS "createdAt", last_used_at AS "lastUsedAt", client_address AS "clientAddress",
       refresh_expires_at AS "expiresAt"
     FROM sessions WHERE user_id = ? AND refresh_expires_at > ? ORDER BY id DESC`,
    userId,
    now,
  );

export function* deleteSession(id: number): Work<boolean> {
  return (yield* run('DELETE FROM sessions WHERE id = ?', id)) > 0;
}

/** Ends every session of a user but `keep` (the one making the request, say). */
export const deleteSessionsOfUser = (userId: UserId, keep?: number): Work<number> =>
  run('DELETE FROM sessions WHERE user_id = ? AND id <> ?', userId, keep ?? 0);

/** Drops a user's expired sessions and all but the newest `keep`, so repeated logins cannot pile up rows. */
export function* pruneSessions(userId: UserId, now: string, keep: number): Work<void> {
  yield* run('DELETE FROM sessions WHERE user_id = ? AND refresh_expires_at <= ?', userId, now);
  yield* run(
    `DELETE FROM sessions WHERE user_id = ? AND id NOT IN
       (SELECT id FROM sessions WHERE user_id = ? ORDER BY id DESC LIMIT ?)`,
    userId,
    userId,
    keep,
  );
}
