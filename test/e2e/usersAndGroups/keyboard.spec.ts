/// <reference lib="dom" />
import type { Page } from '@playwright/test';
import type { RunningHost } from '../support/browserHost';
import { expectUsersAndGroupsDialog, instanceNode, tabTo } from '../support/navigator';
import {
  api,
  bulkJobDialog,
  confirmation,
  dialogButtons,
  expect,
  seededUser,
  SMALL,
  test,
  userForm,
  usersTab,
} from './support';

test.use({ seed: SMALL });

/** Opens the app and reaches the dialog with Tab and Enter only. */
async function openByKeyboard(page: Page, host: RunningHost) {
  await page.goto(host.url);
  const node = instanceNode(page, 'Local');
  await expect(node).toBeVisible();
  await tabTo(page, node);
  await page.keyboard.press('Enter');
  const dialog = await expectUsersAndGroupsDialog(page, 'Local');
  await expect(usersTab(dialog).filter).toBeFocused();
  return dialog;
}

test('add a user with the keyboard only: Ctrl+N, type, Tab, Enter = OK', async ({ page, host }) => {
  const dialog = await openByKeyboard(page, host);
  await page.keyboard.press('Control+N');
  const form = userForm(dialog, 'New user');
  // The prefilled name is selected, so typing replaces it.
  await expect(form.username).toHaveValue('user1');
  await expect(form.username).toBeFocused();
  await page.keyboard.type('kb.user');
  await page.keyboard.press('Tab');
  await expect(form.password).toBeFocused();
  await page.keyboard.type('kb-pass1');
  await page.keyboard.press('Tab');
  await expect(form.displayName).toBeFocused();
  await page.keyboard.type('Keyboard User');
  await page.keyboard.press('Tab');
  await expect(form.email).toBeFocused();
  await page.keyboard.type('kb.user@example.com');
  await expect(form.username).toHaveValue('kb.user');

  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(instanceNode(page, 'Local')).toBeFocused();
  expect(await api(host).user('kb.user')).toMatchObject({
    displayName: 'Keyboard User',
    email: 'kb.user@example.com',
    enabled: true,
  });
});

test('delete users with the keyboard only: Ctrl+F, arrows, Shift+arrows, Delete, confirm', async ({
  page,
  host,
}) => {
  const dialog = await openByKeyboard(page, host);
  const tab = usersTab(dialog);

  // Ctrl+F brings the focus back to the filter from anywhere in the dialog.
  await page.keyboard.press('Tab');
  await expect(tab.filter).not.toBeFocused();
  await page.keyboard.press('Control+F');
  await expect(tab.filter).toBeFocused();
  await page.keyboard.type('dmitri');
  await expect(tab.count).toHaveText('2 users match');

  await tabTo(page, tab.list);
  await page.keyboard.press('ArrowDown');
  await expect(tab.row('dmitri.adams3')).toHaveAttribute('aria-selected', 'true');
  await expect(userForm(dialog, 'User dmitri.adams3').heading).toBeVisible();
  await expect(tab.list).toBeFocused();

  // Delete asks; Escape keeps the user.
  await page.keyboard.press('Delete');
  const one = confirmation(page, 'Delete dmitri.adams3?');
  await expect(one).toBeVisible();
  await expect(one.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(one).toBeHidden();
  await expect(tab.row('dmitri.adams3')).toBeVisible();
  await expect(dialog).toBeVisible();

  // Delete again, then Tab to the Delete button and press Enter.
  await expect(tab.list).toBeFocused();
  await page.keyboard.press('Delete');
  await expect(one).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(one.getByRole('button', { name: 'Delete' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(one).toBeHidden();
  await expect(tab.count).toHaveText('1 user matches');
  expect(await api(host).user('dmitri.adams3')).toBeUndefined();

  // Several at once: Shift+ArrowDown extends the selection.
  await page.keyboard.press('Control+F');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('becker2');
  await expect(tab.count).toHaveText('5 users match');
  await tabTo(page, tab.list);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  for (const username of ['anna.becker25', 'bruno.becker26', 'carla.becker27'])
    await expect(tab.row(username)).toHaveAttribute('aria-selected', 'true');
  await expect(tab.row('dmitri.becker28')).toHaveAttribute('aria-selected', 'false');
  await page.keyboard.press('Delete');
  const three = confirmation(page, 'Delete 3 users?');
  await expect(three).toContainText(
    'anna.becker25, bruno.becker26, carla.becker27 will be removed from Local.',
  );
  // The keys go where the focus is once the confirmation has it, as a user would see it first.
  await expect(three.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(three.getByRole('button', { name: 'Delete' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(three).toBeHidden();
  // The summary takes the focus on Close; Enter closes it.
  const job = bulkJobDialog(page, 'Delete users');
  await expect(job.counts).toHaveText('3 changed, 0 already so, 0 refused');
  await expect(job.close).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(job.dialog).toBeHidden();
  await expect(tab.count).toHaveText('2 users match');

  const left = (await api(host).users('becker2')).items.map((user) => user.username);
  expect(left).toEqual(['dmitri.becker28', 'elena.becker29']);
  expect(await api(host).userCount()).toBe(SMALL.users - 4);

  // Nothing unsaved: Escape closes the dialog at once.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('edit with the keyboard: arrows pick a user, Ctrl+S saves and stays, Escape asks about unsaved edits', async ({
  page,
  host,
}) => {
  const grace = seededUser(6);
  const dialog = await openByKeyboard(page, host);
  const tab = usersTab(dialog);
  await page.keyboard.type('grace');
  await expect(tab.count).toHaveText('1 user matches');
  await tabTo(page, tab.list);
  await page.keyboard.press('ArrowDown');
  const form = userForm(dialog, `User ${grace.username}`);
  await tabTo(page, form.displayName);
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Grace Keyed');
  await expect(dialogButtons(dialog).unsaved).toBeVisible();

  await page.keyboard.press('Control+S');
  await expect(dialogButtons(dialog).unsaved).toBeHidden();
  await expect(dialog).toBeVisible();
  expect((await api(host).user(grace.username))?.displayName).toBe('Grace Keyed');

  await page.keyboard.type('!');
  await page.keyboard.press('Escape');
  const ask = confirmation(page, 'Discard unsaved changes?');
  await expect(ask).toBeVisible();
  await expect(ask.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(ask).toBeHidden();
  await expect(form.displayName).toHaveValue('Grace Keyed!');
  expect((await api(host).user(grace.username))?.displayName).toBe('Grace Keyed');
});

test('groups with the keyboard: Ctrl+N adds a group, Delete removes it after confirming', async ({
  page,
  host,
}) => {
  const dialog = await openByKeyboard(page, host);
  // From the filter, Shift+Tab reaches the tabs; the arrow keys and Enter switch to Groups.
  const usersTabButton = dialog.getByRole('tab', { name: 'Users' });
  const groupsTabButton = dialog.getByRole('tab', { name: 'Groups' });
  await page.keyboard.press('Shift+Tab');
  await expect(usersTabButton).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(groupsTabButton).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(groupsTabButton).toHaveAttribute('aria-selected', 'true');
  const panel = dialog.getByRole('tabpanel', { name: 'Groups' });

  await page.keyboard.press('Control+N');
  const add = page.getByRole('dialog', { name: 'Add group' });
  await expect(add.getByRole('textbox', { name: 'Group name' })).toBeFocused();
  await page.keyboard.type('Keyboarders');
  await page.keyboard.press('Enter');
  await expect(add).toBeHidden();
  await expect(dialog).toBeVisible();
  await expect(panel.getByRole('heading', { name: 'Keyboarders' })).toBeVisible();
  expect(await api(host).group('Keyboarders')).toBeDefined();

  // The new group is selected; from its entry in the list, Delete asks and Enter on Delete removes it.
  const list = panel.getByRole('listbox', { name: 'Groups of Local' });
  const entry = list.getByRole('option', { name: /^Keyboarders/ });
  await expect(entry).toHaveAttribute('aria-selected', 'true');
  await tabTo(page, list, 20);
  await page.keyboard.press('Delete');
  const confirm = confirmation(page, 'Delete the group Keyboarders?');
  await expect(confirm).toContainText('Keyboarders has 0 members.');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(confirm).toBeHidden();
  await expect(entry).toHaveCount(0);
  expect(await api(host).group('Keyboarders')).toBeUndefined();
});
