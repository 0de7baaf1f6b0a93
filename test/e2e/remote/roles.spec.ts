import { inspectScreen, instanceNode } from '../support/navigator';
import {
  chooseRole,
  chooseTheme,
  confirmation,
  dialogButtons,
  feedback,
  roleOptions,
  userForm,
  bulkJobDialog,
} from '../usersAndGroups/support';
import {
  ADMIN,
  addRemoteInstance,
  CONNECT_TIMEOUT_MS,
  createAccount,
  expect,
  fillRemoteForm,
  openAddRemoteDialog,
  openRemoteUsersAndGroups,
  REMOTE_TEST_TIMEOUT_MS,
  test,
  type ServedInstance,
} from './support';
import { userRowEnd } from '../support/userRowName';

/**
 * Roles on a remote instance: the dialog acts with the role of the account it signed in with, and
 * offers only what that role may do. The server refuses the rest whatever the dialog offers; these
 * tests check what the dialog offers, and that what it sends goes through.
 */
test.describe.configure({ timeout: REMOTE_TEST_TIMEOUT_MS });

const MANAGER = { username: 'manager', password: 'manager-pw-1', role: 'userManager' } as const;
const AUDITOR = { username: 'audra', password: 'audra-pw-1', role: 'auditor' } as const;

const MANAGEABLE = ['Auditor', 'User', 'API user'];

/** The user as the server has it, read by its administrator. */
async function serverUser(server: ServedInstance, id: number) {
  const answer = await server.api.call<{ role: string; displayName: string }>('GET', `/api/users/${id}`, {
    token: await server.adminToken(),
  });
  return answer.body;
}

test('A User manager gives only Auditor, User and API user, and sees an Administrator read-only', async ({
  page,
  host,
  server,
}, testInfo) => {
  await createAccount(server, MANAGER);
  const readerId = await createAccount(server, {
    username: 'reader',
    password: 'reader-pw-1',
    role: 'auditor',
  });
  await page.goto(host.url);
  await addRemoteInstance(page, { name: 'Team', url: server.url, ...MANAGER });

  const dialog = await openRemoteUsersAndGroups(page, 'Team');
  const panel = dialog.getByRole('tabpanel', { name: 'Users' });
  const list = panel.getByRole('listbox', { name: 'Users of Team' });
  await expect(panel.getByRole('status')).toHaveText('3 users');
  await expect(list.getByRole('option', { name: /^owner,/ })).toHaveAccessibleName(
    userRowEnd('Administrator'),
  );
  await expect(list.getByRole('option', { name: /^manager,/ })).toHaveAccessibleName(
    userRowEnd('User manager'),
  );
  // A User manager may write: no read-only notice.
  await expect(dialog.getByRole('note')).toHaveCount(0);

  // A new user: the roles below the manager's own, User by default.
  await panel.getByRole('button', { name: 'Add user' }).click();
  const newUser = userForm(dialog, 'New user');
  await expect(newUser.role).toHaveText('User');
  await newUser.role.click();
  await expect(page.getByRole('option', { name: 'API user', exact: true })).toBeVisible();
  await inspectScreen(page, testInfo, 'remote-user-manager-new-user-roles');
  await page.keyboard.press('Escape');
  expect(await roleOptions(page, newUser.role)).toEqual(MANAGEABLE);

  // The Administrator: shown as it is, read-only, with the reason.
  await list.getByRole('option', { name: /^owner,/ }).click();
  const owner = userForm(dialog, `User ${ADMIN.username}`);
  await expect(owner.form.getByRole('note')).toHaveText(
    'A User manager cannot change Administrators. This form is read-only.',
  );
  await expect(owner.role).toHaveText('Administrator');
  await expect(owner.role).toHaveAttribute('aria-readonly', 'true');
  await expect(owner.displayName).not.toBeEditable();
  await expect(owner.email).not.toBeEditable();
  await expect(owner.password).toHaveCount(0);
  await expect(owner.enabled).toBeDisabled();
  await expect(owner.addToGroup).toHaveCount(0);
  await expect(owner.tokens).toBeVisible();
  await expect(owner.tokens.getByRole('button', { name: 'Generate new token' })).toHaveCount(0);
  // The read-only select does not open.
  await owner.role.click();
  await expect(page.getByRole('option', { name: 'Auditor', exact: true })).toHaveCount(0);
  // Nor do the list's actions offer to change it.
  await expect(panel.getByRole('button', { name: 'Delete', exact: true })).toBeDisabled();
  await expect(panel.getByRole('button', { name: 'Disable', exact: true })).toBeDisabled();
  await list.focus();
  await page.keyboard.press('Delete');
  const warning = page
    .getByRole('alert', { includeHidden: true })
    .filter({ hasText: 'Your role cannot delete owner.' });
  await expect(warning).toBeVisible();
  // A warning stays until dismissed (the open dialog hides the snackbar from the accessibility tree).
  await warning.getByRole('button', { name: 'Close', includeHidden: true }).click();
  await expect(warning).toBeHidden();
  await inspectScreen(page, testInfo, 'remote-user-manager-reads-administrator');

  // An Auditor the manager may change: the form is editable and the role goes to the server.
  await list.getByRole('option', { name: /^reader,/ }).click();
  const reader = userForm(dialog, 'User reader');
  await expect(reader.form.getByRole('note')).toHaveCount(0);
  await expect(reader.displayName).toBeEditable();
  expect(await roleOptions(page, reader.role)).toEqual(MANAGEABLE);
  await chooseRole(page, reader.role, 'API user');
  await dialogButtons(dialog).save.click();
  await expect(feedback(page, 'reader was saved.')).toBeVisible();
  expect((await serverUser(server, readerId)).role).toBe('apiUser');

  // Set role… offers the same roles; the Administrator in the selection is refused by the server.
  await list.getByRole('option', { name: /^owner,/ }).click({ modifiers: ['ControlOrMeta'] });
  await panel.getByRole('button', { name: 'Set role…' }).click();
  const setRole = page.getByRole('dialog', { name: 'Set role of 2 users' });
  const select = setRole.getByRole('combobox', { name: 'Role' });
  expect(await roleOptions(page, select)).toEqual(MANAGEABLE);
  await chooseRole(page, select, 'User');
  await setRole.getByRole('button', { name: 'Apply' }).click();
  const job = bulkJobDialog(page, 'Set role: User');
  await expect(job.counts).toHaveText('1 changed, 0 already so, 1 refused');
  await expect(job.refusals).toHaveCount(1);
  await expect(job.refusals).toHaveText(
    'owner: A User manager may not change owner, who is an Administrator.',
  );
  await inspectScreen(page, testInfo, 'remote-user-manager-set-role');
  await job.close.click();
  expect((await serverUser(server, readerId)).role).toBe('user');
});

test('An Auditor reads users and groups in a read-only dialog that says so and offers no change', async ({
  page,
  host,
  server,
}, testInfo) => {
  await createAccount(server, AUDITOR);
  const token = await server.adminToken();
  const group = await server.api.call<{ id: number }>('POST', '/api/groups', {
    token,
    body: { name: 'auditors' },
  });
  await server.api.call('POST', `/api/groups/${group.body.id}/members`, { token, body: { userIds: [1] } });
  await page.goto(host.url);
  // In the dark theme, for its screenshots (the other tests here use the light one).
  await chooseTheme(page, 'Dark');
  await addRemoteInstance(page, { name: 'Books', url: server.url, ...AUDITOR });

  // The navigator's child nodes offer what the dialog does: open, never add.
  const node = instanceNode(page, 'Books');
  await node.click();
  if ((await node.getAttribute('aria-expanded')) !== 'true') await page.keyboard.press('ArrowRight');
  await expect(node).toHaveAttribute('aria-expanded', 'true');
  const tree = page.getByRole('tree', { name: 'Instances' });
  for (const section of ['Users', 'Groups']) {
    const child = tree.getByRole('treeitem', { name: new RegExp(`^${section}\\b`) });
    // The menu takes the role as it is known when it opens: once read, Add is gone.
    await expect(async () => {
      await child.click({ button: 'right' });
      const menu = page.getByRole('menu', { name: `Books ${section} actions` });
      try {
        await expect(menu.getByRole('menuitem')).toHaveText([`Open ${section}`], { timeout: 1_000 });
      } finally {
        await page.keyboard.press('Escape');
        await expect(menu).toBeHidden();
      }
    }).toPass();
  }
  // Collapsed again from the keyboard, as the menu left the focus on Groups: up to the instance, then shut.
  await page.keyboard.press('ArrowLeft');
  await expect(node).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(node).toHaveAttribute('aria-expanded', 'false');

  const dialog = await openRemoteUsersAndGroups(page, 'Books');
  await expect(dialog.getByRole('note')).toHaveText(
    'Signed in as audra with the role Auditor: you can read users and groups, not change them.',
  );
  const panel = dialog.getByRole('tabpanel', { name: 'Users' });
  const list = panel.getByRole('listbox', { name: 'Users of Books' });
  await expect(panel.getByRole('status')).toHaveText('2 users');
  for (const name of ['Add user', 'Delete', 'Enable', 'Disable', 'Set role…'])
    await expect(panel.getByRole('button', { name, exact: true })).toHaveCount(0);
  const buttons = dialogButtons(dialog);
  await expect(buttons.save).toHaveCount(0);
  await expect(buttons.cancel).toHaveCount(0);
  await expect(buttons.ok).toBeEnabled();

  await list.getByRole('option', { name: /^owner,/ }).click();
  const owner = userForm(dialog, `User ${ADMIN.username}`);
  await expect(owner.displayName).toHaveValue('Administrator');
  await expect(owner.displayName).not.toBeEditable();
  await expect(owner.email).not.toBeEditable();
  await expect(owner.password).toHaveCount(0);
  await expect(owner.role).toHaveText('Administrator');
  await expect(owner.role).toHaveAttribute('aria-readonly', 'true');
  await expect(owner.enabled).toBeDisabled();
  await expect(owner.groups.getByRole('listitem')).toHaveText(['auditors']);
  await expect(owner.groups.getByRole('button')).toHaveCount(0);
  await expect(owner.addToGroup).toHaveCount(0);
  await expect(owner.tokens.getByRole('button', { name: 'Generate new token' })).toHaveCount(0);
  // The dialog said it once: the form adds no note of its own.
  await expect(owner.form.getByRole('note')).toHaveCount(0);
  await inspectScreen(page, testInfo, 'remote-auditor-read-only');

  // The shortcuts that change something do nothing.
  await list.focus();
  await page.keyboard.press('ControlOrMeta+n');
  await page.keyboard.press('Delete');
  await page.keyboard.press('ControlOrMeta+s');
  await expect(userForm(dialog, 'New user').form).toHaveCount(0);
  await expect(confirmation(page, `Delete ${ADMIN.username}?`)).toHaveCount(0);
  await expect(owner.form).toBeVisible();

  // Groups: the list and the members, nothing to add, delete or remove.
  await dialog.getByRole('tab', { name: 'Groups' }).click();
  const groups = dialog.getByRole('tabpanel', { name: 'Groups' });
  await groups.getByRole('option', { name: /^auditors/ }).click();
  await expect(groups.getByRole('listbox', { name: 'Members of auditors' }).getByRole('option')).toHaveCount(
    1,
  );
  for (const name of ['Add group', 'Delete', 'Remove'])
    await expect(groups.getByRole('button', { name, exact: true })).toHaveCount(0);
  await expect(groups.getByRole('combobox', { name: 'Add member' })).toHaveCount(0);
  await page.keyboard.press('ControlOrMeta+n');
  await page.keyboard.press('Delete');
  await expect(page.getByRole('dialog', { name: 'Add group' })).toHaveCount(0);
  await expect(confirmation(page, 'Delete the group auditors?')).toHaveCount(0);
  await inspectScreen(page, testInfo, 'remote-auditor-groups');

  // OK only closes.
  await buttons.ok.click();
  await expect(dialog).toBeHidden();
});

test('An Administrator who gives their own account the role Auditor gets the read-only dialog at once', async ({
  page,
  host,
  server,
}) => {
  // Another Administrator, so that the owner is not the last one.
  await createAccount(server, { username: 'deputy', password: 'deputy-pw-1', role: 'administrator' });
  await page.goto(host.url);
  await addRemoteInstance(page, {
    name: 'Self',
    url: server.url,
    username: ADMIN.username,
    password: ADMIN.password,
  });
  const dialog = await openRemoteUsersAndGroups(page, 'Self');
  const panel = dialog.getByRole('tabpanel', { name: 'Users' });
  await expect(panel.getByRole('status')).toHaveText('2 users');
  await panel
    .getByRole('listbox', { name: 'Users of Self' })
    .getByRole('option', { name: /^owner,/ })
    .click();
  const owner = userForm(dialog, `User ${ADMIN.username}`);
  await chooseRole(page, owner.role, 'Auditor');
  await dialogButtons(dialog).save.click();
  await expect(feedback(page, 'owner was saved.')).toBeVisible();

  // The dialog now acts with the account's new role.
  await expect(dialog.getByRole('note')).toHaveText(
    'Signed in as owner with the role Auditor: you can read users and groups, not change them.',
    { timeout: CONNECT_TIMEOUT_MS },
  );
  await expect(panel.getByRole('button', { name: 'Add user' })).toHaveCount(0);
  await expect(owner.displayName).not.toBeEditable();
  await expect(dialogButtons(dialog).save).toHaveCount(0);
});

test('A User account cannot connect, and Test connection says why', async ({ page, host, server }) => {
  await createAccount(server, { username: 'plain', password: 'plain-pw-1', role: 'user' });
  await createAccount(server, { username: 'robot', password: 'robot-pw-1', role: 'apiUser' });
  await page.goto(host.url);
  const dialog = await openAddRemoteDialog(page);
  const form = await fillRemoteForm(dialog, {
    name: 'Plain',
    url: server.url,
    username: 'plain',
    password: 'plain-pw-1',
  });
  await form.test.click();
  await expect(form.outcome).toContainText('May not manage users');
  await expect(form.outcome).toContainText(
    "its role on this server is User, which cannot see the server's users",
  );

  // An API user signs in with tokens only: its password is refused as a wrong one.
  await form.username.fill('robot');
  await form.password.fill('robot-pw-1');
  await form.test.click();
  await expect(form.outcome).toContainText('Wrong username or password');
});

test('Test connection gives one answer for an unknown user, a wrong password, a locked and a disabled account', async ({
  page,
  host,
  server,
}) => {
  const lockedId = await createAccount(server, {
    username: 'lockedout',
    password: 'locked-pw-1',
    role: 'auditor',
  });
  const disabledId = await createAccount(server, {
    username: 'gone',
    password: 'gone-pw-1',
    role: 'auditor',
  });
  const token = await server.adminToken();
  for (let attempt = 0; attempt < 5; attempt++)
    await server.api.call('POST', '/api/auth/token', {
      body: { username: 'lockedout', password: 'wrong-pw' },
    });
  expect((await server.api.call('POST', `/api/users/${disabledId}/disable`, { token })).status).toBe(200);

  await page.goto(host.url);
  const dialog = await openAddRemoteDialog(page);
  const form = await fillRemoteForm(dialog, {
    name: 'Doors',
    url: server.url,
    username: 'nobody',
    password: 'nobody-pw-1',
  });
  const attempts = [
    { username: 'nobody', password: 'nobody-pw-1' },
    { username: ADMIN.username, password: 'not-the-password' },
    { username: 'lockedout', password: 'locked-pw-1' },
    { username: 'gone', password: 'gone-pw-1' },
  ];
  const outcomes: string[] = [];
  for (const { username, password } of attempts) {
    await form.username.fill(username);
    await form.password.fill(password);
    await form.test.click();
    await expect(form.outcome).toContainText(
      'wrong username or password, or the account is locked or disabled',
    );
    outcomes.push((await form.outcome.textContent())?.replace(`"${username}"`, '"…"') ?? '');
  }
  // Word for word the same, but for the username it names.
  expect(new Set(outcomes).size).toBe(1);
  // The lock is still there, for an administrator to see.
  const access = await server.api.call<{ lockedUntil: string | null }>(
    'GET',
    `/api/users/${lockedId}/access`,
    {
      token,
    },
  );
  expect(access.body.lockedUntil).not.toBeNull();
});
