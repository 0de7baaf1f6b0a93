import type { Sql } from '../../../database/postgres/sql';
import type { UserId } from '../../../../shared/domain/directory';
import type { InvitationRow } from '../local/invitationsTable';

/**
 * Invitations: the SHA-256 of each one-time link's token, one row per invited user, found by an
 * indexed lookup of the hash of the token presented.
 */

/** A new link for the user; the one it replaces stops working in the same statement. */
export async function replaceInvitation(
  tx: Sql,
  userId: UserId,
  invitation: { tokenHash: string; createdAt: string; expiresAt: string },
): Promise<void> {
  await tx.run(
    `INSERT INTO invitations (user_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at,
       expires_at = excluded.expires_at`,
    [userId, invitation.tokenHash, invitation.createdAt, invitation.expiresAt],
  );
}

/** The invitation a token opens, if it has not run out by `now`. */
export function invitationByTokenHash(
  sql: Sql,
  tokenHash: string,
  now: string,
): Promise<InvitationRow | undefined> {
  return sql.row<InvitationRow>(
    'SELECT user_id, expires_at FROM invitations WHERE token_hash = $1 AND expires_at > $2',
    [tokenHash, now],
  );
}
