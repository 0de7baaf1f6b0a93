import type { BulkSecret } from '../../../../shared/domain/bulk';
import { createLimiter } from '../../../common/limiter';
import type { UserId } from '../../../../shared/domain/directory';
import { mailInvitation, type InvitationDelivery, type InvitationMail } from './invitations';
import type { UserRow } from './userRows';

/**
 * Mails sent at once after a chunk: a slow or silent mail server (each send waits up to its
 * timeout) holds a large job up a quarter as long as one at a time would, without opening a
 * connection per user of a 500-user chunk at once.
 */
export const MAILS_AT_ONCE = 4;

/**
 * The invitation mails one chunk of a bulk action or an import owes. The links are issued inside
 * the chunk's write, but mailed only once it committed: a mail cannot be taken back, so none may
 * go for an account change that might still roll back, and a mail that fails undoes nothing.
 */
export function chunkMails(delivery: InvitationDelivery, sendEmail: boolean) {
  // By user: a row rolled back to its savepoint may leave its id to the next row's new user.
  const owed = new Map<UserId, InvitationMail>();
  return {
    /** The secret a link is shown as; pending its mail when one was asked for. */
    secretOf(
      user: Pick<UserRow, 'id' | 'username' | 'display_name' | 'email'>,
      issued: { link: string; expiresAt: string },
    ): BulkSecret {
      const { link, expiresAt } = issued;
      const secret: BulkSecret = { userId: user.id, username: user.username, link, expiresAt };
      if (!sendEmail) return secret;
      const to = { email: user.email, displayName: user.display_name };
      owed.set(user.id, { to, username: user.username, link, expiresAt });
      return { ...secret, email: { state: 'pending' } };
    },

    /**
     * After the commit: mails each link of the chunk's secrets that is owed one, MAILS_AT_ONCE at
     * a time, and answers the secrets, in their order, saying how each went. Undefined when no
     * mail is owed.
     */
    deliver(secrets: readonly BulkSecret[]): (() => Promise<BulkSecret[]>) | undefined {
      if (owed.size === 0) return undefined;
      return async () => {
        const slot = createLimiter(MAILS_AT_ONCE);
        return Promise.all(
          secrets.map(async (secret) => {
            const mail = secret.email?.state === 'pending' ? owed.get(secret.userId) : undefined;
            if (!mail || mail.link !== secret.link) return secret;
            const error = await slot(() => mailInvitation(delivery, mail));
            return { ...secret, email: error === null ? { state: 'sent' } : { state: 'failed', error } };
          }),
        );
      };
    },
  };
}
