import type { Browser, Page } from '@playwright/test';
import type { UserDetail } from '../../../shared/domain/directory';
import type { RunningHost } from '../support/browserHost';
import { inspectScreen } from '../support/navigator';
import { dialogButtons, feedback, userForm } from '../usersAndGroups/support';
import {
  addRemoteInstance,
  ADMIN,
  CONNECT_TIMEOUT_MS,
  expect,
  openRemoteUsersAndGroups,
  REMOTE_TEST_TIMEOUT_MS,
  test,
  type ServedInstance,
} from './support';

/*
 * Two admins edit the same user of a remote instance at once (two browser contexts of the same
 * host). The second save is refused as stale instead of silently overwriting the first; the dialog
 * shows both versions and keeps the second admin's edits, which they then apply on top.
 */

test.describe.configure({ timeout: REMOTE_TEST_TIMEOUT_MS * 2 });

const INSTANCE = 'Shared';
const GRACE = {
  username: 'grace',
  password: 'grace-pw-1',
  displayName: 'Grace Hopper',
  email: 'grace@example.com',
};

async function createGrace(server: ServedInstance): Promise<number> {
  const token = await server.adminToken();
  const made = await server.api.call<UserDetail>('POST', '/api/users', { token, body: GRACE });
  expect(made.status).toBe(201);
  return made.body.id;
}

async function openGrace(page: Page) {
  const dialog = await openRemoteUsersAndGroups(page, INSTANCE);
  const panel = dialog.getByRole('tabpanel', { name: 'Users' });
  await panel
    .getByRole('listbox', { name: `Users of ${INSTANCE}` })
    .getByRole('option', { name: /^grace,/ })
    .click();
  const form = userForm(dialog, 'User grace');
  await expect(form.displayName).toHaveValue(GRACE.displayName);
  return { dialog, form, buttons: dialogButtons(dialog) };
}

/**
 * Grace on a remote instance, opened in the user editor by two admins: this page, and a second
 * browser context of the same host (closed by the caller).
 */
async function twoAdminsOnGrace(page: Page, browser: Browser, host: RunningHost, server: ServedInstance) {
  const id = await createGrace(server);
  await page.goto(host.url);
  await addRemoteInstance(page, {
    name: INSTANCE,
    url: server.url,
    username: ADMIN.username,
    password: ADMIN.password,
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const otherPage = await context.newPage();
  await otherPage.goto(host.url);
  return { id, context, otherPage, first: await openGrace(page), second: await openGrace(otherPage) };
}

test('Two admins edit the same remote user: the second save shows the conflict and both versions, and loses nothing', async ({
  page,
  browser,
  host,
  server,
}, testInfo) => {
  // Both open Grace as she is now.
  const { id, context, otherPage, first, second } = await twoAdminsOnGrace(page, browser, host, server);

  // The first admin renames her and saves.
  await first.form.displayName.fill('Grace B. Hopper');
  await first.buttons.save.click();
  await expect(feedback(page, 'grace was saved.')).toBeVisible({ timeout: CONNECT_TIMEOUT_MS });

  // The second, still looking at the old version, changes her email and adds nothing else.
  await second.form.email.fill('amazing.grace@example.com');
  await second.buttons.save.click();
  const conflict = second.form.form.getByRole('alert').filter({ hasText: 'Changed by someone else' });
  await expect(conflict).toBeVisible({ timeout: CONNECT_TIMEOUT_MS });
  const table = conflict.getByRole('table', { name: 'Your edits and the user as it is now' });
  await expect(table.getByRole('row', { name: /^Display name/ })).toContainText('Grace B. Hopper (changed)');
  await expect(table.getByRole('row', { name: /^Display name/ })).toContainText('(not edited)');
  await expect(table.getByRole('row', { name: /^Email address/ })).toContainText(GRACE.email);
  await expect(table.getByRole('row', { name: /^Email address/ })).toContainText('amazing.grace@example.com');
  // Nothing was written by the refused save, and the edits are still in the form, unsaved.
  await expect(second.form.email).toHaveValue('amazing.grace@example.com');
  await expect(second.buttons.unsaved).toBeVisible();
  const token = await server.adminToken();
  const stored = async () => (await server.api.call<UserDetail>('GET', `/api/users/${id}`, { token })).body;
  expect(await stored()).toMatchObject({ displayName: 'Grace B. Hopper', email: GRACE.email });
  await inspectScreen(otherPage, testInfo, 'edit-conflict');

  // Applying the edits keeps the first admin's change and adds the second's.
  await conflict.getByRole('button', { name: 'Apply my edits to the current version' }).click();
  await expect(feedback(otherPage, 'grace was saved.')).toBeVisible({ timeout: CONNECT_TIMEOUT_MS });
  await expect(conflict).toBeHidden();
  await expect(second.form.displayName).toHaveValue('Grace B. Hopper');
  await expect(second.form.email).toHaveValue('amazing.grace@example.com');
  expect(await stored()).toMatchObject({
    displayName: 'Grace B. Hopper',
    email: 'amazing.grace@example.com',
  });
  await context.close();
});

test('After a conflict, "Discard my edits and reload" shows the user as the instance has it', async ({
  page,
  browser,
  host,
  server,
}) => {
  const { context, first, second } = await twoAdminsOnGrace(page, browser, host, server);

  await first.form.enabled.click();
  await first.buttons.save.click();
  await expect(feedback(page, 'grace was saved.')).toBeVisible({ timeout: CONNECT_TIMEOUT_MS });

  await second.form.displayName.fill('Rear Admiral G.');
  await second.buttons.save.click();
  const conflict = second.form.form.getByRole('alert').filter({ hasText: 'Changed by someone else' });
  await expect(conflict.getByRole('row', { name: /^Status/ })).toContainText('Disabled (changed)');
  await conflict.getByRole('button', { name: 'Discard my edits and reload' }).click();
  await expect(conflict).toBeHidden();
  await expect(second.form.displayName).toHaveValue(GRACE.displayName);
  await expect(second.form.enabled).not.toBeChecked();
  await expect(second.buttons.unsaved).toBeHidden();
  await context.close();
});
