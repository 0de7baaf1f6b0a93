import type { TokenInfo, UserId } from '../../../../shared/domain/directory';
import { get, run, type Work } from '../../../database/portable/steps';
import { forgetPairHistory } from './refreshFamiliesTable';

/** The token pair an administrator generated for a user (the `tokens` table): only its hashes. */
export interface TokenHashes {
  accessHash: string;
  refreshHash: string;
  createdAt: string;
  accessExpiresAt: string;
  refreshExpiresAt: string;
}

export function* tokenInfo(userId: UserId): Work<TokenInfo | null> {
  const row = yield* get<{ created_at: string; access_expires_at: string; refresh_expires_at: string }>(
    'SELECT created_at, access_expires_at, refresh_expires_at FROM tokens WHERE user_id = ?',
    userId,
  );
  return row
    ? {
        createdAt: row.created_at,
        accessExpiresAt: row.access_expires_at,
        refreshExpiresAt: row.refresh_expires_at,
      }
    : null;
}

/** A user has at most one pair: a new one replaces the old, which stops working. */
export function* replaceTokenHashes(userId: UserId, hashes: TokenHashes): Work<void> {
  yield* forgetPairHistory(userId);
  yield* run(
    `INSERT INTO tokens (user_id, access_hash, refresh_hash, created_at, access_expires_at, refresh_expires_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET access_hash = excluded.access_hash, refresh_hash = excluded.refresh_hash,
       created_at = excluded.created_at, access_expires_at = excluded.access_expires_at,
       refresh_expires_at = excluded.refresh_expires_at`,
    userId,
    hashes.accessHash,
    hashes.refreshHash,
    hashes.createdAt,
    hashes.accessExpiresAt,
    hashes.refreshExpiresAt,
  );
}

/** A generated pair found by its refresh token's hash. */
export interface PairRow {
  user_id: number;
  created_at: string;
  refresh_expires_at: string;
}

export const pairByRefreshHash = (refreshHash: string): Work<PairRow | undefined> =>
  get<PairRow>(
    'SELECT user_id, created_at, refresh_expires_at FROM tokens WHERE refresh_hash = ?',
    refreshHash,
  );

/** A generated pair's token, access or refresh, by its hash: which it is, and when it expires. */
export const pairTokenByHash = (
  hash: string,
): Work<{ user_id: number; kind: 'access' | 'refresh'; expires_at: string } | undefined> =>
  get(
    `SELECT user_id, CASE WHEN access_hash = ? THEN 'access' ELSE 'refresh' END AS kind,
       CASE WHEN access_hash = ? THEN access_expires_at ELSE refresh_expires_at END AS expires_at
     FROM tokens WHERE access_hash = ? OR refresh_hash = ?`,
    hash,
    hash,
    hash,
    hash,
  );

/**
 * A generated pair is that user's API credential, so its access token is accepted as a bearer
 * token too.
 */
export const pairByAccessHash = (
  accessHash: string,
): Work<{ user_id: number; access_expires_at: string } | undefined> =>
  get('SELECT user_id, access_expires_at FROM tokens WHERE access_hash = ?', accessHash);

/** A refresh of a generated pair: both tokens change, the pair keeps its start (its family's). */
export const rotatePair = (userId: UserId, hashes: Omit<TokenHashes, 'createdAt'>): Work<number> =>
  run(
    'UPDATE tokens SET access_hash = ?, refresh_hash = ?, access_expires_at = ?, refresh_expires_at = ? WHERE user_id = ?',
    hashes.accessHash,
    hashes.refreshHash,
    hashes.accessExpiresAt,
    hashes.refreshExpiresAt,
    userId,
  );

export function* deleteTokenHashes(userId: UserId): Work<boolean> {
  return (yield* run('DELETE FROM tokens WHERE user_id = ?', userId)) > 0;
}
