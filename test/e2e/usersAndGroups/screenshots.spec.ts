import { inspectScreen } from '../support/navigator';
import {
  api,
  bodyBackground,
  chooseTheme,
  confirmation,
  DARK_BACKGROUND,
  dialogButtons,
  expect,
  openUsersAndGroups,
  SMALL,
  test,
  userForm,
  usersTab,
} from './support';

test.use({ seed: SMALL });

for (const theme of ['Light', 'Dark'] as const) {
  const suffix = theme.toLowerCase();

  test(`screenshots of the Users and Groups tabs in the ${suffix} theme`, async ({
    page,
    host,
  }, testInfo) => {
    // Two dozen steps and screenshots: more than the default time on a loaded machine.
    test.slow();
    const keyring = Boolean(process.env.ROSTER_TEST_KEYRING);
    if (keyring) await api(host).generateToken((await api(host).user('bruno.adams1'))?.id ?? -1);

    await page.goto(host.url);
    await chooseTheme(page, theme);
    if (theme === 'Dark') await expect.poll(() => bodyBackground(page)).toBe(DARK_BACKGROUND);
    else await expect.poll(() => bodyBackground(page)).not.toBe(DARK_BACKGROUND);

    // Users tab: the list, and a user open in the editor (its token shown when there is a keychain).
    const dialog = await openUsersAndGroups(page, host);
    const tab = usersTab(dialog);
    await expect(tab.count).toHaveText('30 users');
    await tab.row('bruno.adams1').click();
    const form = userForm(dialog, 'User bruno.adams1');
    await expect(form.groups.getByRole('listitem')).toHaveCount(2);
    if (keyring) {
      await form.tokens.getByRole('button', { name: 'Show access token' }).click();
      await expect(form.tokens.getByRole('textbox', { name: 'Access token', exact: true })).toBeVisible();
    } else {
      await expect(form.tokens.getByRole('alert')).toBeVisible();
    }
    await inspectScreen(page, testInfo, `users-tab-${suffix}`);

    // A disabled user, whose token section says why there are no controls.
    await tab.row('anna.adams0').click();
    await expect(userForm(dialog, 'User anna.adams0').tokens).toContainText('enabled users only');
    await inspectScreen(page, testInfo, `users-tab-disabled-user-${suffix}`);

    // A new user with every field wrong, after a save was tried.
    await tab.addUser.click();
    const newUser = userForm(dialog, 'New user');
    await newUser.username.fill('not valid!');
    await newUser.password.fill('abc');
    await newUser.displayName.fill('Abe');
    await newUser.email.fill('abe.example.com');
    await dialogButtons(dialog).save.click();
    await expect(newUser.form.getByRole('alert')).toBeVisible();
    await inspectScreen(page, testInfo, `users-tab-new-user-errors-${suffix}`);

    // The question before unsaved edits are dropped.
    await dialogButtons(dialog).cancel.click();
    const discard = confirmation(page, 'Discard unsaved changes?');
    await expect(discard).toBeVisible();
    await inspectScreen(page, testInfo, `discard-question-${suffix}`);
    await discard.getByRole('button', { name: 'Discard' }).click();
    await expect(dialog).toBeHidden();

    // Groups tab: the list with member counts, and one group's members.
    const again = await openUsersAndGroups(page, host);
    await again.getByRole('tab', { name: 'Groups' }).click();
    const panel = again.getByRole('tabpanel', { name: 'Groups' });
    await panel.getByRole('option', { name: /^group-0002/ }).click();
    await expect(
      panel.getByRole('listbox', { name: 'Members of group-0002' }).getByRole('option'),
    ).toHaveCount(12);
    await expect(panel.getByRole('status').filter({ hasText: /members$/ })).toHaveText('12 members');
    await inspectScreen(page, testInfo, `groups-tab-${suffix}`);

    if (theme === 'Light') {
      // High-contrast mode replaces backgrounds and drops shadows: the selected row takes the
      // system's selection colours, and the focused list an outline.
      await page.emulateMedia({ forcedColors: 'active' });
      const groups = panel.getByRole('listbox', { name: 'Groups of Local' });
      await page.keyboard.press('ArrowDown');
      const chosen = groups.getByRole('option', { selected: true });
      await expect(chosen).toHaveAccessibleName(/^group-0003/);
      await expect(chosen).toHaveCSS('forced-color-adjust', 'none');
      await expect(groups).toHaveCSS('outline-style', 'solid');
      await inspectScreen(page, testInfo, 'groups-tab-forced-colors');
      await page.emulateMedia({ forcedColors: 'none' });
    }

    // Adding a group whose name is taken.
    await panel.getByRole('button', { name: 'Add group' }).click();
    const add = page.getByRole('dialog', { name: 'Add group' });
    await add.getByRole('textbox', { name: 'Group name' }).fill('group-0001');
    await add.getByRole('button', { name: 'Add' }).click();
    await expect(add.getByText('A group named "group-0001" already exists.')).toBeVisible();
    await inspectScreen(page, testInfo, `groups-tab-add-duplicate-${suffix}`);
  });
}
