import type { Page } from '@playwright/test';
import type { PasswordPolicy } from '../../shared/domain/passwordPolicy';
import {
  ADMIN,
  addRemoteInstance,
  createAccount,
  expect,
  instanceNamed,
  REMOTE_TEST_TIMEOUT_MS,
  test,
} from './remote/support';
import { openContextMenuWithMouse, inspectScreen } from './support/navigator';
import { feedback, rpc } from './usersAndGroups/support';

/**
 * Instance settings…: the password policy of an instance, changed by its Administrators and shown
 * read-only to the other roles. The remote fixture's server starts only for the tests that use it.
 */
test.describe.configure({ timeout: REMOTE_TEST_TIMEOUT_MS });

async function openInstanceSettings(page: Page, name: string) {
  const menu = await openContextMenuWithMouse(page, name);
  await menu.getByRole('menuitem', { name: 'Instance settings…' }).click();
  const dialog = page.getByRole('dialog', { name: `Instance settings — ${name}` });
  await expect(dialog).toBeVisible();
  return {
    dialog,
    minLength: dialog.getByRole('spinbutton', { name: 'Minimum length' }),
    maxLength: dialog.getByRole('spinbutton', { name: 'Maximum length' }),
    kind: (name: string) => dialog.getByRole('checkbox', { name, exact: true }),
    notUsername: dialog.getByRole('switch', { name: 'Not the username' }),
    summary: dialog.getByRole('status'),
    save: dialog.getByRole('button', { name: 'Save', exact: true }),
    cancel: dialog.getByRole('button', { name: 'Cancel', exact: true }),
    close: dialog.getByRole('button', { name: 'Close', exact: true }),
  };
}

test('An Administrator of a local instance sets its password policy, and new passwords must follow it', async ({
  page,
  host,
}, testInfo) => {
  await page.goto(host.url);
  const settings = await openInstanceSettings(page, 'Local');
  await expect(settings.minLength).toHaveValue('5');
  await expect(settings.maxLength).toHaveValue('20');
  await expect(settings.notUsername).toBeChecked();
  for (const kind of ['Lower-case letter', 'Upper-case letter', 'Digit', 'Symbol'])
    await expect(settings.kind(kind)).not.toBeChecked();
  await expect(settings.summary).toHaveText('New passwords: 5 to 20 characters, not the username.');
  await expect(settings.dialog).toContainText('Passwords already set are not affected.');

  // A minimum above the maximum is refused as it is typed, and Save sends nothing.
  await settings.minLength.fill('30');
  await expect(settings.minLength).toHaveAccessibleDescription(
    'The minimum length cannot be more than the maximum length.',
  );
  await expect(settings.summary).toHaveText('Correct the lengths above to see the policy.');
  await inspectScreen(page, testInfo, 'instance-settings-invalid');
  await settings.save.click();
  await expect(settings.dialog).toBeVisible();
  const { id: instanceId } = await instanceNamed(host, 'Local');
  const policy = () => rpc<PasswordPolicy>(host, 'directory.settings.passwordPolicy', { instanceId });
  expect((await policy()).minLength).toBe(5);
  await settings.minLength.fill('');
  await expect(settings.minLength).toHaveAccessibleDescription('Enter a whole number from 1 to 256.');

  await settings.minLength.fill('8');
  await expect(settings.minLength).toHaveAccessibleDescription('Characters.');
  await settings.kind('Digit').check();
  await expect(settings.summary).toHaveText(
    'New passwords: 8 to 20 characters, with a digit, not the username.',
  );
  await inspectScreen(page, testInfo, 'instance-settings-edited');
  await settings.save.click();
  await expect(settings.dialog).toBeHidden();
  await expect(feedback(page, 'The password policy of Local was saved.')).toBeVisible();
  expect(await policy()).toEqual({ minLength: 8, maxLength: 20, require: ['digit'], notUsername: true });

  const again = await openInstanceSettings(page, 'Local');
  await expect(again.minLength).toHaveValue('8');
  await expect(again.kind('Digit')).toBeChecked();
  await expect(again.summary).toHaveText(
    'New passwords: 8 to 20 characters, with a digit, not the username.',
  );
  // Cancel throws edits away.
  await again.maxLength.fill('12');
  await again.cancel.click();
  await expect(again.dialog).toBeHidden();
  expect((await policy()).maxLength).toBe(20);

  // Every new password now follows it, whoever sets it.
  const newUser = (password: string) =>
    rpc(host, 'directory.users.create', {
      instanceId,
      user: { username: 'ada', password, displayName: 'Ada Lovelace', email: 'ada@example.com' },
    });
  await expect(newUser('abc12x')).rejects.toThrow('The password must be 8 to 20 characters long.');
  await expect(newUser('abcdefghij')).rejects.toThrow('The password must contain a digit.');
  await expect(newUser('abcdefgh1')).resolves.toMatchObject({ username: 'ada' });
});

test('Other roles of a remote instance see its policy read-only and never send a Save', async ({
  page,
  host,
  server,
}, testInfo) => {
  await createAccount(server, { username: 'audra', password: 'audra-pw-1', role: 'auditor' });
  await createAccount(server, { username: 'manager', password: 'manager-pw-1', role: 'userManager' });
  const sent: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/rpc/directory.settings.setPasswordPolicy')) sent.push(request.url());
  });
  await page.goto(host.url);
  await addRemoteInstance(page, {
    name: 'Audit',
    url: server.url,
    username: 'audra',
    password: 'audra-pw-1',
  });
  await addRemoteInstance(page, {
    name: 'Managed',
    url: server.url,
    username: 'manager',
    password: 'manager-pw-1',
  });

  for (const [name, username, role] of [
    ['Audit', 'audra', 'Auditor'],
    ['Managed', 'manager', 'User manager'],
  ] as const) {
    const settings = await openInstanceSettings(page, name);
    await expect(settings.dialog.getByRole('note')).toHaveText(
      `Signed in as ${username} with the role ${role}: only an Administrator can change the password policy.`,
    );
    await expect(settings.minLength).toHaveValue('5');
    await expect(settings.minLength).toBeDisabled();
    await expect(settings.maxLength).toBeDisabled();
    await expect(settings.kind('Digit')).toBeDisabled();
    await expect(settings.notUsername).toBeDisabled();
    await expect(settings.summary).toHaveText('New passwords: 5 to 20 characters, not the username.');
    await expect(settings.save).toHaveCount(0);
    if (name === 'Audit') await inspectScreen(page, testInfo, 'instance-settings-read-only');
    await settings.close.click();
    await expect(settings.dialog).toBeHidden();
  }
  expect(sent).toEqual([]);

  // The server's own Administrator changes it from Roster, and the server has it.
  await addRemoteInstance(page, { name: 'Admin', url: server.url, ...ADMIN });
  const settings = await openInstanceSettings(page, 'Admin');
  await expect(settings.dialog.getByRole('note')).toHaveCount(0);
  await settings.maxLength.fill('64');
  await settings.kind('Symbol').check();
  await settings.save.click();
  await expect(settings.dialog).toBeHidden();
  const answer = await server.api.call<PasswordPolicy>('GET', '/api/settings/password-policy', {
    token: await server.adminToken(),
  });
  expect(answer.body).toEqual({ minLength: 5, maxLength: 64, require: ['symbol'], notUsername: true });
});
