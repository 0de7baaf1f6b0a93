import type { Database } from 'better-sqlite3';
import { statement } from '../../../database/statements';
import type { TokenInfo, UserId } from '../../../../shared/domain/directory';
import { forgetPairHistory } from './refreshFamiliesTable';

interface TokenRow {
  created_at: string;
  access_expires_at: string;
  refresh_expires_at: string;
}

export interface TokenHashes {
  accessHash: string;
  refreshHash: string;
  createdAt: string;
  accessExpiresAt: string;
  refreshExpiresAt: string;
}

export function tokenInfo(db: Database, userId: UserId): TokenInfo | null {
  const row = db
    .prepare<[number], TokenRow>(
      'SELECT created_at, access_expires_at, refresh_expires_at FROM tokens WHERE user_id = ?',
    )
    .get(userId);
  return row
    ? {
        createdAt: row.created_at,
        accessExpiresAt: row.access_expires_at,
        refreshExpiresAt: row.refresh_expires_at,
      }
    : null;
}

/** A user has at most one pair: a new one replaces the old, which stops working. */
export function replaceTokenHashes(db: Database, userId: UserId, hashes: TokenHashes): void {
  forgetPairHistory(db, userId);
  statement(
    db,
    `INSERT INTO tokens (user_id, access_hash, refresh_hash, created_at, access_expires_at, refresh_expires_at)
     VALUES (@userId, @accessHash, @refreshHash, @createdAt, @accessExpiresAt, @refreshExpiresAt)
     ON CONFLICT (user_id) DO UPDATE SET access_hash = excluded.access_hash, refresh_hash = excluded.refresh_hash,
       created_at = excluded.created_at, access_expires_at = excluded.access_expires_at,
       refresh_expires_at = excluded.refresh_expires_at`,
  ).run({ userId, ...hashes });
}

/** A generated pair found by its refresh token's hash. */
export interface PairRow {
  user_id: number;
  created_at: string;
  refresh_expires_at: string;
}

export function pairByRefreshHash(db: Database, refreshHash: string): PairRow | undefined {
  return db
    .prepare<[string], PairRow>(
      'SELECT user_id, created_at, refresh_expires_at FROM tokens WHERE refresh_hash = ?',
    )
    .get(refreshHash);
}

/** A refresh of a generated pair: both tokens change, the pair keeps its start (its family's). */
export function rotatePair(db: Database, userId: UserId, hashes: Omit<TokenHashes, 'createdAt'>): void {
  statement(
    db,
    `UPDATE tokens SET access_hash = @accessHash, refresh_hash = @refreshHash,
       access_expires_at = @accessExpiresAt, refresh_expires_at = @refreshExpiresAt WHERE user_id = @userId`,
  ).run({ userId, ...hashes });
}

export function deleteTokenHashes(db: Database, userId: UserId): boolean {
  return statement(db, 'DELETE FROM tokens WHERE user_id = ?').run(userId).changes > 0;
}
