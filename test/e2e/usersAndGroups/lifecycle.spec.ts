import type { Locator, Page } from '@playwright/test';
import {
  api,
  dialogButtons,
  expect,
  feedback,
  filterUsers,
  listControls,
  openUsersAndGroups,
  seededUser,
  SMALL,
  test,
  userForm,
  usersTab,
} from './support';
import { userRowName } from '../support/userRowName';

/**
 * An account's life on a local instance, through the dialog: invitations (whose link is only a path
 * here), the status filter and the columns, password resets, and passwords checked against the
 * instance's policy. test/e2e/remote/lifecycle.spec.ts follows the links and passwords to a server.
 */
test.use({ seed: SMALL });

const bruno = seededUser(1);

/** A screenshot for people to look at, outside the test's output folder so that it outlives the run. */
const shot = (page: Page, name: string) =>
  page.screenshot({ path: `/tmp/roster-lifecycle-${name}.png`, animations: 'disabled' });

/**
 * The status filter beside the text filter: Enabled, Disabled or Invited is a chip from Add filter
 * (replacing the one in force); All removes the chip.
 */
async function chooseStatus(page: Page, panel: Locator, label: string) {
  const controls = listControls(page, panel);
  if (label === 'All') {
    await panel.getByRole('button', { name: /^Remove filter: (Enabled|Disabled|Invited)$/ }).click();
    await expect(controls.chips).toHaveCount(0);
    return;
  }
  await controls.chooseFilter(label);
  await expect(controls.chips).toHaveText([label]);
}

/** The column titles above the list, as the admin reads them. */
const columnTitles = (panel: Locator) =>
  panel.getByRole('table', { name: 'Sort by column' }).getByRole('columnheader');

test('Invite user… makes an Invited user with a one-time link, which is only a path on a local instance', async ({
  page,
  host,
}) => {
  const dialog = await openUsersAndGroups(page, host);
  const tab = usersTab(dialog);
  await expect(tab.count).toHaveText('30 users');
  await tab.panel.getByRole('button', { name: 'Invite user…' }).click();

  const invite = page.getByRole('dialog', { name: 'Invite user' });
  await expect(invite).toBeVisible();
  const username = invite.getByRole('textbox', { name: 'Username' });
  // The next generic username, as Add user offers.
  await expect(username).toHaveValue('user1');
  await invite.getByRole('textbox', { name: 'Display name' }).fill('Ida Invited');
  await invite.getByRole('textbox', { name: 'Email address' }).fill('ida@example.com');
  await expect(invite.getByRole('combobox', { name: 'Role' })).toHaveText('User');
  await expect(invite.getByRole('spinbutton', { name: 'Link expires after (hours)' })).toHaveValue('72');
  // A local instance has no mail server to send with.
  const mail = invite.getByRole('checkbox', { name: 'Send the link by email' });
  await expect(mail).toBeDisabled();
  await expect(mail).toHaveAccessibleDescription(
    'A local instance sends no mail: copy the link and send it yourself.',
  );
  await shot(page, 'invite-form');

  // An expiry out of range is refused before anything is sent.
  const hours = invite.getByRole('spinbutton', { name: 'Link expires after (hours)' });
  await hours.fill('721');
  await expect(hours).toHaveAccessibleDescription('Enter a whole number of hours from 1 to 720.');
  await invite.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(hours).toBeVisible();
  await hours.fill('48');

  await invite.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(invite.getByRole('status')).toHaveText(
    'user1 is invited. They choose their password with this link.',
  );
  const link = invite.getByRole('textbox', { name: 'Invitation link (path)' });
  await expect(link).toHaveValue(/^\/invite\/[A-Za-z0-9_-]{16,}$/);
  await expect(link).toHaveAccessibleDescription(/^Works once, until .+ \(in 2 days\)\.$/);
  await expect(invite.getByRole('note')).toContainText(
    'This is a local instance, which no server serves yet',
  );
  await expect(invite.getByRole('button', { name: 'Copy invitation link (path)' })).toBeVisible();
  await shot(page, 'invite-result-local');
  const firstLink = await link.inputValue();
  await invite.getByRole('button', { name: 'Close' }).click();
  await expect(invite).toBeHidden();

  // In the list: Invited, and the instance has it so.
  await expect(tab.count).toHaveText('31 users');
  await filterUsers(dialog, 'user1', '1 user matches');
  await expect(tab.row('user1')).toHaveAccessibleName(
    userRowName('user1, Ida Invited, ida@example.com, User', 'invited'),
  );
  await expect(tab.row('user1').getByText('Invited', { exact: true })).toBeVisible();
  expect(await api(host).user('user1')).toMatchObject({ invited: true, displayName: 'Ida Invited' });

  // Its form: no password to set, the invitation's state instead, and a new link on demand.
  await tab.row('user1').click();
  const form = userForm(dialog, 'User user1');
  await expect(form.password).toHaveCount(0);
  const password = form.form.getByRole('region', { name: 'Password' });
  await expect(password).toContainText('Invited — has not set a password yet.');
  await expect(password.getByRole('button', { name: 'Reset password…' })).toHaveCount(0);
  await password.getByRole('button', { name: 'Send new invite…' }).click();
  const resend = page.getByRole('dialog', { name: 'Send a new invite to user1' });
  await expect(resend.getByRole('note')).toHaveText('The link sent before stops working at once.');
  await shot(page, 'resend-form');
  await resend.getByRole('button', { name: 'Send new invite' }).click();
  await expect(resend.getByRole('status')).toHaveText(
    'user1 has a new invitation link. The old link no longer works.',
  );
  const newLink = resend.getByRole('textbox', { name: 'Invitation link (path)' });
  await expect(newLink).toHaveValue(/^\/invite\//);
  expect(await newLink.inputValue()).not.toBe(firstLink);
  await shot(page, 'resend-result');
  await resend.getByRole('button', { name: 'Close' }).click();
  expect(await api(host).user('user1')).toMatchObject({ invited: true });
});

test('the Status filter narrows the list, combined with the text filter', async ({ page, host }) => {
  const dialog = await openUsersAndGroups(page, host);
  const tab = usersTab(dialog);
  await tab.panel.getByRole('button', { name: 'Invite user…' }).click();
  const invite = page.getByRole('dialog', { name: 'Invite user' });
  await invite.getByRole('textbox', { name: 'Display name' }).fill('Ida Invited');
  await invite.getByRole('textbox', { name: 'Email address' }).fill('ida@example.com');
  await invite.getByRole('button', { name: 'Invite', exact: true }).click();
  await invite.getByRole('button', { name: 'Close' }).click();
  await expect(tab.count).toHaveText('31 users');

  await chooseStatus(page, tab.panel, 'Invited');
  await expect(tab.count).toHaveText('1 user matches');
  await expect(tab.rows).toHaveCount(1);
  await expect(tab.row('user1')).toBeVisible();
  await filterUsers(dialog, 'ida', '1 user matches');
  await filterUsers(dialog, 'anna', '0 users match');
  await expect(tab.panel.getByText('No invited user matches "anna".')).toBeVisible();

  // Seeded users 0, 10 and 20 are disabled; anna.adams0 is one of them.
  await chooseStatus(page, tab.panel, 'Disabled');
  await expect(tab.count).toHaveText('1 user matches');
  await expect(tab.row('anna.adams0')).toBeVisible();
  await filterUsers(dialog, '', '3 users match');
  // Enabled: who can sign in, so not the Invited user, who has no password yet.
  await chooseStatus(page, tab.panel, 'Enabled');
  await expect(tab.count).toHaveText('27 users match');
  await chooseStatus(page, tab.panel, 'All');
  await expect(tab.count).toHaveText('31 users');
});

test('the Columns menu hides and shows Last sign-in and Created, and the choice stays', async ({
  page,
  host,
}) => {
  const dialog = await openUsersAndGroups(page, host);
  const tab = usersTab(dialog);
  await expect(tab.count).toHaveText('30 users');
  const titles = columnTitles(tab.panel);
  await expect(titles).toHaveText([
    'Username',
    'Display name',
    'Email',
    'Role',
    'Last sign-in',
    'Created',
    'Status',
  ]);
  // Nobody signed in to a server yet; every account was made a moment ago.
  await expect(tab.row(bruno.username)).toContainText('Never');
  await expect(tab.row(bruno.username).locator('time')).toHaveText('just now');

  const columns = tab.panel.getByRole('button', { name: 'Columns' });
  await columns.click();
  const menu = page.getByRole('menu', { name: 'Columns' });
  const created = menu.getByRole('menuitemcheckbox', { name: 'Created' });
  await expect(created).toHaveAttribute('aria-checked', 'true');
  await shot(page, 'columns-menu');
  await created.click();
  await expect(created).toHaveAttribute('aria-checked', 'false');
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(titles).toHaveText(['Username', 'Display name', 'Email', 'Role', 'Last sign-in', 'Status']);
  await expect(tab.row(bruno.username).locator('time')).toHaveCount(0);

  // The choice outlives the dialog.
  await dialogButtons(dialog).ok.click();
  await expect(dialog).toBeHidden();
  await page.getByRole('treeitem', { name: /^Local,/ }).click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Users and Groups…' }).click();
  const again = usersTab(page.getByRole('dialog', { name: 'Users and Groups — Local' }));
  await expect(columnTitles(again.panel)).toHaveText([
    'Username',
    'Display name',
    'Email',
    'Role',
    'Last sign-in',
    'Status',
  ]);

  await again.panel.getByRole('button', { name: 'Columns' }).click();
  await page
    .getByRole('menu', { name: 'Columns' })
    .getByRole('menuitemcheckbox', { name: 'Created' })
    .click();
  await page.keyboard.press('Escape');
  await expect(columnTitles(again.panel)).toHaveText([
    'Username',
    'Display name',
    'Email',
    'Role',
    'Last sign-in',
    'Created',
    'Status',
  ]);
  await expect(again.row(bruno.username).locator('time')).toHaveText('just now');
  await shot(page, 'users-list-columns');
});

test('Add user checks the password against the instance’s policy as the admin types, and shows the instance’s refusal', async ({
  page,
  host,
}) => {
  const dialog = await openUsersAndGroups(page, host);
  const tab = usersTab(dialog);
  await tab.addUser.click();
  const form = userForm(dialog, 'New user');
  await expect(form.username).toHaveValue('user1');
  // The default policy, in a few words under the field.
  await expect(form.password).toHaveAccessibleDescription('5 to 20 characters, not the username.');
  await form.password.fill('abcd');
  await form.password.press('Tab');
  await expect(form.password).toHaveAccessibleDescription('The password must be 5 to 20 characters long.');
  await expect(form.password).toHaveAttribute('aria-invalid', 'true');
  await form.password.fill('USER1');
  await expect(form.password).toHaveAccessibleDescription('The password cannot be the username.');
  await form.password.fill('abcdefgh');
  await expect(form.password).toHaveAttribute('aria-invalid', 'false');
  await form.displayName.fill('Ada Lovelace');
  await form.email.fill('ada@example.com');

  // Meanwhile an Administrator asks for longer passwords: the instance refuses, and says why.
  await api(host).setPasswordPolicy({ minLength: 12, maxLength: 64, require: [], notUsername: true });
  await dialogButtons(dialog).save.click();
  await expect(form.password).toHaveAccessibleDescription('The password must be 12 to 64 characters long.');
  await expect(form.password).toHaveAttribute('aria-invalid', 'true');
  expect(await api(host).user('user1')).toBeUndefined();
  await form.password.fill('a long enough one');
  await dialogButtons(dialog).save.click();
  await expect(feedback(page, 'user1 was saved.')).toBeVisible();

  // The next form reads the policy again.
  await tab.addUser.click();
  const next = userForm(dialog, 'New user');
  await expect(next.password).toHaveAccessibleDescription('12 to 64 characters, not the username.');
});

test('Reset password… shows a temporary password once; the user must change it, and may-reset-own is saved with the form', async ({
  page,
  host,
}) => {
  const dialog = await openUsersAndGroups(page, host);
  const tab = usersTab(dialog);
  await tab.row(bruno.username).click();
  const form = userForm(dialog, `User ${bruno.username}`);
  const password = form.form.getByRole('region', { name: 'Password' });
  await expect(password).toContainText(`${bruno.username} has a password.`);
  const sessions = form.form.getByRole('region', { name: 'Sessions' });
  await expect(sessions).toContainText(`No active sessions: ${bruno.username} is not signed in`);
  await expect(sessions.getByRole('button', { name: 'Sign out everywhere' })).toBeDisabled();
  await password.scrollIntoViewIfNeeded();
  await shot(page, 'editor-password-sessions');

  await password.getByRole('button', { name: 'Reset password…' }).click();
  const reset = page.getByRole('dialog', { name: `Reset password of ${bruno.username}` });
  await expect(reset.getByRole('radio', { name: 'Generate a strong temporary password' })).toBeChecked();
  await expect(reset.getByRole('note')).toHaveText('Their sessions end now: they are signed out everywhere.');
  await shot(page, 'reset-form');

  // A typed one is checked against the policy as it is typed.
  await reset.getByRole('radio', { name: 'Type a temporary password' }).check();
  const typed = reset.getByLabel(/^Temporary password\W*$/);
  await expect(typed).toBeFocused();
  await expect(typed).toHaveAccessibleDescription('5 to 20 characters, not the username.');
  await typed.fill('abc');
  await typed.press('Tab');
  await expect(typed).toHaveAccessibleDescription('The password must be 5 to 20 characters long.');
  await shot(page, 'reset-typed-invalid');
  await reset.getByRole('button', { name: 'Reset password' }).click();
  await expect(reset.getByRole('status')).toHaveCount(0);

  // Generated, then: shown once, to copy.
  await reset.getByRole('radio', { name: 'Generate a strong temporary password' }).check();
  await reset.getByRole('button', { name: 'Reset password' }).click();
  await expect(reset.getByRole('status')).toHaveText(`The password of ${bruno.username} was reset.`);
  const temporary = reset.getByRole('textbox', { name: 'Temporary password' });
  await expect(temporary).toHaveValue(/^.{16}$/);
  await expect(temporary).toHaveAccessibleDescription(
    'Shown only this once: copy it now and give it to the user privately.',
  );
  await expect(reset).toContainText('must change it at their next sign-in');
  await expect(reset).toContainText('Their sessions ended: they were signed out everywhere.');
  await expect(reset.getByRole('button', { name: 'Copy temporary password' })).toBeVisible();
  await shot(page, 'reset-result');
  await reset.getByRole('button', { name: 'Close' }).click();
  await expect(reset).toBeHidden();

  await expect(password.getByRole('note')).toHaveText('Must change password at next sign-in.');
  await password.scrollIntoViewIfNeeded();
  await shot(page, 'editor-must-change');
  expect(await api(host).user(bruno.username)).toMatchObject({ mustChangePassword: true });

  // May reset own password: a field of the form, saved with the others.
  const mayReset = password.getByRole('checkbox', { name: 'May reset own password' });
  await expect(mayReset).toBeChecked();
  await mayReset.uncheck();
  await expect(dialogButtons(dialog).unsaved).toBeVisible();
  await dialogButtons(dialog).save.click();
  await expect(feedback(page, `${bruno.username} was saved.`)).toBeVisible();
  expect(await api(host).user(bruno.username)).toMatchObject({ mayResetOwnPassword: false });
});
