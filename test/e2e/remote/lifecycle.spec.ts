import type { BrowserContext, Locator, Page } from '@playwright/test';
import { confirmation, feedback, userForm } from '../usersAndGroups/support';
import {
  ADMIN,
  addRemoteInstance,
  createAccount,
  expect,
  openRemoteUsersAndGroups,
  REMOTE_TEST_TIMEOUT_MS,
  test,
  type ServedInstance,
} from './support';
import { userRowName } from '../support/userRowName';

/**
 * An account's life on a remote instance, clicked through the dialog and checked where it matters:
 * at the server, as the user's own client and browser meet it. A temporary password lets its user
 * do nothing but change it; an invitation link opens the server's page; a new link ends the old;
 * Sign out everywhere ends a live session.
 */
test.describe.configure({ timeout: REMOTE_TEST_TIMEOUT_MS });

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `/tmp/roster-lifecycle-remote-${name}.png`, animations: 'disabled' });

interface Tokens {
  accessToken: string;
  passwordChangeRequired: boolean;
}

/** Signs in through the REST API, as the user's own client would. */
const signIn = (server: ServedInstance, username: string, password: string) =>
  server.api.call<Tokens>('POST', '/api/auth/token', { body: { username, password } });

/** Who a token belongs to: 200 while its session lives, 401 once it ended. */
const whoAmI = (server: ServedInstance, token: string) => server.api.call('GET', '/api/auth/me', { token });

/** Connects the app to the served instance as `account` and opens its Users and Groups dialog. */
async function openTeam(
  page: Page,
  server: ServedInstance,
  account: { username: string; password: string } = ADMIN,
) {
  await addRemoteInstance(page, {
    name: 'Team',
    url: server.url,
    username: account.username,
    password: account.password,
  });
  const dialog = await openRemoteUsersAndGroups(page, 'Team');
  const panel = dialog.getByRole('tabpanel', { name: 'Users' });
  const list = panel.getByRole('listbox', { name: 'Users of Team' });
  return {
    dialog,
    panel,
    row: (username: string) => list.getByRole('option', { name: new RegExp(`^${username},`) }),
    /** Selects a user in the list and answers their form's sections. */
    async open(username: string) {
      await list.getByRole('option', { name: new RegExp(`^${username},`) }).click();
      const form = userForm(dialog, `User ${username}`).form;
      return {
        form,
        password: form.getByRole('region', { name: 'Password' }),
        sessions: form.getByRole('region', { name: 'Sessions' }),
      };
    },
  };
}

/** Opens an invitation link in a tab of its own, as the invited person would from their mail. */
async function openLink(context: BrowserContext, link: string): Promise<Page> {
  const tab = await context.newPage();
  await tab.goto(link);
  return tab;
}

/** Sets the password on the server's invitation page and answers the page that follows. */
async function acceptOn(tab: Page, password: string): Promise<Locator> {
  await tab.getByLabel('New password').fill(password);
  await tab.getByLabel('Repeat the password').fill(password);
  await tab.getByRole('button', { name: 'Activate account' }).click();
  return tab.getByRole('heading', { level: 1 });
}

test.beforeEach(async ({ page, host }) => {
  await page.goto(host.url);
});

test('Reset password… on a remote instance: shown once, the user may only change it, and their live session ended', async ({
  page,
  server,
}) => {
  await createAccount(server, { username: 'dora', password: 'dora-pw-1', role: 'user' });
  const live = await signIn(server, 'dora', 'dora-pw-1');
  expect(live.status).toBe(200);
  expect((await whoAmI(server, live.body.accessToken)).status).toBe(200);

  const team = await openTeam(page, server);
  const dora = await team.open('dora');
  await expect(dora.sessions.getByRole('row')).toHaveCount(2);
  await dora.password.getByRole('button', { name: 'Reset password…' }).click();
  const reset = page.getByRole('dialog', { name: 'Reset password of dora' });
  await expect(reset.getByRole('radio', { name: 'Generate a strong temporary password' })).toBeChecked();
  await reset.getByRole('button', { name: 'Reset password' }).click();
  const field = reset.getByRole('textbox', { name: 'Temporary password' });
  await expect(field).toHaveValue(/^\S{16}$/);
  const temporary = await field.inputValue();
  await shot(page, 'reset-result');
  await reset.getByRole('button', { name: 'Close' }).click();
  await expect(reset).toBeHidden();

  // Shown once: nothing in the dialog holds it any more.
  await expect(page.getByRole('textbox', { name: 'Temporary password' })).toHaveCount(0);
  await expect(dora.password.getByRole('note')).toHaveText('Must change password at next sign-in.');
  await expect(dora.sessions).toContainText('No active sessions');

  // At the server: the old password is gone, the new one only lets dora change it.
  expect((await signIn(server, 'dora', 'dora-pw-1')).status).toBe(401);
  const again = await signIn(server, 'dora', temporary);
  expect(again.status).toBe(200);
  expect(again.body.passwordChangeRequired).toBe(true);
  const users = await server.api.call<{ code?: string }>('GET', '/api/users', {
    token: again.body.accessToken,
  });
  expect(users.status).toBe(403);
  // And the session dora had before the reset ended with it.
  expect((await whoAmI(server, live.body.accessToken)).status).toBe(401);
});

test('Invite user… on a remote instance: the link opens the server’s page, which activates the account', async ({
  page,
  context,
  server,
}) => {
  const team = await openTeam(page, server);
  await team.panel.getByRole('button', { name: 'Invite user…' }).click();
  const invite = page.getByRole('dialog', { name: 'Invite user' });
  await invite.getByRole('textbox', { name: 'Username' }).fill('ivy');
  await invite.getByRole('textbox', { name: 'Display name' }).fill('Ivy Invited');
  await invite.getByRole('textbox', { name: 'Email address' }).fill('ivy@example.com');
  // This server has no mail server, so the link is the admin's to send (invitationMail.spec.ts has both).
  await expect(invite.getByRole('checkbox', { name: 'Send the link by email' })).toBeDisabled();
  await invite.getByRole('button', { name: 'Invite', exact: true }).click();

  await expect(invite.getByRole('status')).toHaveText(
    'ivy is invited. They choose their password with this link.',
  );
  const field = invite.getByRole('textbox', { name: 'Invitation link', exact: true });
  await expect(field).toHaveValue(new RegExp(`^${server.url}/invite/[A-Za-z0-9_-]{16,}$`));
  await expect(invite).toContainText('Send it to ivy@example.com yourself, privately');
  await shot(page, 'invite-result');
  const link = await field.inputValue();
  await invite.getByRole('button', { name: 'Close' }).click();
  await expect(team.row('ivy')).toHaveAccessibleName(
    userRowName('ivy, Ivy Invited, ivy@example.com, User', 'invited'),
  );

  // The invited person opens the link, and sets their password on the server's page.
  const tab = await openLink(context, link);
  await expect(tab.getByRole('heading', { level: 1 })).toHaveText('Welcome, Ivy Invited');
  await shot(tab, 'invitation-page');
  await expect(await acceptOn(tab, 'ivy-pw-1234')).toHaveText('Your account is ready');
  await tab.close();

  const tokens = await signIn(server, 'ivy', 'ivy-pw-1234');
  expect(tokens.status).toBe(200);
  expect(tokens.body.passwordChangeRequired).toBe(false);

  // The list shows it after a Refresh: no longer Invited.
  await team.panel.getByRole('button', { name: 'Refresh', exact: true }).click();
  await expect(team.row('ivy')).toHaveAccessibleName(userRowName('ivy, Ivy Invited, ivy@example.com, User'));
});

test('Send new invite… ends the old link; the new one works', async ({ page, context, server }) => {
  const made = await server.api.call<{ link: string }>('POST', '/api/invitations', {
    token: await server.adminToken(),
    body: { username: 'quinn', displayName: 'Quinn Queued', email: 'quinn@example.com' },
  });
  expect(made.status).toBe(201);
  const oldLink = made.body.link;

  const team = await openTeam(page, server);
  const quinn = await team.open('quinn');
  await expect(quinn.password.getByRole('note')).toHaveText('Invited — has not set a password yet.');
  await quinn.password.getByRole('button', { name: 'Send new invite…' }).click();
  const resend = page.getByRole('dialog', { name: 'Send a new invite to quinn' });
  await resend.getByRole('spinbutton', { name: 'Link expires after (hours)' }).fill('24');
  await resend.getByRole('button', { name: 'Send new invite' }).click();
  await expect(resend.getByRole('status')).toHaveText(
    'quinn has a new invitation link. The old link no longer works.',
  );
  const field = resend.getByRole('textbox', { name: 'Invitation link', exact: true });
  await expect(field).toHaveAccessibleDescription(/\(in 24 hours\)\.$/);
  const newLink = await field.inputValue();
  expect(newLink).not.toBe(oldLink);
  await shot(page, 'resend-result');
  await resend.getByRole('button', { name: 'Close' }).click();

  const old = await openLink(context, oldLink);
  await expect(old.getByRole('heading', { level: 1 })).toHaveText('This invitation link is not valid');
  await old.close();
  const fresh = await openLink(context, newLink);
  await expect(fresh.getByRole('heading', { level: 1 })).toHaveText('Welcome, Quinn Queued');
  await expect(await acceptOn(fresh, 'quinn-pw-1')).toHaveText('Your account is ready');
  expect((await signIn(server, 'quinn', 'quinn-pw-1')).status).toBe(200);
});

test('Sign out everywhere ends a live session, which the Sessions panel showed with its address', async ({
  page,
  server,
}) => {
  await createAccount(server, { username: 'sam', password: 'sam-pw-1', role: 'user' });
  const live = await signIn(server, 'sam', 'sam-pw-1');
  expect((await whoAmI(server, live.body.accessToken)).status).toBe(200);

  const team = await openTeam(page, server);
  const sam = await team.open('sam');
  const table = sam.sessions.getByRole('table', { name: 'Sessions of sam' });
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table.getByRole('row').nth(1)).toContainText('127.0.0.1');
  await expect(table.getByRole('row').nth(1).locator('time').first()).toHaveText('just now');
  await sam.sessions.scrollIntoViewIfNeeded();
  await shot(page, 'sessions-panel');

  await sam.sessions.getByRole('button', { name: 'Sign out everywhere' }).click();
  const confirm = confirmation(page, 'Sign sam out everywhere?');
  await expect(confirm).toContainText('Ends 1 session');
  await shot(page, 'sessions-confirm');
  await confirm.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(feedback(page, 'sam was signed out everywhere (1 session ended).')).toBeVisible();
  await expect(sam.sessions).toContainText('No active sessions: sam is not signed in');
  await expect(sam.sessions.getByRole('button', { name: 'Sign out everywhere' })).toBeDisabled();

  expect((await whoAmI(server, live.body.accessToken)).status).toBe(401);
});

test('An Auditor sees passwords, invitations and sessions, and nothing that changes them', async ({
  page,
  server,
}) => {
  const auditor = { username: 'audra', password: 'audra-pw-1', role: 'auditor' } as const;
  await createAccount(server, auditor);
  await createAccount(server, { username: 'sam', password: 'sam-pw-1', role: 'user' });
  await signIn(server, 'sam', 'sam-pw-1');
  await server.api.call('POST', '/api/invitations', {
    token: await server.adminToken(),
    body: { username: 'ivy', displayName: 'Ivy Invited', email: 'ivy@example.com' },
  });

  const team = await openTeam(page, server, auditor);
  await expect(team.dialog.getByRole('note').first()).toContainText('you can read users and groups');
  await expect(team.panel.getByRole('button', { name: 'Invite user…' })).toHaveCount(0);

  const sam = await team.open('sam');
  await expect(sam.password).toContainText('sam has a password.');
  await expect(sam.password.getByRole('button')).toHaveCount(0);
  await expect(sam.password.getByRole('checkbox', { name: 'May reset own password' })).toBeDisabled();
  await expect(sam.sessions.getByRole('table', { name: 'Sessions of sam' }).getByRole('row')).toHaveCount(2);
  await expect(sam.sessions.getByRole('button', { name: 'Sign out everywhere' })).toHaveCount(0);
  await sam.sessions.scrollIntoViewIfNeeded();
  await shot(page, 'auditor-user');

  const ivy = await team.open('ivy');
  await expect(ivy.password.getByRole('note')).toHaveText('Invited — has not set a password yet.');
  await expect(ivy.password.getByRole('button')).toHaveCount(0);
});
