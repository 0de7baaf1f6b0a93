import type { Database } from 'better-sqlite3';
import type { TokenInfo, UserId } from '../../../../shared/domain/directory';

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
  db.prepare(
    `INSERT INTO tokens (user_id, access_hash, refresh_hash, created_at, access_expires_at, refresh_expires_at)
     VALUES (@userId, @accessHash, @refreshHash, @createdAt, @accessExpiresAt, @refreshExpiresAt)
     ON CONFLICT (user_id) DO UPDATE SET access_hash = excluded.access_hash, refresh_hash = excluded.refresh_hash,
       created_at = excluded.created_at, access_expires_at = excluded.access_expires_at,
       refresh_expires_at = excluded.refresh_expires_at`,
  ).run({ userId, ...hashes });
}

export function deleteTokenHashes(db: Database, userId: UserId): boolean {
  return db.prepare('DELETE FROM tokens WHERE user_id = ?').run(userId).changes > 0;
}
