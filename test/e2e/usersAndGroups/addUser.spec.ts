import {
  api,
  dialogButtons,
  expect,
  feedback,
  filterUsers,
  openUsersAndGroups,
  pickGroup,
  seededUser,
  SMALL,
  test,
  userForm,
  usersTab,
} from './support';
import { userRowName } from '../support/userRowName';

test.use({ seed: SMALL });

test('Add user: the username is prefilled with the next free generic name, Save creates the user and keeps it open', async ({
  page,
  host,
}) => {
  const dialog = await openUsersAndGroups(page, host);
  const tab = usersTab(dialog);
  const buttons = dialogButtons(dialog);
  await expect(tab.count).toHaveText('30 users');
  await expect(dialog.getByText('No user selected')).toBeVisible();

  await tab.addUser.click();
  const form = userForm(dialog, 'New user');
  await expect(form.heading).toHaveText('New user');
  await expect(form.username).toHaveValue('user1');
  await expect(form.username).toBeEditable();
  await expect(form.username).toBeFocused();
  await expect(buttons.save).toBeDisabled();

  await form.password.fill('s3cret!');
  await form.displayName.fill('Ada Lovelace');
  await form.email.fill('ada@example.com');
  await expect(buttons.unsaved).toBeVisible();
  await buttons.save.click();

  await expect(feedback(page, 'user1 was saved.')).toBeVisible();
  // Saved, still open, now editing the new user: the username can no longer change.
  const saved = userForm(dialog, 'User user1');
  await expect(saved.heading).toHaveText('user1');
  await expect(saved.username).toHaveValue('user1');
  await expect(saved.username).not.toBeEditable();
  await expect(saved.username).toHaveAccessibleDescription('The username cannot be changed.');
  await expect(saved.displayName).toHaveValue('Ada Lovelace');
  await expect(buttons.unsaved).toBeHidden();
  await expect(buttons.save).toBeDisabled();
  await expect(dialog).toBeVisible();
  await expect(tab.count).toHaveText('31 users');

  const stored = await api(host).user('user1');
  expect(stored).toMatchObject({ displayName: 'Ada Lovelace', email: 'ada@example.com', enabled: true });

  // The next free generic name moves on.
  await tab.addUser.click();
  await expect(userForm(dialog, 'New user').username).toHaveValue('user2');

  // It is really there: after a reload the filter finds it.
  await page.reload();
  const again = await openUsersAndGroups(page, host);
  await filterUsers(again, 'user1', '1 user matches');
  await expect(usersTab(again).row('user1')).toHaveAccessibleName(
    userRowName('user1, Ada Lovelace, ada@example.com, User'),
  );
});

test('Add user: each invalid field says what is wrong next to it, and nothing is saved until all are right', async ({
  page,
  host,
}) => {
  const dialog = await openUsersAndGroups(page, host);
  const tab = usersTab(dialog);
  const buttons = dialogButtons(dialog);
  await tab.addUser.click();
  const form = userForm(dialog, 'New user');
  await expect(form.username).toHaveValue('user1');

  // Messages wait until the field is left.
  await form.username.fill('');
  await expect(form.username).toHaveAccessibleDescription('Unique; letters, digits, ".", "_" and "-".');
  await form.username.press('Tab');
  await expect(form.username).toHaveAccessibleDescription('Enter a username.');
  await expect(form.username).toHaveAttribute('aria-invalid', 'true');
  await form.username.fill('new user!');
  await expect(form.username).toHaveAccessibleDescription('Use only letters, digits, ".", "_" and "-".');

  await form.password.fill('abcd');
  await form.password.press('Tab');
  await expect(form.password).toHaveAccessibleDescription('The password must be 5 to 20 characters long.');
  await expect(form.password).toHaveAttribute('aria-invalid', 'true');
  await form.password.fill('a'.repeat(21));
  await expect(form.password).toHaveAccessibleDescription('The password must be 5 to 20 characters long.');

  await form.displayName.fill('Ada');
  await form.displayName.press('Tab');
  await expect(form.displayName).toHaveAccessibleDescription(
    'The display name must be 4 to 20 characters long.',
  );
  await form.displayName.fill('A display name too long');
  await expect(form.displayName).toHaveAccessibleDescription(
    'The display name must be 4 to 20 characters long.',
  );

  await form.email.fill('');
  await form.email.press('Tab');
  await expect(form.email).toHaveAccessibleDescription('Enter an email address.');
  await form.email.fill('ada.example.com');
  await expect(form.email).toHaveAccessibleDescription('Enter a valid email address.');

  // Save refuses with a form-level message and writes nothing.
  await buttons.save.click();
  await expect(form.form.getByRole('alert')).toHaveText('Correct the highlighted fields first.');
  await expect(form.heading).toHaveText('New user');
  expect(await api(host).userCount()).toBe(30);

  // Fixing each field clears its message; the boundaries (5 and 20, 4 and 20) are accepted.
  await form.username.fill('ada.l');
  await expect(form.username).toHaveAttribute('aria-invalid', 'false');
  await form.password.fill('abcde');
  await expect(form.password).toHaveAccessibleDescription('5 to 20 characters, not the username.');
  await form.password.fill('a'.repeat(20));
  await expect(form.password).toHaveAttribute('aria-invalid', 'false');
  await form.displayName.fill('Lady Ada Lovelace 18');
  await expect(form.displayName).toHaveAccessibleDescription('4 to 20 characters.');
  await form.email.fill('ada@example.com');
  await expect(form.email).toHaveAttribute('aria-invalid', 'false');
  await expect(form.form.getByRole('alert')).toBeHidden();

  await buttons.save.click();
  await expect(userForm(dialog, 'User ada.l').heading).toHaveText('ada.l');
  expect(await api(host).user('ada.l')).toMatchObject({
    displayName: 'Lady Ada Lovelace 18',
    email: 'ada@example.com',
  });
});

test('Add user: a taken username is refused by the main process next to the field, and every edit stays', async ({
  page,
  host,
}) => {
  const taken = seededUser(1).username; // bruno.adams1
  const dialog = await openUsersAndGroups(page, host);
  const tab = usersTab(dialog);
  const buttons = dialogButtons(dialog);
  await tab.addUser.click();
  const form = userForm(dialog, 'New user');
  await expect(form.username).toHaveValue('user1');

  // Usernames are unique regardless of case.
  await form.username.fill(taken.toUpperCase());
  await form.password.fill('s3cret!');
  await form.displayName.fill('Second Bruno');
  await form.email.fill('second.bruno@example.com');
  await pickGroup(page, form, 'group-0003');
  await expect(form.groups.getByRole('listitem')).toHaveText(['group-0003']);
  await buttons.save.click();

  await expect(form.username).toHaveAccessibleDescription(
    `A user named "${taken.toUpperCase()}" already exists.`,
  );
  await expect(form.username).toHaveAttribute('aria-invalid', 'true');
  // The form is intact: still a new user, with everything the admin typed.
  await expect(form.heading).toHaveText('New user');
  await expect(form.username).toHaveValue(taken.toUpperCase());
  await expect(form.password).toHaveValue('s3cret!');
  await expect(form.displayName).toHaveValue('Second Bruno');
  await expect(form.email).toHaveValue('second.bruno@example.com');
  await expect(form.groups.getByRole('listitem')).toHaveText(['group-0003']);
  await expect(buttons.unsaved).toBeVisible();
  expect(await api(host).userCount()).toBe(30);

  // Editing the field clears the refusal; a free name then saves, groups included.
  await form.username.fill('bruno.second');
  await expect(form.username).toHaveAttribute('aria-invalid', 'false');
  await buttons.save.click();
  await expect(feedback(page, 'bruno.second was saved.')).toBeVisible();
  const stored = await api(host).user('bruno.second');
  expect(stored?.displayName).toBe('Second Bruno');
  expect(stored?.groups.map((group) => group.name)).toEqual(['group-0003']);
});
