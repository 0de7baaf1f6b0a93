/// <reference lib="dom" />
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './support/browserHost';
import {
  expectUsersAndGroupsDialog,
  instanceNode,
  openContextMenuWithMouse,
  inspectScreen,
  tabTo,
} from './support/navigator';

test('the navigator lists the Local instance on first start', async ({ page, host }, testInfo) => {
  await page.goto(host.url);
  await expect(page.getByRole('tree', { name: 'Instances' })).toBeVisible();
  await expect(page.getByRole('treeitem')).toHaveCount(1);
  await expect(instanceNode(page, 'Local')).toBeVisible();
  // Nothing is selected on a first start: the work area offers the recent instances, none yet.
  await expect(page.getByRole('heading', { name: 'Recent instances' })).toBeVisible();
  await expect(page.getByRole('contentinfo', { name: 'Status bar' })).toContainText('1 instance');
  await inspectScreen(page, testInfo, 'navigator-light');
});

test('right-click → Users and Groups… opens the dialog with both tabs', async ({ page, host }, testInfo) => {
  await page.goto(host.url);
  const menu = await openContextMenuWithMouse(page, 'Local');
  await expect(menu.getByRole('menuitem').first()).toHaveAccessibleName('Users and Groups…');
  await inspectScreen(page, testInfo, 'context-menu');
  await menu.getByRole('menuitem', { name: 'Users and Groups…' }).click();

  const dialog = await expectUsersAndGroupsDialog(page, 'Local');
  await inspectScreen(page, testInfo, 'users-and-groups-users-tab');
  await dialog.getByRole('tab', { name: 'Groups' }).click();
  await expect(dialog.getByRole('tabpanel', { name: 'Groups' })).toBeVisible();
  await expect(dialog.getByRole('tabpanel', { name: 'Users' })).toBeHidden();
  await inspectScreen(page, testInfo, 'users-and-groups-groups-tab');

  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog).toBeHidden();
});

test('the keyboard reaches the same dialog: Tab, Shift+F10, the context-menu key, Enter', async ({
  page,
  host,
}) => {
  await page.goto(host.url);
  const node = instanceNode(page, 'Local');
  await expect(node).toBeVisible();
  await tabTo(page, node, 10);

  await page.keyboard.press('Shift+F10');
  const menu = page.getByRole('menu', { name: 'Local actions' });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: 'Users and Groups…' })).toBeFocused();
  await page.keyboard.press('Enter');
  const dialog = await expectUsersAndGroupsDialog(page, 'Local');

  // Focus lands where the admin types next: the users filter.
  await expect(dialog.getByRole('textbox', { name: 'Filter users' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(node).toBeFocused();

  await page.keyboard.press('ContextMenu');
  await expect(menu).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(node).toBeFocused();

  await page.keyboard.press('Enter');
  await expectUsersAndGroupsDialog(page, 'Local');
});

test('rename refuses a blank name next to the field, then renames and remembers', async ({ page, host }) => {
  await page.goto(host.url);
  const menu = await openContextMenuWithMouse(page, 'Local');
  await menu.getByRole('menuitem', { name: 'Rename…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Rename Local' });
  const field = dialog.getByRole('textbox', { name: 'Name' });
  await field.fill('   ');
  await expect(dialog.getByText('Enter a name for the instance.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Rename' }).click();
  await expect(dialog).toBeVisible();
  await expect(field).toHaveAttribute('aria-invalid', 'true');

  await field.fill('Workbench');
  await field.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(instanceNode(page, 'Workbench')).toBeVisible();

  await page.reload();
  await expect(instanceNode(page, 'Workbench')).toBeVisible();
  await expect(page.getByRole('treeitem')).toHaveCount(1);
});

test('remove asks first, keeps the instance on Cancel, and removes it on confirm', async ({ page, host }) => {
  await page.goto(host.url);
  let menu = await openContextMenuWithMouse(page, 'Local');
  await menu.getByRole('menuitem', { name: 'Remove…' }).click();
  const confirm = page.getByRole('dialog', { name: 'Remove Local?' });
  await expect(confirm).toContainText('Its data file stays on disk');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(instanceNode(page, 'Local')).toBeVisible();

  menu = await openContextMenuWithMouse(page, 'Local');
  await menu.getByRole('menuitem', { name: 'Remove…' }).click();
  await confirm.getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByRole('treeitem')).toHaveCount(0);
  await expect(page.getByText('No instances in the navigator.')).toBeVisible();

  await page.reload();
  await expect(page.getByText('No instances in the navigator.')).toBeVisible();
});

test('the theme can be switched to dark and is remembered', async ({ page, host }, testInfo) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Theme' }).click();
  await page.getByRole('menuitemradio', { name: 'Dark' }).click();
  const background = () => page.locator('body').evaluate((body) => getComputedStyle(body).backgroundColor);
  await expect.poll(background).toBe('rgb(26, 28, 30)');
  await page.reload();
  await expect.poll(background).toBe('rgb(26, 28, 30)');
  await inspectScreen(page, testInfo, 'navigator-dark');
  await openContextMenuWithMouse(page, 'Local');
  await page.getByRole('menuitem', { name: 'Users and Groups…' }).click();
  await expectUsersAndGroupsDialog(page, 'Local');
  await inspectScreen(page, testInfo, 'users-and-groups-dark');
});

test('a new local instance can be created, and a file that is not an instance is refused untouched', async ({
  page,
  host,
}) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Add an instance' }).click();
  await page.getByRole('menuitem', { name: 'New local instance…' }).click();
  const create = page.getByRole('dialog', { name: 'New local instance' });
  await create.getByRole('textbox', { name: 'Name' }).fill('Local');
  await create.getByRole('button', { name: 'Create' }).click();
  await expect(create.getByText('Another instance is already named "Local".')).toBeVisible();
  await create.getByRole('textbox', { name: 'Name' }).fill('Staging');
  await create.getByRole('button', { name: 'Create' }).click();
  await expect(create).toBeHidden();
  await expect(instanceNode(page, 'Staging')).toBeVisible();
  expect(existsSync(path.join(host.dataDir, 'instances', 'staging.sqlite'))).toBe(true);

  const notAnInstance = path.join(host.dataDir, 'notes.txt');
  writeFileSync(notAnInstance, 'just some notes\n');
  await page.getByRole('button', { name: 'Add an instance' }).click();
  await page.getByRole('menuitem', { name: 'Open instance file…' }).click();
  const open = page.getByRole('dialog', { name: 'Open instance file' });
  await open.getByRole('textbox', { name: 'Name' }).fill('Notes');
  await open.getByRole('textbox', { name: 'Instance file' }).fill(notAnInstance);
  await open.getByRole('button', { name: 'Open' }).click();
  await expect(open.getByText(/is not a Roster instance file: it is not an SQLite database/)).toBeVisible();
  expect(readFileSync(notAnInstance, 'utf8')).toBe('just some notes\n');
  await open.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('treeitem')).toHaveCount(2);
});
