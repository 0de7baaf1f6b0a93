import { RosterError } from '../../../../shared/contract/errors';
import type { Invitation, UserDetail } from '../../../../shared/domain/directory';

/** What an invitation mail needs; the mailer writes the words. */
export interface InvitationMail {
  to: { email: string; displayName: string };
  username: string;
  link: string;
  expiresAt: string;
}

/** How invitation links reach people: the link for a token, and a mailer where SMTP is set up. */
export interface InvitationDelivery {
  link: (token: string) => string;
  mail?: (message: InvitationMail) => Promise<void>;
}

/** The account a good link invites, as the page that accepts it greets them. */
export interface InvitedAccount {
  username: string;
  displayName: string;
  expiresAt: string;
}

/** Where an invitation's token is read from the link: the path a server serves its page at. */
export const INVITATION_PATH = '/invite/';

/** A local instance has no server yet: the link is the path to open on the one that will serve it. */
export const pathOnlyInvitations: InvitationDelivery = { link: (token) => `${INVITATION_PATH}${token}` };

const HOUR_MS = 60 * 60 * 1000;

/** When a link issued at `at` for `hours` stops working. */
export const invitationExpiresAt = (at: Date, hours: number): string =>
  new Date(at.getTime() + hours * HOUR_MS).toISOString();

export const invalidInvitationLink = () =>
  new RosterError(
    'NOT_FOUND',
    'This invitation link is not valid: it has expired, was replaced by a newer one, or was already used. Ask for a new invite.',
    'token',
  );

/** A password reset of a user who has none yet. */
export const notYetAccepted = (username: string) =>
  new RosterError(
    'CONFLICT',
    `${username} has not accepted the invitation yet: send a new invite instead.`,
    'userId',
  );

/** A new invitation for a user who has a password. */
export const noInvitationToSend = (username: string) =>
  new RosterError(
    'CONFLICT',
    `${username} has a password already: there is no invitation to send.`,
    'userId',
  );

/** Mails a link if the instance can: null once it went, or why it did not, as a sentence. */
export async function mailInvitation(
  delivery: InvitationDelivery,
  message: InvitationMail,
): Promise<string | null> {
  const { mail } = delivery;
  if (!mail) return 'This instance has no mail server set up: copy the link and send it yourself.';
  try {
    await mail(message);
    return null;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `The mail could not be sent (${reason}): copy the link instead.`;
  }
}

/** Mails an issued link if asked and possible; a mail that fails leaves the link to copy. */
export async function deliverInvitation(
  delivery: InvitationDelivery,
  issued: { user: UserDetail; link: string; expiresAt: string },
  sendEmail: boolean,
): Promise<Invitation> {
  const answer: Invitation = { ...issued, emailed: false, emailError: null };
  if (!sendEmail) return answer;
  const emailError = await mailInvitation(delivery, {
    to: { email: issued.user.email, displayName: issued.user.displayName },
    username: issued.user.username,
    link: issued.link,
    expiresAt: issued.expiresAt,
  });
  return { ...answer, emailed: emailError === null, emailError };
}
