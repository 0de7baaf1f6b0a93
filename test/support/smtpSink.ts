import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message the sink received. */
export interface ReceivedMail {
  from: string;
  to: string[];
  /** The message as it crossed the wire, headers and body. */
  raw: string;
}

export interface SmtpSink {
  /** smtp://127.0.0.1:port, for ROSTER_SMTP_URL or an instance server's `mail` option. */
  url: string;
  received: ReceivedMail[];
  /** The credentials clients signed in with. */
  logins: { username: string; password: string }[];
  /** The most clients connected at one time. */
  mostAtOnce: () => number;
  close: () => Promise<void>;
}

/**
 * An SMTP server on 127.0.0.1 that keeps every message, for the instance server to mail invitation
 * links to; with `refuseRecipients`, it answers 550 to every RCPT TO; with `holdMs`, it answers each
 * message only that long after it arrived, as a slow mail server does.
 */
export async function startSmtpSink(
  options: { refuseRecipients?: boolean; holdMs?: number } = {},
): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const logins: SmtpSink['logins'] = [];
  let connected = 0;
  let mostAtOnce = 0;
  const server = new SMTPServer({
    secure: false,
    // Plain SMTP: no certificate to make, and the client has nothing to upgrade to.
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    logger: false,
    onConnect(_session, callback) {
      connected += 1;
      mostAtOnce = Math.max(mostAtOnce, connected);
      callback();
    },
    onClose() {
      connected -= 1;
    },
    onAuth(auth, _session, callback) {
      logins.push({ username: auth.username ?? '', password: auth.password ?? '' });
      callback(null, { user: auth.username });
    },
    onRcptTo(_address, _session, callback) {
      if (options.refuseRecipients)
        callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const { mailFrom, rcptTo } = session.envelope;
        received.push({
          from: mailFrom === false ? '' : mailFrom.address,
          to: rcptTo.map((recipient) => recipient.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        setTimeout(() => callback(), options.holdMs ?? 0);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    logins,
    mostAtOnce: () => mostAtOnce,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A mail as its reader sees it: folded headers joined, a quoted-printable or base64 body decoded. */
export function readMail(raw: string): { headers: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const encoding = /^content-transfer-encoding:\s*(\S+)/im.exec(headers)?.[1]?.toLowerCase();
  const text =
    encoding === 'quoted-printable'
      ? Buffer.from(
          body
            .replace(/=\r\n/g, '')
            .replace(/=([0-9A-F]{2})/gi, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16))),
          'latin1',
        ).toString('utf8')
      : encoding === 'base64'
        ? Buffer.from(body, 'base64').toString('utf8')
        : body;
  return { headers, text };
}

/** Every invitation link a mail's text holds. */
export const invitationLinksIn = (mail: ReceivedMail): string[] =>
  readMail(mail.raw).text.match(/https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+/g) ?? [];
