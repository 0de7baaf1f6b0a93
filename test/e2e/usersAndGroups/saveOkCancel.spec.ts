import type { Locator, Page } from '@playwright/test';
import {
  api,
  confirmation,
  dialogButtons,
  expect,
  feedback,
  filterUsers,
  openUsersAndGroups,
  seededUser,
  SMALL,
  test,
  userForm,
  usersTab,
} from './support';

test.use({ seed: SMALL });

const elena = seededUser(4); // elena.adams4, enabled

/** Opens elena.adams4 and changes her display name without saving. */
async function editElena(page: Page, dialog: Locator, displayName: string) {
  const tab = await filterUsers(dialog, elena.username, '1 user matches');
  await tab.row(elena.username).click();
  const form = userForm(dialog, `User ${elena.username}`);
  await form.displayName.fill(displayName);
  await expect(dialogButtons(dialog).unsaved).toBeVisible();
  return form;
}

const discard = (page: Page) => confirmation(page, 'Discard unsaved changes?');

test('Save applies the edits and keeps the dialog open', async ({ page, host }) => {
  const dialog = await openUsersAndGroups(page, host);
  const buttons = dialogButtons(dialog);
  await expect(buttons.save).toBeDisabled();
  const form = await editElena(page, dialog, 'Elena Saved');
  await expect(buttons.save).toBeEnabled();

  await buttons.save.click();
  await expect(feedback(page, `${elena.username} was saved.`)).toBeVisible();
  await expect(dialog).toBeVisible();
  await expect(form.displayName).toHaveValue('Elena Saved');
  await expect(buttons.unsaved).toBeHidden();
  await expect(buttons.save).toBeDisabled();
  expect((await api(host).user(elena.username))?.displayName).toBe('Elena Saved');

  // Nothing is left to save, so Cancel now closes without asking. (Clicked at once, as a user
  // would: the "saved" message must not be in the way, see feedback.spec.ts.)
  await buttons.cancel.click({ timeout: 8_000 });
  await expect(dialog).toBeHidden();
  await expect(discard(page)).toBeHidden();
});

test('OK applies the edits and closes; with an invalid edit it stays open and keeps it', async ({
  page,
  host,
}) => {
  let dialog = await openUsersAndGroups(page, host);
  let form = await editElena(page, dialog, 'Elo');
  await dialogButtons(dialog).ok.click();
  // Too short: nothing is written, the dialog stays with the edit and the reason.
  await expect(form.form.getByRole('alert')).toHaveText('Correct the highlighted fields first.');
  await expect(form.displayName).toHaveAttribute('aria-invalid', 'true');
  await expect(form.displayName).toHaveValue('Elo');
  await expect(dialog).toBeVisible();
  expect((await api(host).user(elena.username))?.displayName).toBe(elena.displayName);

  await form.displayName.fill('Elena Okayed');
  await dialogButtons(dialog).ok.click();
  await expect(dialog).toBeHidden();
  await expect(discard(page)).toBeHidden();
  expect((await api(host).user(elena.username))?.displayName).toBe('Elena Okayed');

  // Reopened, the dialog shows the saved value.
  await page.getByRole('treeitem', { name: /^Local,/ }).click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Users and Groups…' }).click();
  dialog = page.getByRole('dialog', { name: 'Users and Groups — Local' });
  const tab = await filterUsers(dialog, elena.username, '1 user matches');
  await tab.row(elena.username).click();
  form = userForm(dialog, `User ${elena.username}`);
  await expect(form.displayName).toHaveValue('Elena Okayed');
});

test('Cancel with unsaved edits asks first: keep editing, or discard and close', async ({ page, host }) => {
  const dialog = await openUsersAndGroups(page, host);
  const form = await editElena(page, dialog, 'Elena Cancelled');

  await dialogButtons(dialog).cancel.click();
  const ask = discard(page);
  await expect(ask).toContainText(`Your changes to ${elena.username} have not been saved.`);
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(ask).toBeHidden();
  await expect(dialog).toBeVisible();
  await expect(form.displayName).toHaveValue('Elena Cancelled');

  await dialogButtons(dialog).cancel.click();
  await ask.getByRole('button', { name: 'Discard' }).click();
  await expect(ask).toBeHidden();
  await expect(dialog).toBeHidden();
  expect((await api(host).user(elena.username))?.displayName).toBe(elena.displayName);
});

test('Escape and a click outside the dialog ask too; Escape on the question keeps the edits', async ({
  page,
  host,
}) => {
  const dialog = await openUsersAndGroups(page, host);
  const form = await editElena(page, dialog, 'Elena Escaped');

  await form.displayName.press('Escape');
  const ask = discard(page);
  await expect(ask).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(ask).toBeHidden();
  await expect(dialog).toBeVisible();
  await expect(form.displayName).toHaveValue('Elena Escaped');

  // A click on the backdrop, outside the dialog.
  await page.mouse.click(10, 400);
  await expect(ask).toBeVisible();
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeVisible();
  await expect(form.displayName).toHaveValue('Elena Escaped');

  await page.keyboard.press('Escape');
  await ask.getByRole('button', { name: 'Discard' }).click();
  await expect(dialog).toBeHidden();
  expect((await api(host).user(elena.username))?.displayName).toBe(elena.displayName);
});

test('leaving a user with unsaved edits asks: another user, a new user, the Groups tab', async ({
  page,
  host,
}) => {
  const dialog = await openUsersAndGroups(page, host);
  const tab = usersTab(dialog);
  const form = await editElena(page, dialog, 'Elena Pending');
  const ask = discard(page);
  await tab.filter.fill('adams');
  await expect(tab.count).toHaveText('25 users match');

  // Another user: kept on Cancel.
  await tab.row('farid.adams5').click();
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(form.displayName).toHaveValue('Elena Pending');
  await expect(userForm(dialog, 'User farid.adams5').form).toHaveCount(0);

  // A new user: kept on Cancel.
  await tab.addUser.click();
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(form.displayName).toHaveValue('Elena Pending');

  // The Groups tab: kept on Cancel.
  await dialog.getByRole('tab', { name: 'Groups' }).click();
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog.getByRole('tab', { name: 'Users' })).toHaveAttribute('aria-selected', 'true');
  await expect(form.displayName).toHaveValue('Elena Pending');

  // Discarding moves on to the other user, and nothing was saved.
  await tab.row('farid.adams5').click();
  await ask.getByRole('button', { name: 'Discard' }).click();
  await expect(userForm(dialog, 'User farid.adams5').displayName).toHaveValue('Farid Adams');
  await expect(dialogButtons(dialog).unsaved).toBeHidden();
  expect((await api(host).user(elena.username))?.displayName).toBe(elena.displayName);
});

test('Cancel without edits closes at once', async ({ page, host }) => {
  const dialog = await openUsersAndGroups(page, host);
  const tab = await filterUsers(dialog, elena.username, '1 user matches');
  await tab.row(elena.username).click();
  await expect(userForm(dialog, `User ${elena.username}`).displayName).toHaveValue(elena.displayName);
  await dialogButtons(dialog).cancel.click();
  await expect(dialog).toBeHidden();
  await expect(discard(page)).toHaveCount(0);
});
