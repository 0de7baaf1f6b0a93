import type { Database } from 'better-sqlite3';
import { statement } from '../../../database/statements';
import type { UserId } from '../../../../shared/domain/directory';

/**
 * Invitations (migration 0050): the SHA-256 of each one-time link's token, one row per invited
 * user, found by an indexed lookup of the hash of the token presented.
 */
export interface InvitationRow {
  user_id: number;
  expires_at: string;
}

/** A new link for the user; the one it replaces stops working in the same statement. */
export function replaceInvitation(
  db: Database,
  userId: UserId,
  invitation: { tokenHash: string; createdAt: string; expiresAt: string },
): void {
  statement(
    db,
    `INSERT INTO invitations (user_id, token_hash, created_at, expires_at) VALUES (@userId, @tokenHash, @createdAt, @expiresAt)
     ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at,
       expires_at = excluded.expires_at`,
  ).run({ userId, ...invitation });
}

/** The invitation a token opens, if it has not run out by `now`. */
export function invitationByTokenHash(
  db: Database,
  tokenHash: string,
  now: string,
): InvitationRow | undefined {
  return db
    .prepare<[string, string], InvitationRow>(
      'SELECT user_id, expires_at FROM invitations WHERE token_hash = ? AND expires_at > ?',
    )
    .get(tokenHash, now);
}
