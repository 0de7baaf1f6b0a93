import { instanceNode, openContextMenuWithMouse, inspectScreen } from '../support/navigator';
import { dialogButtons, feedback, inspectInBothThemes, userForm } from '../usersAndGroups/support';
import {
  ADMIN,
  addRemoteInstance,
  CONNECT_TIMEOUT_MS,
  expect,
  fillRemoteForm,
  instanceNamed,
  keychainEntries,
  openAddRemoteDialog,
  openRemoteUsersAndGroups,
  test,
  REMOTE_TEST_TIMEOUT_MS,
} from './support';

test.describe.configure({ timeout: REMOTE_TEST_TIMEOUT_MS });

test('Add a remote instance, test it, manage its users through the server, then remove it and its secrets', async ({
  page,
  host,
  server,
}, testInfo) => {
  await page.goto(host.url);
  const dialog = await openAddRemoteDialog(page);
  const form = await fillRemoteForm(dialog, {
    name: 'Production',
    url: server.url,
    username: ADMIN.username,
    password: ADMIN.password,
  });
  await form.test.click();
  await expect(form.outcome).toContainText('Connection works');
  await expect(form.outcome).toContainText(`Signed in as ${ADMIN.username}`);
  await inspectScreen(page, testInfo, 'add-remote-instance');
  await form.submit.click();
  await expect(dialog).toBeHidden();
  const node = instanceNode(page, 'Production');
  await expect(node).toHaveAccessibleName('Production, remote instance, connected', {
    timeout: CONNECT_TIMEOUT_MS,
  });

  // The password and the session live in the OS keychain, and nowhere in the settings.
  const { id } = await instanceNamed(host, 'Production');
  const secrets = await keychainEntries(id);
  expect(secrets.password).toBe(ADMIN.password);
  expect(secrets.session).toMatch(/accessToken/);

  const usersAndGroups = await openRemoteUsersAndGroups(page, 'Production');
  const panel = usersAndGroups.getByRole('tabpanel', { name: 'Users' });
  await expect(panel.getByRole('status')).toHaveText('1 user');
  await panel.getByRole('button', { name: 'Add user' }).click();
  const newUser = userForm(usersAndGroups, 'New user');
  await expect(newUser.username).toHaveValue('user1');
  await newUser.password.fill('s3cret!');
  await newUser.displayName.fill('Grace Hopper');
  await newUser.email.fill('grace@example.com');
  await dialogButtons(usersAndGroups).save.click();
  await expect(feedback(page, 'user1 was saved.')).toBeVisible();
  await expect(panel.getByRole('status')).toHaveText('2 users');

  // The server itself has it, as any other client of its REST API sees it.
  const token = await server.adminToken();
  const found = await server.api.call<{ items: { username: string; displayName: string }[]; total: number }>(
    'GET',
    '/api/users?q=grace',
    { token },
  );
  expect(found.body).toMatchObject({ total: 1, items: [{ username: 'user1', displayName: 'Grace Hopper' }] });

  // Filtering asks the server.
  await panel.getByRole('textbox', { name: 'Filter users' }).fill('grace');
  await expect(panel.getByRole('status')).toHaveText('1 user matches');
  await inspectScreen(page, testInfo, 'remote-users-and-groups');
  await dialogButtons(usersAndGroups).ok.click();
  await expect(usersAndGroups).toBeHidden();

  const menu = await openContextMenuWithMouse(page, 'Production');
  await menu.getByRole('menuitem', { name: 'Remove…' }).click();
  const confirm = page.getByRole('dialog', { name: 'Remove Production?' });
  await expect(confirm).toContainText('removes the saved password and session from the OS keychain');
  await confirm.getByRole('button', { name: 'Remove' }).click();
  await expect(node).toHaveCount(0);
  expect(await keychainEntries(id)).toEqual({ password: undefined, session: undefined });
});

test('A wrong password is explained by Test connection and on the node, and Edit connection mends it', async ({
  page,
  host,
  server,
}, testInfo) => {
  await page.goto(host.url);
  const dialog = await openAddRemoteDialog(page);
  const form = await fillRemoteForm(dialog, {
    name: 'Staging',
    url: server.url,
    username: ADMIN.username,
    password: 'not-the-password',
  });
  await form.test.click();
  await expect(form.outcome).toContainText('Wrong username or password');
  await form.submit.click();
  await expect(dialog).toBeHidden();
  const node = instanceNode(page, 'Staging');
  await expect(node).toHaveAccessibleName('Staging, error, remote instance', {
    timeout: CONNECT_TIMEOUT_MS,
  });
  await node.getByText('error', { exact: true }).hover();
  await expect(page.getByRole('tooltip')).toContainText('wrong username or password');
  await inspectInBothThemes(page, host, testInfo, 'remote-instance-error');
  // A reason too long for the status bar is cut short there; the window keeps its width, so the
  // bar's own Edit connection… and the title bar's buttons stay on screen.
  const statusBar = page.getByRole('contentinfo', { name: 'Status bar' });
  await expect(statusBar.getByRole('button', { name: 'Edit connection of Staging' })).toBeInViewport({
    ratio: 1,
  });
  await expect(page.getByRole('button', { name: 'Theme' })).toBeInViewport({ ratio: 1 });

  // Retry would send the same wrong password again: only Edit connection… is offered.
  await expect(node.getByRole('button', { name: 'Retry connecting to Staging' })).toHaveCount(0);
  const menu = await openContextMenuWithMouse(page, 'Staging');
  await expect(menu.getByRole('menuitem', { name: 'Retry connection' })).toHaveCount(0);
  await menu.getByRole('menuitem', { name: 'Edit connection…' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit connection of Staging' });
  await expect(edit.getByRole('textbox', { name: 'Server address' })).toHaveValue(server.url);
  await inspectInBothThemes(page, host, testInfo, 'edit-connection');
  await edit.getByLabel('Password').fill(ADMIN.password);
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await expect(node).toHaveAccessibleName('Staging, remote instance, connected', {
    timeout: CONNECT_TIMEOUT_MS,
  });

  const disconnect = await openContextMenuWithMouse(page, 'Staging');
  await disconnect.getByRole('menuitem', { name: 'Disconnect' }).click();
  await expect(node).toHaveAccessibleName('Staging, offline, remote instance');
  const { id } = await instanceNamed(host, 'Staging');
  // Offline at once; the session is forgotten as the server is told of the sign-out.
  await expect.poll(() => keychainEntries(id)).toEqual({ password: ADMIN.password, session: undefined });
  const connect = await openContextMenuWithMouse(page, 'Staging');
  await connect.getByRole('menuitem', { name: 'Connect', exact: true }).click();
  await expect(node).toHaveAccessibleName('Staging, remote instance, connected', {
    timeout: CONNECT_TIMEOUT_MS,
  });
});

test('The form checks the address and the fields as the admin types', async ({ page, host }) => {
  await page.goto(host.url);
  const dialog = await openAddRemoteDialog(page);
  const form = await fillRemoteForm(dialog, {
    name: 'Bad',
    url: 'ftp://integrate.example.com',
    username: 'owner',
    password: 'x',
  });
  await expect(form.url).toHaveAccessibleDescription(/starts with http:\/\/ or https:\/\//);
  await form.timeout.fill('0');
  await expect(form.timeout).toHaveAccessibleDescription('Enter 1 to 300 seconds.');
  await form.submit.click();
  await expect(dialog).toBeVisible();
  expect((await instanceNamed(host, 'Local')).kind).toBe('local');
  await expect(instanceNode(page, 'Bad')).toHaveCount(0);
});

test('Opening Users and Groups of an instance whose server is down shows why, and Retry works once it is back', async ({
  page,
  host,
  server,
}) => {
  await page.goto(host.url);
  await addRemoteInstance(page, {
    name: 'Branch',
    url: server.url,
    username: ADMIN.username,
    password: ADMIN.password,
  });
  await server.stop();
  const usersAndGroups = await openRemoteUsersAndGroups(page, 'Branch');
  const alert = usersAndGroups.getByRole('alert');
  await expect(alert).toContainText('Server unreachable');
  // The navigator behind the modal dialog is hidden from assistive technology: ask the host instead.
  const state = async () => (await instanceNamed(host, 'Branch')).state;
  await expect.poll(state).toBe('error');
  await server.restart();
  await alert.getByRole('button', { name: 'Retry' }).click();
  const panel = usersAndGroups.getByRole('tabpanel', { name: 'Users' });
  await expect(panel.getByRole('status')).toHaveText('1 user');
  await expect(alert).toBeHidden();
  expect(await state()).toBe('connected');
});

test('An unreachable instance stays in the navigator with its reason, and Retry on the node connects it once the server is back', async ({
  page,
  host,
  server,
}) => {
  await page.goto(host.url);
  await addRemoteInstance(page, {
    name: 'Branch',
    url: server.url,
    username: ADMIN.username,
    password: ADMIN.password,
  });
  await server.stop();
  const menu = await openContextMenuWithMouse(page, 'Branch');
  await menu.getByRole('menuitem', { name: 'Disconnect' }).click();
  const node = instanceNode(page, 'Branch');
  await expect(node).toHaveAccessibleName('Branch, offline, remote instance');
  const connect = await openContextMenuWithMouse(page, 'Branch');
  await connect.getByRole('menuitem', { name: 'Connect', exact: true }).click();
  await expect(node).toHaveAccessibleName('Branch, error, remote instance', { timeout: CONNECT_TIMEOUT_MS });
  await node.getByText('error', { exact: true }).hover();
  await expect(page.getByRole('tooltip')).toContainText('unreachable');

  await server.restart();
  await node.getByRole('button', { name: 'Retry connecting to Branch' }).click();
  await expect(node).toHaveAccessibleName('Branch, remote instance, connected', {
    timeout: CONNECT_TIMEOUT_MS,
  });
});

test('Tokens of a remote user are generated on the server, kept in the keychain and shown again', async ({
  page,
  host,
  server,
}) => {
  await page.goto(host.url);
  await addRemoteInstance(page, {
    name: 'Tokens',
    url: server.url,
    username: ADMIN.username,
    password: ADMIN.password,
  });
  const usersAndGroups = await openRemoteUsersAndGroups(page, 'Tokens');
  const panel = usersAndGroups.getByRole('tabpanel', { name: 'Users' });
  await panel.getByRole('listbox', { name: 'Users of Tokens' }).getByRole('option').first().click();
  const form = userForm(usersAndGroups, `User ${ADMIN.username}`);
  await form.tokens.getByRole('button', { name: 'Generate new token' }).click();
  const access = form.tokens.getByRole('textbox', { name: 'Access token', exact: true });
  // The server makes the pair, then the keychain keeps it: on a loaded machine D-Bus is slow.
  await expect(access).toBeVisible({ timeout: 15_000 });
  await form.tokens.getByRole('button', { name: 'Show access token' }).click();
  const accessToken = await access.inputValue();
  expect(accessToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

  // The server accepts it as the user's own token.
  const me = await server.api.call<{ username: string }>('GET', '/api/auth/me', { token: accessToken });
  expect(me.body.username).toBe(ADMIN.username);

  // Opened again later, Show reads the same pair from the keychain.
  await dialogButtons(usersAndGroups).ok.click();
  const again = await openRemoteUsersAndGroups(page, 'Tokens');
  await again.getByRole('listbox', { name: 'Users of Tokens' }).getByRole('option').first().click();
  const reopened = userForm(again, `User ${ADMIN.username}`);
  await reopened.tokens.getByRole('button', { name: 'Show access token' }).click();
  await expect(reopened.tokens.getByRole('textbox', { name: 'Access token', exact: true })).toHaveValue(
    accessToken,
  );
});

test('A user locked out by failed sign-ins is shown as locked, and Unlock lets them sign in again', async ({
  page,
  host,
  server,
}, testInfo) => {
  const token = await server.adminToken();
  const made = await server.api.call<{ id: number }>('POST', '/api/users', {
    token,
    body: { username: 'locked', password: 'locked-pw-1', displayName: 'Locked Out', email: 'l@example.com' },
  });
  expect(made.status).toBe(201);
  for (let attempt = 0; attempt < 5; attempt++)
    await server.api.call('POST', '/api/auth/token', { body: { username: 'locked', password: 'wrong-pw' } });
  const signIn = () =>
    server.api.call('POST', '/api/auth/token', { body: { username: 'locked', password: 'locked-pw-1' } });
  // Locked: even the right password gets the same answer as a wrong one.
  expect((await signIn()).status).toBe(401);

  await page.goto(host.url);
  await addRemoteInstance(page, {
    name: 'Accounts',
    url: server.url,
    username: ADMIN.username,
    password: ADMIN.password,
  });
  const usersAndGroups = await openRemoteUsersAndGroups(page, 'Accounts');
  await usersAndGroups
    .getByRole('listbox', { name: 'Users of Accounts' })
    .getByRole('option', { name: /^locked,/ })
    .click();
  const lockedForm = userForm(usersAndGroups, 'User locked');
  const signInSection = lockedForm.form.getByRole('region', { name: 'Sign-in' });
  await expect(signInSection).toContainText('Locked until');
  await expect(signInSection).toContainText('after 5 failed sign-ins');
  await signInSection.scrollIntoViewIfNeeded();
  await inspectScreen(page, testInfo, 'locked-user');
  await expect(lockedForm.role).toHaveText('User');

  await signInSection.getByRole('button', { name: 'Unlock' }).click();
  await expect(feedback(page, 'locked was unlocked.')).toBeVisible();
  await expect(signInSection).toContainText('Not locked; no failed sign-ins');
  expect((await signIn()).status).toBe(200);
});
