import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteDirectory } from '../../../electron/services/directory/remote/remoteDirectory';
import type { Invitation } from '../../../shared/domain/directory';
import {
  invitationLinksIn,
  readMail,
  startSmtpSink,
  type ReceivedMail,
  type SmtpSink,
} from '../../support/smtpSink';
import { makeTempDir } from '../../support/tempDir';
import { holdWriteLock } from './support/adminRace';
import { apiClient, signIn, type ApiClient } from './support/api';
import { builtServer, killStartedServers, startBuiltServer } from './support/builtServer';
import { ADMIN, newInstanceFile } from './support/instanceFile';
import { newInviteeFields, startLocalServer, type LocalServer } from './support/localServer';

/**
 * Invitation links by mail, through a real SMTP server (smtp-server on 127.0.0.1, plain SMTP, every
 * message kept): the invited user gets one mail whose link activates their account; a mail that
 * cannot be sent never costs the invitation, whose answer says why; a server without SMTP says so.
 * Once through the built CLI too, configured as a deployment is: --mail-from and ROSTER_SMTP_URL.
 */

const FROM = 'roster@example.com';

/** The one invitation link a mail's text holds. */
function linkIn(mail: ReceivedMail): string {
  const links = invitationLinksIn(mail);
  expect(links).toHaveLength(1);
  return links[0] ?? '';
}

/** The app's remote directory of `local`; asking whether it mails needs no sign-in. */
const remoteOf = (local: LocalServer) =>
  createRemoteDirectory({
    baseUrl: local.url,
    credentials: { username: ADMIN.username, password: ADMIN.password },
  });

async function invite(api: ApiClient, token: string, terms: Record<string, unknown>) {
  const fields = newInviteeFields('mailed');
  const answer = await api.call<Invitation>('POST', '/api/invitations', {
    token,
    body: { ...fields, ...terms },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return { ...fields, invitation: answer.body };
}

/** Opens `link` as the invited user's browser does, sets `password` through its form, and signs in with it. */
async function acceptThroughPage(api: ApiClient, link: string, username: string, password: string) {
  expect((await fetch(link)).status, `GET ${link}`).toBe(200);
  const posted = await fetch(link, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ password, confirm: password }).toString(),
  });
  expect(posted.status).toBe(200);
  expect(await posted.text()).toContain('Your account is ready');
  await signIn(api, username, password);
}

describe('a server with SMTP set up', () => {
  let sink: SmtpSink;
  let local: LocalServer;
  let admin: string;

  beforeAll(async () => {
    sink = await startSmtpSink();
    local = await startLocalServer({ mail: { url: sink.url, from: `Roster <${FROM}>` } });
    admin = await local.adminToken();
  });
  afterAll(async () => {
    await local.close();
    await sink.close();
  });
  afterEach(() => void sink.received.splice(0));

  it('says in its health that it mails invitation links, and so does the remote directory of it', async () => {
    const health = await local.api.call('GET', '/api/health');
    expect(health).toMatchObject({ status: 200, body: { mail: true } });
    expect(await remoteOf(local).mailsInvitations()).toBe(true);
  });

  it('mails the link to the invited user once; the mailed link activates the account', async () => {
    const invited = await invite(local.api, admin, { sendEmail: true });
    expect(invited.invitation).toMatchObject({ emailed: true, emailError: null });
    expect(sink.received).toHaveLength(1);
    const [mail] = sink.received as [ReceivedMail];
    expect(mail.from).toBe(FROM);
    expect(mail.to).toEqual([invited.email]);
    const { headers, text } = readMail(mail.raw);
    expect(headers).toMatch(/^Subject: You are invited to Roster test instance$/m);
    expect(headers).toContain(invited.email);
    expect(text).toContain(invited.username);
    expect(linkIn(mail)).toBe(invited.invitation.link);
    await acceptThroughPage(local.api, linkIn(mail), invited.username, 'Mailed-link-pw-1');
  });

  it('mails nothing unless asked, nor again for the same Idempotency-Key', async () => {
    await invite(local.api, admin, {});
    expect(sink.received).toHaveLength(0);
    const key = { headers: { 'Idempotency-Key': 'mailed-once-key-0001' } };
    const fields = newInviteeFields('keyed');
    const send = () =>
      local.api.call<Invitation>('POST', '/api/invitations', {
        token: admin,
        body: { ...fields, sendEmail: true },
        ...key,
      });
    const first = await send();
    const again = await send();
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(first.body.emailed).toBe(true);
    expect(again.body.link).toBe(first.body.link);
    expect(sink.received).toHaveLength(1);
  });

  it('a new link, sent by mail, replaces the mailed one', async () => {
    const invited = await invite(local.api, admin, { sendEmail: true });
    const old = linkIn(sink.received[0] as ReceivedMail);
    const resent = await local.api.call<Invitation>(
      'POST',
      `/api/users/${invited.invitation.user.id}/invitation`,
      {
        token: admin,
        body: { sendEmail: true },
      },
    );
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({ emailed: true, emailError: null });
    expect(sink.received).toHaveLength(2);
    const renewed = linkIn(sink.received[1] as ReceivedMail);
    expect(sink.received[1]?.to).toEqual([invited.email]);
    expect(renewed).toBe(resent.body.link);
    expect(renewed).not.toBe(old);
    expect((await fetch(old)).status).toBe(404);
    await acceptThroughPage(local.api, renewed, invited.username, 'Renewed-link-pw-1');
  });
});

describe('a mail that cannot be sent', () => {
  /** The invitation is made and answered with the reason; its link works as if it had been copied. */
  async function inviteWithoutMail(mailUrl: string, reason: RegExp) {
    const local = await startLocalServer({ mail: { url: mailUrl, from: FROM } });
    try {
      const invited = await invite(local.api, await local.adminToken(), { sendEmail: true });
      expect(invited.invitation.emailed).toBe(false);
      expect(invited.invitation.emailError).toMatch(
        /^The mail could not be sent \(.+\): copy the link instead\.$/,
      );
      expect(invited.invitation.emailError).toMatch(reason);
      await acceptThroughPage(local.api, invited.invitation.link, invited.username, 'Copied-link-pw-1');
    } finally {
      await local.close();
    }
  }

  it('refused by the SMTP server (550 to RCPT TO)', async () => {
    const sink = await startSmtpSink({ refuseRecipients: true });
    try {
      await inviteWithoutMail(sink.url, /550/);
      expect(sink.received).toHaveLength(0);
    } finally {
      await sink.close();
    }
  });

  it('no SMTP server listening', async () => {
    const sink = await startSmtpSink();
    await sink.close();
    await inviteWithoutMail(sink.url, /ECONNREFUSED/);
  });

  it('a server without SMTP says so, and the invitation stands', async () => {
    const local = await startLocalServer();
    try {
      // Before any invitation too: health, and the remote directory that reads it.
      expect(await local.api.call('GET', '/api/health')).toMatchObject({
        status: 200,
        body: { mail: false },
      });
      expect(await remoteOf(local).mailsInvitations()).toBe(false);
      const invited = await invite(local.api, await local.adminToken(), { sendEmail: true });
      expect(invited.invitation).toMatchObject({
        emailed: false,
        emailError: 'This instance has no mail server set up: copy the link and send it yourself.',
      });
      await acceptThroughPage(local.api, invited.invitation.link, invited.username, 'No-smtp-link-pw-1');
    } finally {
      await local.close();
    }
  });
});

describe('the built CLI with --mail-from and ROSTER_SMTP_URL', () => {
  const temp = makeTempDir('roster-server-mail-');
  afterAll(() => {
    killStartedServers();
    temp.remove();
  });

  let files = 0;
  async function newFile(): Promise<string> {
    files += 1;
    const file = path.join(temp.path, `instance-${files}.sqlite`);
    await newInstanceFile(file);
    return file;
  }
  const startMailing = (file: string, smtpUrl: string) =>
    startBuiltServer(['--db', file, '--mail-from', FROM], { env: { ROSTER_SMTP_URL: smtpUrl } });

  it('mails invitation links through the SMTP server in the environment, signing in to it', async () => {
    builtServer();
    const sink = await startSmtpSink();
    const server = await startMailing(
      await newFile(),
      sink.url.replace('smtp://', 'smtp://roster-mailer:smtp-secret-pw@'),
    );
    let link = '';
    try {
      const api = apiClient(server.url);
      const invited = await invite(api, await signIn(api, ADMIN.username, ADMIN.password), {
        sendEmail: true,
      });
      expect(invited.invitation).toMatchObject({ emailed: true, emailError: null });
      expect(sink.logins).toEqual([{ username: 'roster-mailer', password: 'smtp-secret-pw' }]);
      expect(sink.received).toHaveLength(1);
      expect(sink.received[0]).toMatchObject({ from: FROM, to: [invited.email] });
      link = linkIn(sink.received[0] as ReceivedMail);
      expect(link.startsWith(`${server.url}/invite/`)).toBe(true);
      await acceptThroughPage(api, link, invited.username, 'Cli-mailed-pw-1');
    } finally {
      expect((await server.stop()).code).toBe(0);
      await sink.close();
    }
    // Neither the SMTP password nor the link's token reaches the server's output.
    const output = server.stdout() + server.stderr();
    expect(output).not.toContain('smtp-secret-pw');
    expect(output).not.toContain(link.slice(link.lastIndexOf('/') + 1));
  });

  it('two servers on one file, sent the same Idempotency-Key at once: one user, one link, one mail', async () => {
    builtServer();
    const sink = await startSmtpSink();
    const file = await newFile();
    const servers = await Promise.all([startMailing(file, sink.url), startMailing(file, sink.url)]);
    try {
      const apis = servers.map((server) => apiClient(server.url));
      const token = await signIn(apis[0] as ApiClient, ADMIN.username, ADMIN.password);
      // The session was opened through the first process; every other sees it at its first read.
      for (const api of apis) expect((await api.call('GET', '/api/auth/me', { token })).status).toBe(200);
      for (let round = 0; round < 3; round++) {
        const fields = newInviteeFields('twice');
        const send = (api: ApiClient) =>
          api.call<Invitation>('POST', '/api/invitations', {
            token,
            body: { ...fields, sendEmail: true },
            headers: { 'Idempotency-Key': `mailed-twice-key-${round}-${fields.username}` },
          });
        // Both servers look the key up before either writes; the write lock makes them meet, so
        // the second finds the first's answer only inside its own write, and must not mail again.
        const gate = await holdWriteLock(file, 250);
        const answers = await Promise.all(apis.map(send));
        await gate.released;
        expect(answers.map((answer) => answer.status)).toEqual([201, 201]);
        expect(answers[1]?.body.link).toBe(answers[0]?.body.link);
        expect(answers.filter((answer) => answer.body.emailed)).toHaveLength(1);
        expect(sink.received.filter((mail) => mail.to.includes(fields.email))).toHaveLength(1);
      }
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
      await sink.close();
    }
  });
});
