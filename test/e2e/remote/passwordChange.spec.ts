import type { Locator } from '@playwright/test';
import type { PasswordResetResult } from '../../../shared/domain/directory';
import { instanceNode, openContextMenuWithMouse, inspectScreen } from '../support/navigator';
import {
  addRemoteInstance,
  CONNECT_TIMEOUT_MS,
  createAccount,
  expect,
  fillRemoteForm,
  instanceNamed,
  keychainEntries,
  openAddRemoteDialog,
  REMOTE_TEST_TIMEOUT_MS,
  test,
  type ServedInstance,
} from './support';

/**
 * An administrator reset the account's password: the server signs it in but allows it nothing
 * until it chooses a new one, which the connection dialog asks for and sets.
 */
test.describe.configure({ timeout: REMOTE_TEST_TIMEOUT_MS });

/** The server's administrator resets the password through the REST API; answers the temporary one. */
async function resetPassword(server: ServedInstance, userId: number): Promise<string> {
  const answer = await server.api.call<PasswordResetResult>('POST', `/api/users/${userId}/password-reset`, {
    token: await server.adminToken(),
  });
  expect(answer.status).toBe(200);
  return answer.body.temporaryPassword;
}

const signInStatus = async (server: ServedInstance, username: string, password: string) =>
  (await server.api.call('POST', '/api/auth/token', { body: { username, password } })).status;

function changeForm(dialog: Locator) {
  return {
    password: dialog.getByLabel('Password', { exact: true }),
    newPassword: dialog.getByLabel('New password', { exact: true }),
    repeat: dialog.getByLabel('Repeat new password', { exact: true }),
    change: dialog.getByRole('button', { name: 'Change password' }),
    test: dialog.getByRole('button', { name: 'Test connection' }),
    outcome: dialog.getByRole('status'),
  };
}

test('Adding an instance with a reset password asks for a new one, checks it, and connects with it', async ({
  page,
  host,
  server,
}, testInfo) => {
  const userId = await createAccount(server, { username: 'rosa', password: 'rosa-pw-1', role: 'auditor' });
  const temporary = await resetPassword(server, userId);

  const changes: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/rpc/instances.changePassword')) changes.push(request.url());
  });
  await page.goto(host.url);
  const dialog = await openAddRemoteDialog(page);
  const form = await fillRemoteForm(dialog, {
    name: 'Reset',
    url: server.url,
    username: 'rosa',
    password: temporary,
  });
  const change = changeForm(dialog);
  await form.test.click();
  await expect(change.outcome).toContainText('Your password was reset: choose a new one');
  await expect(change.newPassword).toBeFocused();

  // The repeat is checked as it is typed (quiet while it is still a beginning of the new password),
  // and Change password sends nothing until it matches.
  await change.newPassword.fill('abc');
  await change.repeat.fill('ab');
  await expect(change.repeat).toHaveAccessibleDescription('The same again, to rule out a typo.');
  await change.change.click();
  await expect(change.repeat).toHaveAccessibleDescription('The two passwords differ.');
  await change.repeat.fill('abd');
  await expect(change.repeat).toHaveAccessibleDescription('The two passwords differ.');
  await change.change.click();
  expect(changes).toEqual([]);
  await inspectScreen(page, testInfo, 'password-change-mismatch');

  // The server's policy speaks by the field.
  await change.repeat.fill('abc');
  await expect(change.repeat).toHaveAccessibleDescription('The same again, to rule out a typo.');
  await change.change.click();
  await expect(change.newPassword).toHaveAccessibleDescription(
    'The password must be 5 to 20 characters long.',
  );
  expect(changes).toHaveLength(1);
  await inspectScreen(page, testInfo, 'password-change-refused');

  await change.newPassword.fill('rosa-new-pw-2');
  await expect(change.newPassword).toHaveAccessibleDescription(
    'The server checks it against its password policy.',
  );
  await change.repeat.fill('rosa-new-pw-2');
  await change.repeat.press('Enter');
  await expect(change.outcome).toContainText('Connection works', { timeout: CONNECT_TIMEOUT_MS });
  await expect(change.outcome).toContainText('Signed in as rosa');
  await expect(change.password).toHaveValue('rosa-new-pw-2');
  await expect(dialog).toContainText('The new password is in the Password field: Add keeps it');
  await expect(change.newPassword).toHaveCount(0);
  await expect(form.submit).toBeFocused();
  await inspectScreen(page, testInfo, 'password-change-done');

  await form.submit.click();
  await expect(dialog).toBeHidden();
  await expect(instanceNode(page, 'Reset')).toHaveAccessibleName('Reset, remote instance, connected', {
    timeout: CONNECT_TIMEOUT_MS,
  });
  const { id } = await instanceNamed(host, 'Reset');
  expect((await keychainEntries(id)).password).toBe('rosa-new-pw-2');
  expect(await signInStatus(server, 'rosa', temporary)).toBe(401);
  expect(await signInStatus(server, 'rosa', 'rosa-new-pw-2')).toBe(200);
});

test('An instance whose password was reset says so, and Edit connection sets the new one in the keychain', async ({
  page,
  host,
  server,
}, testInfo) => {
  const userId = await createAccount(server, {
    username: 'sami',
    password: 'sami-pw-1',
    role: 'userManager',
  });
  await page.goto(host.url);
  await addRemoteInstance(page, { name: 'Team', url: server.url, username: 'sami', password: 'sami-pw-1' });
  const temporary = await resetPassword(server, userId);

  // The user got the temporary password from the administrator and enters it, as told.
  const menu = await openContextMenuWithMouse(page, 'Team');
  await menu.getByRole('menuitem', { name: 'Edit connection…' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit connection of Team' });
  await changeForm(edit).password.fill(temporary);
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();

  const node = instanceNode(page, 'Team');
  await expect(node).toHaveAccessibleName('Team, error, remote instance', { timeout: CONNECT_TIMEOUT_MS });
  await node.getByText('error', { exact: true }).hover();
  await expect(page.getByRole('tooltip')).toContainText('The password of this account was reset');
  const statusBar = page.getByRole('contentinfo', { name: 'Status bar' });
  await expect(statusBar).toContainText('Team: Error — The password of this account was reset');
  await inspectScreen(page, testInfo, 'password-change-navigator');

  // Retry would sign in with the same temporary password again: the node, its menu and the work
  // area offer Edit connection… only.
  await expect(node.getByRole('button', { name: 'Edit connection of Team' })).toBeVisible();
  await expect(node.getByRole('button', { name: 'Retry connecting to Team' })).toHaveCount(0);
  const actions = await openContextMenuWithMouse(page, 'Team');
  await expect(actions.getByRole('menuitem', { name: 'Edit connection…' })).toBeVisible();
  await expect(actions.getByRole('menuitem', { name: /^(Retry connection|Connect)$/ })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(actions).toBeHidden();
  const workArea = page.getByRole('main');
  await expect(workArea.getByRole('button', { name: /^(Retry connection|Connect)$/ })).toHaveCount(0);
  // The work area's Edit connection… opens the same dialog as the navigator's.
  await workArea.getByRole('button', { name: 'Edit connection…' }).click();
  await expect(edit).toBeVisible();
  await edit.getByRole('button', { name: 'Cancel' }).click();
  await expect(edit).toBeHidden();

  await statusBar.getByRole('button', { name: 'Edit connection of Team' }).click();
  await expect(edit).toBeVisible();
  const change = changeForm(edit);
  // Empty: Test connection uses the saved (temporary) password.
  await expect(change.password).toHaveValue('');
  await change.test.click();
  await expect(change.outcome).toContainText('Your password was reset: choose a new one', {
    timeout: CONNECT_TIMEOUT_MS,
  });
  await change.newPassword.fill('sami-new-pw-2');
  await change.repeat.fill('sami-new-pw-2');
  await change.change.click();
  await expect(change.outcome).toContainText('Connection works', { timeout: CONNECT_TIMEOUT_MS });
  await expect(edit).toContainText('The new password is saved in the OS keychain');
  await expect(change.password).toHaveValue('sami-new-pw-2');

  // The main side saved it and connects with it, whether the admin saves the dialog or not (the
  // navigator is hidden behind the dialog: ask the host).
  const team = () => instanceNamed(host, 'Team');
  await expect.poll(async () => (await team()).state, { timeout: CONNECT_TIMEOUT_MS }).toBe('connected');
  const { id } = await team();
  expect((await keychainEntries(id)).password).toBe('sami-new-pw-2');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await expect(node).toHaveAccessibleName('Team, remote instance, connected', {
    timeout: CONNECT_TIMEOUT_MS,
  });
  expect((await keychainEntries(id)).password).toBe('sami-new-pw-2');
  expect(await signInStatus(server, 'sami', temporary)).toBe(401);
  expect(await signInStatus(server, 'sami', 'sami-new-pw-2')).toBe(200);
});
