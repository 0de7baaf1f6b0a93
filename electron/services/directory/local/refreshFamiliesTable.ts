import type { Database } from 'better-sqlite3';
import type { UserId } from '../../../../shared/domain/directory';

/** What a refresh token belongs to: a sign-in session, or a user's generated pair. */
export type RefreshFamily = { sessionId: number } | { pairUserId: UserId };

/** A refresh token rotated out of its family (migration 0060): presented again, it is a replay. */
export function markRefreshUsed(db: Database, refreshHash: string, family: RefreshFamily, at: string): void {
  db.prepare(
    `INSERT INTO used_refresh_tokens (refresh_hash, session_id, pair_user_id, used_at)
     VALUES (@refreshHash, @sessionId, @pairUserId, @at)`,
  ).run({
    refreshHash,
    sessionId: 'sessionId' in family ? family.sessionId : null,
    pairUserId: 'pairUserId' in family ? family.pairUserId : null,
    at,
  });
}

/** The family a used refresh token was rotated out of, if it still exists. */
export function familyOfUsedRefresh(db: Database, refreshHash: string): RefreshFamily | undefined {
  const row = db
    .prepare<[string], { session_id: number | null; pair_user_id: number | null }>(
      'SELECT session_id, pair_user_id FROM used_refresh_tokens WHERE refresh_hash = ?',
    )
    .get(refreshHash);
  if (!row) return undefined;
  return row.session_id !== null ? { sessionId: row.session_id } : { pairUserId: row.pair_user_id ?? 0 };
}

/** A new generated pair starts a new family: the old one's used tokens mean nothing any more. */
export function forgetPairHistory(db: Database, userId: UserId): void {
  db.prepare('DELETE FROM used_refresh_tokens WHERE pair_user_id = ?').run(userId);
}
