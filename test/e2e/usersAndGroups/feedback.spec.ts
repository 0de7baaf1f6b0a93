import type { Locator, Page } from '@playwright/test';
import {
  dialogButtons,
  expect,
  feedback,
  filterUsers,
  openUsersAndGroups,
  reachable,
  seededUser,
  SMALL,
  test,
  userForm,
} from './support';

test.use({ seed: SMALL });

const farid = seededUser(5);

async function saveAnEdit(page: Page, dialog: Locator) {
  const tab = await filterUsers(dialog, farid.username, '1 user matches');
  await tab.row(farid.username).click();
  await userForm(dialog, `User ${farid.username}`).displayName.fill('Farid Feedback');
  await dialogButtons(dialog).save.click();
  await expect(feedback(page, `${farid.username} was saved.`)).toBeVisible();
}

test('the message after a save is announced to assistive technology while the dialog is open', async ({
  page,
  host,
}) => {
  const dialog = await openUsersAndGroups(page, host);
  await saveAnEdit(page, dialog);
  // A screen reader reads it only if it is an alert or status outside anything aria-hidden.
  const announced = page
    .getByRole('alert')
    .or(page.getByRole('status'))
    .filter({ hasText: `${farid.username} was saved.` });
  await expect(announced).toBeVisible();
});

test("the message after a save leaves the dialog's Cancel and OK buttons free to click", async ({
  page,
  host,
}) => {
  const dialog = await openUsersAndGroups(page, host);
  await saveAnEdit(page, dialog);
  const buttons = dialogButtons(dialog);
  // (Save is disabled now that nothing is left to save, so it takes no clicks anyway.)
  expect({ cancel: await reachable(buttons.cancel), ok: await reachable(buttons.ok) }).toEqual({
    cancel: true,
    ok: true,
  });
});
