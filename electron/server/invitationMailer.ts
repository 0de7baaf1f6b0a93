import { createTransport } from 'nodemailer';
import type { InvitationMail } from '../services/directory/local/accountLifecycle';

export interface MailSettings {
  /** smtp://[user:password@]host:port, or smtps:// for TLS from the first byte. */
  url: string;
  from: string;
}

/** How long a mail server may take to answer before an invitation is answered without its mail. */
const SMTP_TIMEOUT_MS = 10_000;

/** Sends invitation links through the instance's SMTP server (nodemailer: the protocol is not ours to write). */
export function createInvitationMailer(settings: MailSettings, instanceName: string) {
  const url = new URL(settings.url);
  url.searchParams.set('connectionTimeout', String(SMTP_TIMEOUT_MS));
  url.searchParams.set('greetingTimeout', String(SMTP_TIMEOUT_MS));
  url.searchParams.set('socketTimeout', String(SMTP_TIMEOUT_MS));
  const transport = createTransport(url.toString());
  return async (mail: InvitationMail): Promise<void> => {
    const until = `${mail.expiresAt.replace('T', ' ').slice(0, 16)} UTC`;
    await transport.sendMail({
      from: settings.from,
      to: { name: mail.to.displayName, address: mail.to.email },
      subject: `You are invited to ${instanceName}`,
      text: [
        `Hello ${mail.to.displayName},`,
        '',
        `An account named ${mail.username} was made for you on ${instanceName}.`,
        'Open this link to choose your password and activate it:',
        '',
        mail.link,
        '',
        `The link works once, until ${until}.`,
      ].join('\n'),
    });
  };
}
