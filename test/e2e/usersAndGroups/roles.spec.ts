import { inspectScreen } from '../support/navigator';
import {
  api,
  bulkJobDialog,
  chooseRole,
  dialogButtons,
  expect,
  feedback,
  filterUsers,
  openUsersAndGroups,
  roleOptions,
  seededUser,
  SMALL,
  test,
  userForm,
  usersTab,
} from './support';
import { userRowName, userRowEnd } from '../support/userRowName';

/**
 * Roles on a local instance, whose owner acts as its Administrator. The seeded instance's first
 * user (anna.adams0, disabled) became its Administrator; everyone else is a User.
 */
test.use({ seed: SMALL });

const anna = seededUser(0); // the Administrator, disabled
const bruno = seededUser(1);
const carla = seededUser(2);

const LAST_ADMIN = 'That would leave no enabled administrator.';

test('the list shows each user’s role, and a new user gets the role chosen in the form', async ({
  page,
  host,
}, testInfo) => {
  const dialog = await openUsersAndGroups(page, host);
  const tab = usersTab(dialog);
  await expect(tab.count).toHaveText('30 users');
  await expect(tab.panel.getByText('Role', { exact: true })).toBeVisible();
  await expect(tab.row(anna.username)).toHaveAccessibleName(
    userRowName(`${anna.username}, Anna Adams, ${anna.email}, Administrator`, 'disabled'),
  );
  await expect(tab.row(anna.username)).toContainText('Administrator');
  await expect(tab.row(bruno.username)).toHaveAccessibleName(userRowEnd('User'));
  await expect(tab.row(bruno.username)).toContainText('User');

  await tab.addUser.click();
  const form = userForm(dialog, 'New user');
  // A new user is a User unless the admin chooses otherwise; an Administrator may give any role.
  await expect(form.role).toHaveText('User');
  await expect(form.role).toHaveAccessibleDescription('Manages only their own account.');
  expect(await roleOptions(page, form.role)).toEqual([
    'Administrator',
    'User manager',
    'Auditor',
    'User',
    'API user',
  ]);
  await form.password.fill('s3cret!');
  await form.displayName.fill('Ada Lovelace');
  await form.email.fill('ada@example.com');
  await chooseRole(page, form.role, 'Auditor');
  await expect(form.role).toHaveAccessibleDescription('Reads users and groups; changes nothing.');
  await inspectScreen(page, testInfo, 'roles-new-user-auditor');
  await dialogButtons(dialog).save.click();
  await expect(feedback(page, 'user1 was saved.')).toBeVisible();

  const saved = userForm(dialog, 'User user1');
  await expect(saved.role).toHaveText('Auditor');
  await filterUsers(dialog, 'user1', '1 user matches');
  await expect(tab.row('user1')).toHaveAccessibleName(
    userRowName('user1, Ada Lovelace, ada@example.com, Auditor'),
  );
  expect((await api(host).user('user1'))?.role).toBe('auditor');
});

test('changing a user’s role in the editor saves it with the other edits, one version after another', async ({
  page,
  host,
}) => {
  const dialog = await openUsersAndGroups(page, host);
  const tab = await filterUsers(dialog, bruno.username, '1 user matches');
  await tab.row(bruno.username).click();
  const form = userForm(dialog, `User ${bruno.username}`);
  await expect(form.role).toHaveText('User');

  await form.displayName.fill('Bruno Manager');
  await chooseRole(page, form.role, 'User manager');
  await expect(dialogButtons(dialog).unsaved).toBeVisible();
  await dialogButtons(dialog).save.click();
  await expect(feedback(page, `${bruno.username} was saved.`)).toBeVisible();
  await expect(dialogButtons(dialog).unsaved).toBeHidden();
  await expect(form.role).toHaveText('User manager');
  await expect(tab.row(bruno.username)).toHaveAccessibleName(
    userRowName(`${bruno.username}, Bruno Manager, ${bruno.email}, User manager`),
  );
  const stored = await api(host).user(bruno.username);
  expect(stored).toMatchObject({ displayName: 'Bruno Manager', role: 'userManager' });

  // The role alone is a change too, and undoing it leaves nothing to save.
  await chooseRole(page, form.role, 'Auditor');
  await expect(dialogButtons(dialog).unsaved).toBeVisible();
  await chooseRole(page, form.role, 'User manager');
  await expect(dialogButtons(dialog).unsaved).toBeHidden();
  await chooseRole(page, form.role, 'API user');
  await dialogButtons(dialog).ok.click();
  await expect(dialog).toBeHidden();
  expect((await api(host).user(bruno.username))?.role).toBe('apiUser');
});

test('Set role… gives the selected users one role and says how many changed', async ({
  page,
  host,
}, testInfo) => {
  const dialog = await openUsersAndGroups(page, host);
  const tab = usersTab(dialog);
  await expect(tab.setRoleButton).toBeDisabled();
  await tab.row(bruno.username).click();
  await tab.row(carla.username).click({ modifiers: ['ControlOrMeta'] });
  await expect(tab.row(carla.username)).toHaveAttribute('aria-selected', 'true');
  await expect(tab.setRoleButton).toBeEnabled();
  await tab.setRoleButton.click();

  const setRole = page.getByRole('dialog', { name: 'Set role of 2 users' });
  await expect(setRole).toContainText(`${bruno.username} and ${carla.username}`);
  const select = setRole.getByRole('combobox', { name: 'Role' });
  await expect(select).toHaveText('User');
  await chooseRole(page, select, 'Auditor');
  await inspectScreen(page, testInfo, 'roles-set-role-dialog');
  await setRole.getByRole('button', { name: 'Apply' }).click();
  await expect(setRole).toBeHidden();
  const job = bulkJobDialog(page, 'Set role: Auditor');
  await expect(job.dialog).toContainText('Giving 2 users the role Auditor');
  await expect(job.counts).toHaveText('2 changed, 0 already so, 0 refused');
  await inspectScreen(page, testInfo, 'roles-set-role-done');
  await job.close.click();
  await expect(job.dialog).toBeHidden();

  await expect(tab.row(bruno.username)).toHaveAccessibleName(userRowEnd('Auditor'));
  await expect(tab.row(carla.username)).toHaveAccessibleName(userRowEnd('Auditor'));
  // The editor has bruno open: it shows his new role, with nothing left to save.
  await expect(userForm(dialog, `User ${bruno.username}`).role).toHaveText('Auditor');
  await expect(dialogButtons(dialog).unsaved).toBeHidden();
  expect((await api(host).user(bruno.username))?.role).toBe('auditor');
  expect((await api(host).user(carla.username))?.role).toBe('auditor');
});

test('demoting the last enabled Administrator is refused, in the form and in Set role…, and nothing changes', async ({
  page,
  host,
}, testInfo) => {
  // anna.adams0, the only Administrator, enabled: the last one.
  const client = api(host);
  await client.setEnabled(await client.idOf(anna.username), true);

  const dialog = await openUsersAndGroups(page, host);
  const tab = usersTab(dialog);
  await tab.row(anna.username).click();
  const form = userForm(dialog, `User ${anna.username}`);
  await expect(form.role).toHaveText('Administrator');
  await form.displayName.fill('Anna the Last');
  await chooseRole(page, form.role, 'User');
  await dialogButtons(dialog).save.click();
  await expect(form.role).toHaveAccessibleDescription(LAST_ADMIN);
  await expect(form.role).toHaveAttribute('aria-invalid', 'true');
  await inspectScreen(page, testInfo, 'roles-last-admin-refused');
  // The display name went through before the role was refused; the role edit stays in the form.
  await expect(form.role).toHaveText('User');
  await expect(dialogButtons(dialog).unsaved).toBeVisible();
  expect(await client.user(anna.username)).toMatchObject({
    role: 'administrator',
    displayName: 'Anna the Last',
  });

  // Choosing again clears the refusal; back to Administrator there is nothing left to save.
  await chooseRole(page, form.role, 'Administrator');
  await expect(form.role).toHaveAccessibleDescription('Manages every user, group and role.');
  await expect(dialogButtons(dialog).unsaved).toBeHidden();

  // In Set role…, the other user changes and the refusal is named with its reason.
  await tab.row(bruno.username).click({ modifiers: ['ControlOrMeta'] });
  await tab.setRoleButton.click();
  const setRole = page.getByRole('dialog', { name: 'Set role of 2 users' });
  await chooseRole(page, setRole.getByRole('combobox', { name: 'Role' }), 'Auditor');
  await setRole.getByRole('button', { name: 'Apply' }).click();
  const job = bulkJobDialog(page, 'Set role: Auditor');
  await expect(job.counts).toHaveText('1 changed, 0 already so, 1 refused');
  await expect(job.refusals).toHaveText([`${anna.username}: ${LAST_ADMIN}`]);
  await inspectScreen(page, testInfo, 'roles-set-role-refused');
  await job.close.click();
  await expect(tab.row(anna.username)).toHaveAccessibleName(userRowEnd('Administrator'));
  await expect(tab.row(bruno.username)).toHaveAccessibleName(userRowEnd('Auditor'));
  expect((await client.user(anna.username))?.role).toBe('administrator');
  expect((await client.user(bruno.username))?.role).toBe('auditor');
});

test('a role changed by someone else while the form is open shows in the conflict as its own row', async ({
  page,
  host,
}) => {
  const dialog = await openUsersAndGroups(page, host);
  const tab = await filterUsers(dialog, carla.username, '1 user matches');
  await tab.row(carla.username).click();
  const form = userForm(dialog, `User ${carla.username}`);
  await form.displayName.fill('Carla Edited');

  const client = api(host);
  await client.setRole(await client.idOf(carla.username), 'auditor');

  await dialogButtons(dialog).save.click();
  const conflict = form.form.getByRole('alert').filter({ hasText: 'Changed by someone else' });
  await expect(conflict).toBeVisible();
  const table = conflict.getByRole('table', { name: 'Your edits and the user as it is now' });
  await expect(table.getByRole('row', { name: /^Role/ })).toHaveText(/RoleAuditor \(changed\)\(not edited\)/);
  await conflict.getByRole('button', { name: 'Apply my edits to the current version' }).click();
  await expect(feedback(page, `${carla.username} was saved.`)).toBeVisible();
  await expect(form.role).toHaveText('Auditor');
  expect(await client.user(carla.username)).toMatchObject({ displayName: 'Carla Edited', role: 'auditor' });
});
