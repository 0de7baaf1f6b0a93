import {
  api,
  bulkJobDialog,
  dialogButtons,
  expect,
  feedback,
  filterUsers,
  openUsersAndGroups,
  option,
  pickGroup,
  seededGroupsOf,
  seededUser,
  SMALL,
  test,
  userForm,
} from './support';
import { userRowName, userRowEnd } from '../support/userRowName';

test.use({ seed: SMALL });

test('edit a user: the username is read-only, display name and groups change and are saved', async ({
  page,
  host,
}) => {
  const bruno = seededUser(1); // bruno.adams1
  const before = seededGroupsOf(1, SMALL); // group-0002, group-0003
  expect(before).toEqual(['group-0002', 'group-0003']);

  const dialog = await openUsersAndGroups(page, host);
  const tab = await filterUsers(dialog, bruno.username, '1 user matches');
  await tab.row(bruno.username).click();
  await expect(tab.row(bruno.username)).toHaveAttribute('aria-selected', 'true');

  const form = userForm(dialog, `User ${bruno.username}`);
  await expect(form.heading).toHaveText(bruno.username);
  await expect(form.username).toHaveValue(bruno.username);
  await expect(form.username).not.toBeEditable();
  await expect(form.username).toHaveAccessibleDescription('The username cannot be changed.');
  await expect(form.password).toHaveValue('');
  await expect(form.password).toHaveAccessibleDescription('Leave empty to keep the current password.');
  await expect(form.displayName).toHaveValue(bruno.displayName);
  await expect(form.email).toHaveValue(bruno.email);
  await expect(form.groups.getByRole('listitem')).toHaveText(before);

  await form.displayName.fill('Bruno Renamed');
  await form.groups.getByRole('button', { name: 'Remove from group-0002' }).click();
  await expect(form.groups.getByRole('listitem')).toHaveText(['group-0003']);

  // The picker filters by part of the name and never offers a group the user is already in.
  await form.addToGroup.fill('group');
  await expect(option(page, /^group-/)).toHaveText(['group-0000', 'group-0001', 'group-0002', 'group-0004']);
  await form.addToGroup.fill('04');
  await expect(option(page, /^group-/)).toHaveText(['group-0004']);
  await option(page, 'group-0004').click();
  await expect(form.groups.getByRole('listitem')).toHaveText(['group-0003', 'group-0004']);
  await expect(dialogButtons(dialog).unsaved).toBeVisible();

  await dialogButtons(dialog).save.click();
  await expect(feedback(page, `${bruno.username} was saved.`)).toBeVisible();
  await expect(dialogButtons(dialog).unsaved).toBeHidden();
  await expect(tab.row(bruno.username)).toHaveAccessibleName(
    userRowName(`${bruno.username}, Bruno Renamed, ${bruno.email}, User`),
  );

  const stored = await api(host).user(bruno.username);
  expect(stored?.displayName).toBe('Bruno Renamed');
  expect(stored?.groups.map((group) => group.name)).toEqual(['group-0003', 'group-0004']);

  await page.reload();
  const again = await openUsersAndGroups(page, host);
  const tabAgain = await filterUsers(again, 'renamed', '1 user matches');
  await tabAgain.row(bruno.username).click();
  const reopened = userForm(again, `User ${bruno.username}`);
  await expect(reopened.displayName).toHaveValue('Bruno Renamed');
  await expect(reopened.groups.getByRole('listitem')).toHaveText(['group-0003', 'group-0004']);
});

test('a save the main process refuses shows the reason next to the field and keeps every edit', async ({
  page,
  host,
}) => {
  const carla = seededUser(2); // carla.adams2, in group-0000 and group-0004
  const dialog = await openUsersAndGroups(page, host);
  const tab = await filterUsers(dialog, carla.username, '1 user matches');
  await tab.row(carla.username).click();
  const form = userForm(dialog, `User ${carla.username}`);
  await expect(form.groups.getByRole('listitem')).toHaveText(seededGroupsOf(2, SMALL));

  await form.displayName.fill('Carla Changed');
  await form.email.fill('carla@changed.example');
  await pickGroup(page, form, 'group-0001');
  await expect(form.groups.getByRole('listitem')).toHaveText(['group-0000', 'group-0004', 'group-0001']);

  // Someone else deletes that group before the admin saves.
  const doomed = await api(host).group('group-0001');
  await api(host).deleteGroup(doomed?.id ?? -1);

  await dialogButtons(dialog).save.click();
  await expect(form.addToGroup).toHaveAccessibleDescription('Some of those groups no longer exist.');
  await expect(form.addToGroup).toHaveAttribute('aria-invalid', 'true');
  // Nothing the admin typed or picked is lost.
  await expect(form.displayName).toHaveValue('Carla Changed');
  await expect(form.email).toHaveValue('carla@changed.example');
  await expect(form.groups.getByRole('listitem')).toHaveText(['group-0000', 'group-0004', 'group-0001']);
  await expect(dialogButtons(dialog).unsaved).toBeVisible();

  // Taking the vanished group out clears the refusal; picking another one saves.
  await form.groups.getByRole('button', { name: 'Remove from group-0001' }).click();
  await expect(form.addToGroup).toHaveAttribute('aria-invalid', 'false');
  await pickGroup(page, form, 'group-0002');
  await dialogButtons(dialog).save.click();
  await expect(feedback(page, `${carla.username} was saved.`)).toBeVisible();
  await expect(dialogButtons(dialog).unsaved).toBeHidden();

  const stored = await api(host).user(carla.username);
  expect(stored).toMatchObject({ displayName: 'Carla Changed', email: 'carla@changed.example' });
  expect(stored?.groups.map((group) => group.name)).toEqual(['group-0000', 'group-0002', 'group-0004']);
});

test('enable and disable several users from the list', async ({ page, host }) => {
  const kemal = seededUser(10); // disabled
  const bruno = seededUser(1); // enabled
  expect(kemal.enabled).toBe(false);

  const dialog = await openUsersAndGroups(page, host);
  const tab = await filterUsers(dialog, 'adams', '25 users match');
  await expect(tab.enableButton).toBeDisabled();
  await expect(tab.disableButton).toBeDisabled();
  await expect(tab.row(kemal.username)).toHaveAccessibleName(userRowEnd('User', 'disabled'));
  await expect(tab.row(kemal.username).getByText('Disabled')).toBeVisible();

  await tab.row(kemal.username).click();
  const form = userForm(dialog, `User ${kemal.username}`);
  await expect(form.enabled).not.toBeChecked();
  await expect(tab.enableButton).toBeEnabled();
  await expect(tab.disableButton).toBeDisabled();

  await tab.row(bruno.username).click({ modifiers: ['ControlOrMeta'] });
  await expect(tab.row(bruno.username)).toHaveAttribute('aria-selected', 'true');
  await expect(tab.row(kemal.username)).toHaveAttribute('aria-selected', 'true');
  await expect(tab.enableButton).toBeEnabled();
  await expect(tab.disableButton).toBeEnabled();

  await tab.disableButton.click();
  const disabling = bulkJobDialog(page, 'Disable users');
  await expect(disabling.counts).toHaveText('1 changed, 1 already so, 0 refused');
  await disabling.close.click();
  await expect(tab.row(bruno.username)).toHaveAccessibleName(userRowEnd('User', 'disabled'));
  await expect(tab.disableButton).toBeDisabled();
  expect((await api(host).user(bruno.username))?.enabled).toBe(false);

  await tab.enableButton.click();
  const enabling = bulkJobDialog(page, 'Enable users');
  await expect(enabling.counts).toHaveText('2 changed, 0 already so, 0 refused');
  await enabling.close.click();
  await expect(tab.row(bruno.username)).not.toHaveAccessibleName(userRowEnd('User', 'disabled'));
  await expect(tab.row(kemal.username)).not.toHaveAccessibleName(userRowEnd('User', 'disabled'));
  await expect(tab.row(kemal.username).getByText('Disabled')).toBeHidden();
  await expect(tab.enableButton).toBeDisabled();
  // The open editor follows the change made from the list, without calling it an unsaved edit.
  await expect(form.enabled).toBeChecked();
  await expect(dialogButtons(dialog).unsaved).toBeHidden();
  expect((await api(host).user(bruno.username))?.enabled).toBe(true);
  expect((await api(host).user(kemal.username))?.enabled).toBe(true);
});
