import type { BulkSecret } from '../../../../shared/domain/bulk';
import type { UserId } from '../../../../shared/domain/directory';
import { mailInvitation, type InvitationDelivery, type InvitationMail } from './invitations';
import type { UserRow } from './userRows';

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
     * After the commit: mails each link of the chunk's secrets that is owed one, one user after
     * another, and answers the secrets saying how each went. Undefined when no mail is owed.
     */
    deliver(secrets: readonly BulkSecret[]): (() => Promise<BulkSecret[]>) | undefined {
      if (owed.size === 0) return undefined;
      return async () => {
        const told: BulkSecret[] = [];
        for (const secret of secrets) {
          const mail = secret.email?.state === 'pending' ? owed.get(secret.userId) : undefined;
          if (!mail || mail.link !== secret.link) {
            told.push(secret);
            continue;
          }
          const error = await mailInvitation(delivery, mail);
          told.push({ ...secret, email: error === null ? { state: 'sent' } : { state: 'failed', error } });
        }
        return told;
      };
    },
  };
}
