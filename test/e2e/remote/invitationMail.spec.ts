import type { Locator, Page } from '@playwright/test';
import { invitationLinksIn, readMail, startSmtpSink, type SmtpSink } from '../../support/smtpSink';
import { inspectScreen } from '../support/navigator';
import { bulkControls, bulkJobDialog, userForm } from '../usersAndGroups/support';
import {
  ADMIN,
  addRemoteInstance,
  test as base,
  expect,
  openRemoteUsersAndGroups,
  REMOTE_TEST_TIMEOUT_MS,
  serveInstance,
  type ServedInstance,
} from './support';

/**
 * Whether a server can mail invitation links is known before inviting: one started with a mail
 * server (an SMTP sink on 127.0.0.1) offers "Send the link by email" in Invite user…, Send new
 * invite… and Send new invites… for a selection, and the sink receives the links; one without
 * shows the checkbox disabled, saying why.
 */

const FROM = 'roster@example.com';

const test = base.extend<{ sink: SmtpSink; mailingServer: ServedInstance }>({
  sink: async ({}, use) => {
    const sink = await startSmtpSink();
    await use(sink);
    await sink.close();
  },
  // As a deployment sets mail up: --mail-from, and the SMTP address in the environment.
  mailingServer: async ({ sink }, use) =>
    serveInstance(use, { args: ['--mail-from', FROM], env: { ROSTER_SMTP_URL: sink.url } }),
});

test.describe.configure({ timeout: REMOTE_TEST_TIMEOUT_MS });

const MAIL_OFFERED = 'The instance server mails the link to the user; you can copy it as well.';
const NO_MAIL_SERVER = 'This instance has no mail server set up: copy the link and send it yourself.';

/** Connects the app to `server` as its administrator and opens Invite user… of its Users tab. */
async function openInvite(page: Page, server: ServedInstance, name: string) {
  await addRemoteInstance(page, {
    name,
    url: server.url,
    username: ADMIN.username,
    password: ADMIN.password,
  });
  const dialog = await openRemoteUsersAndGroups(page, name);
  const panel = dialog.getByRole('tabpanel', { name: 'Users' });
  await panel.getByRole('button', { name: 'Invite user…' }).click();
  const invite = page.getByRole('dialog', { name: 'Invite user' });
  await expect(invite).toBeVisible();
  return { dialog, panel, invite, mail: invite.getByRole('checkbox', { name: 'Send the link by email' }) };
}

async function fillInvitee(invite: Locator, username: string, displayName: string) {
  await invite.getByRole('textbox', { name: 'Username' }).fill(username);
  await invite.getByRole('textbox', { name: 'Display name' }).fill(displayName);
  await invite.getByRole('textbox', { name: 'Email address' }).fill(`${username}@example.com`);
}

/** Selects `username` in the Users list and opens Send new invite… from their Password section. */
async function openResend(page: Page, dialog: Locator, panel: Locator, username: string) {
  await panel.getByRole('option', { name: new RegExp(`^${username},`) }).click();
  const password = userForm(dialog, `User ${username}`).form.getByRole('region', { name: 'Password' });
  await password.getByRole('button', { name: 'Send new invite…' }).click();
  const resend = page.getByRole('dialog', { name: `Send a new invite to ${username}` });
  return { resend, mail: resend.getByRole('checkbox', { name: 'Send the link by email' }) };
}

test('A server with a mail server offers Send the link by email, and the link reaches the mailbox', async ({
  page,
  host,
  mailingServer,
  sink,
}, testInfo) => {
  await page.goto(host.url);
  const { dialog, panel, invite, mail } = await openInvite(page, mailingServer, 'Mailing');
  await fillInvitee(invite, 'mia', 'Mia Mailed');
  await expect(mail).toBeEnabled();
  await expect(mail).toHaveAccessibleDescription(MAIL_OFFERED);
  await mail.check();
  await inspectScreen(page, testInfo, 'invite-mail-offered');
  await invite.getByRole('button', { name: 'Invite', exact: true }).click();

  await expect(invite.getByRole('status')).toHaveText(
    'mia is invited. They choose their password with this link.',
  );
  await expect(invite).toContainText('The link was mailed to mia@example.com.');
  const link = await invite.getByRole('textbox', { name: 'Invitation link', exact: true }).inputValue();
  // The server answers once the mail server took the message: it is in the sink already.
  expect(sink.received).toHaveLength(1);
  const [mailed] = sink.received;
  expect(mailed).toMatchObject({ from: FROM, to: ['mia@example.com'] });
  expect(mailed && invitationLinksIn(mailed)).toEqual([link]);
  await invite.getByRole('button', { name: 'Close' }).click();
  await expect(invite).toBeHidden();

  // Send new invite… offers it too, and mails the new link.
  const resend = await openResend(page, dialog, panel, 'mia');
  await expect(resend.mail).toBeEnabled();
  await expect(resend.mail).toHaveAccessibleDescription(MAIL_OFFERED);
  await resend.mail.check();
  await resend.resend.getByRole('button', { name: 'Send new invite' }).click();
  await expect(resend.resend).toContainText('The link was mailed to mia@example.com.');
  const renewed = await resend.resend
    .getByRole('textbox', { name: 'Invitation link', exact: true })
    .inputValue();
  expect(renewed).not.toBe(link);
  expect(sink.received).toHaveLength(2);
  expect(sink.received[1] && invitationLinksIn(sink.received[1])).toEqual([renewed]);
});

test('A server without a mail server shows Send the link by email disabled, and says why', async ({
  page,
  host,
  server,
}, testInfo) => {
  await page.goto(host.url);
  const { dialog, panel, invite, mail } = await openInvite(page, server, 'Plain');
  await fillInvitee(invite, 'nils', 'Nils No-mail');
  await expect(mail).toHaveAccessibleDescription(NO_MAIL_SERVER);
  await expect(mail).toBeDisabled();
  await expect(mail).not.toBeChecked();
  await inspectScreen(page, testInfo, 'invite-mail-unavailable');
  await invite.getByRole('button', { name: 'Invite', exact: true }).click();

  // Nothing was asked to be mailed, so nothing failed: the link is the admin's to send.
  await expect(invite.getByRole('status')).toHaveText(
    'nils is invited. They choose their password with this link.',
  );
  await expect(invite).toContainText('Send it to nils@example.com yourself, privately');
  await invite.getByRole('button', { name: 'Close' }).click();
  await expect(invite).toBeHidden();

  const resend = await openResend(page, dialog, panel, 'nils');
  await expect(resend.mail).toHaveAccessibleDescription(NO_MAIL_SERVER);
  await expect(resend.mail).toBeDisabled();
});

test('Send new invites… for a selection mails each its new link, on the lifetime chosen, and the summary says so', async ({
  page,
  host,
  mailingServer,
  sink,
}, testInfo) => {
  const token = await mailingServer.adminToken();
  const invitees = ['ines', 'ivo'];
  for (const username of invitees) {
    const made = await mailingServer.api.call('POST', '/api/invitations', {
      token,
      body: { username, displayName: `Invited ${username}`, email: `${username}@example.com` },
    });
    expect(made.status).toBe(201);
  }
  await page.goto(host.url);
  await addRemoteInstance(page, {
    name: 'Mailing',
    url: mailingServer.url,
    username: ADMIN.username,
    password: ADMIN.password,
  });
  const dialog = await openRemoteUsersAndGroups(page, 'Mailing');
  const panel = dialog.getByRole('tabpanel', { name: 'Users' });
  await panel.getByRole('option', { name: /^ines,/ }).click();
  await panel.getByRole('option', { name: /^ivo,/ }).click({ modifiers: ['ControlOrMeta'] });
  await expect(panel.getByText('2 selected.')).toBeVisible();

  await bulkControls(page, panel).chooseMore('Send new invites…');
  const ask = page.getByRole('dialog', { name: 'Send new invites to 2 users?' });
  await ask.getByRole('spinbutton', { name: 'Link expires after (hours)' }).fill('24');
  const mail = ask.getByRole('checkbox', { name: 'Send the link by email' });
  await expect(mail).toHaveAccessibleDescription(MAIL_OFFERED);
  await mail.check();
  await inspectScreen(page, testInfo, 'bulk-invites-terms');
  const asked = Date.now();
  await ask.getByRole('button', { name: 'Send new invites' }).click();

  const job = bulkJobDialog(page, 'Send new invites');
  await expect(job.counts).toHaveText('2 changed, 0 already so, 0 refused');
  await expect(job.dialog).toContainText('All 2 links were emailed to their users.');
  const table = job.dialog.getByRole('table', { name: 'Invitation links' });
  await expect(table.getByRole('row')).toHaveCount(3);
  await inspectScreen(page, testInfo, 'bulk-invites-mailed');

  // Each invitee got one mail: the link their row shows, working for the 24 hours chosen.
  expect(sink.received).toHaveLength(2);
  for (const username of invitees) {
    const mails = sink.received.filter((received) => received.to.includes(`${username}@example.com`));
    expect(mails).toHaveLength(1);
    const [link = ''] = mails[0] ? invitationLinksIn(mails[0]) : [];
    const row = table.getByRole('row', { name: new RegExp(`^${username} `) });
    await expect(row).toContainText(link);
    await expect(row).toContainText('Emailed');
    const until = /until (\d{4}-\d{2}-\d{2} \d{2}:\d{2}) UTC/.exec(readMail(mails[0]?.raw ?? '').text)?.[1];
    const hours = (Date.parse(`${until ?? ''}:00Z`) - asked) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThan(24.1);
  }
});
