import type { UserId } from '../../../../shared/domain/directory';
import { get, run, type Work } from '../../../database/portable/steps';

/** What a refresh token belongs to: a sign-in session, or a user's generated pair. */
export type RefreshFamily = { sessionId: number } | { pairUserId: UserId };

/** A refresh token rotated out of its family: presented again, it is a replay. */
export const markRefreshUsed = (refreshHash: string, family: RefreshFamily, at: string): Work<number> =>
  run(
    'INSERT INTO used_refresh_tokens (refresh_hash, session_id, pair_user_id, used_at) VALUES (?, ?, ?, ?)',
    refreshHash,
    'sessionId' in family ? family.sessionId : null,
    'pairUserId' in family ? family.pairUserId : null,
    at,
  );

/** The family a used refresh token was rotated out of, if it still exists. */
export function* familyOfUsedRefresh(refreshHash: string): Work<RefreshFamily | undefined> {
  const row = yield* get<{ session_id: number | null; pair_user_id: number | null }>(
    'SELECT session_id, pair_user_id FROM used_refresh_tokens WHERE refresh_hash = ?',
    refreshHash,
  );
  if (!row) return undefined;
  return row.session_id !== null ? { sessionId: row.session_id } : { pairUserId: row.pair_user_id ?? 0 };
}

/** A new generated pair starts a new family: the old one's used tokens mean nothing any more. */
export const forgetPairHistory = (userId: UserId): Work<number> =>
  run('DELETE FROM used_refresh_tokens WHERE pair_user_id = ?', userId);
