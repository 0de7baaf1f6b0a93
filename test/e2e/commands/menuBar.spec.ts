import type { Page } from '@playwright/test';
import type { InstanceView } from '../../../shared/domain/instance';
import { expectUsersAndGroupsDialog, inspectScreen, instanceNode } from '../support/navigator';
import { rpc } from '../usersAndGroups/support';
import { ADMIN, CONNECT_TIMEOUT_MS, expect, REMOTE_TEST_TIMEOUT_MS, test } from '../remote/support';

test.setTimeout(REMOTE_TEST_TIMEOUT_MS);

/** Opens one of the menu bar's menus and answers it. */
async function openMenu(page: Page, name: string) {
  await page.getByRole('menubar', { name: 'Application menu' }).getByRole('menuitem', { name }).click();
  const menu = page.getByRole('menu', { name });
  await expect(menu).toBeVisible();
  return menu;
}

async function choose(page: Page, menuName: string, item: string) {
  const menu = await openMenu(page, menuName);
  await menu.getByRole('menuitem', { name: item, exact: true }).click();
  await expect(menu).toBeHidden();
}

test('the menu bar runs every Instance command on the selected instance', async ({
  page,
  host,
  server,
}, testInfo) => {
  await rpc<InstanceView>(host, 'instances.addRemote', {
    name: 'Served',
    url: server.url,
    username: ADMIN.username,
    password: ADMIN.password,
    timeoutSeconds: 10,
  });
  await page.goto(host.url);
  const served = instanceNode(page, 'Served');
  await expect(served).toHaveAccessibleName(/remote instance, connected$/, { timeout: CONNECT_TIMEOUT_MS });
  await served.click();

  const instanceMenu = await openMenu(page, 'Instance');
  // A command the selected instance cannot take now is not offered: Connect, while connected.
  await expect(instanceMenu.getByRole('menuitem', { name: 'Connect', exact: true })).toBeDisabled();
  await expect(instanceMenu.getByRole('menuitem', { name: 'Rename…' })).toHaveAttribute(
    'aria-keyshortcuts',
    'F2',
  );
  await inspectScreen(page, testInfo, 'menu-bar-instance');
  await page.keyboard.press('Escape');

  await choose(page, 'Instance', 'Users and Groups…');
  await expectUsersAndGroupsDialog(page, 'Served');
  await page.keyboard.press('Escape');

  await choose(page, 'Instance', 'Audit log…');
  const audit = page.getByRole('dialog', { name: 'Audit log — Served' });
  await expect(audit).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(audit).toBeHidden();

  await choose(page, 'Instance', 'Instance settings…');
  const settings = page.getByRole('dialog', { name: 'Instance settings — Served' });
  await expect(settings).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(settings).toBeHidden();

  await choose(page, 'Instance', 'Disconnect');
  await expect(served).toHaveAccessibleName('Served, offline, remote instance');
  await choose(page, 'Instance', 'Connect');
  await expect(served).toHaveAccessibleName(/remote instance, connected$/, { timeout: CONNECT_TIMEOUT_MS });

  await choose(page, 'Instance', 'Edit connection…');
  const connection = page.getByRole('dialog', { name: 'Edit connection of Served' });
  await expect(connection).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(connection).toBeHidden();

  await choose(page, 'Instance', 'Rename…');
  const rename = page.getByRole('dialog', { name: 'Rename Served' });
  await rename.getByRole('textbox', { name: 'Name' }).fill('Production');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect(instanceNode(page, 'Production')).toBeVisible();

  await choose(page, 'Instance', 'Remove…');
  const remove = page.getByRole('dialog', { name: 'Remove Production?' });
  await remove.getByRole('button', { name: 'Remove' }).click();
  await expect(instanceNode(page, 'Production')).toHaveCount(0);
  expect((await rpc<InstanceView[]>(host, 'instances.list')).map((instance) => instance.name)).not.toContain(
    'Production',
  );
});

test('the menu bar moves between menus with the arrows, and Help shows About and the logs', async ({
  page,
  host,
}, testInfo) => {
  await page.goto(host.url);
  await expect(instanceNode(page, 'Local')).toBeVisible();
  const bar = page.getByRole('menubar', { name: 'Application menu' });
  await bar.getByRole('menuitem', { name: 'File' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(bar.getByRole('menuitem', { name: 'Edit' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menu', { name: 'Edit' })).toBeVisible();
  // Across, with the menu open: the next one opens in its place.
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('menu', { name: 'View' })).toBeVisible();
  await expect(page.getByRole('menu', { name: 'Edit' })).toBeHidden();
  await page.keyboard.press('Escape');

  await choose(page, 'Help', 'About Roster');
  const about = page.getByRole('dialog', { name: 'About Roster' });
  await expect(about).toContainText('Browser host');
  await expect(about).toContainText(host.dataDir);
  await inspectScreen(page, testInfo, 'about');
  await about.getByRole('button', { name: 'Close' }).click();

  // The browser host's page may be on another machine than its logs: it says where they are.
  await choose(page, 'Help', 'Open logs folder');
  await expect(page.getByText(`Roster's logs are in ${host.dataDir}`)).toBeVisible();

  await choose(page, 'File', 'New local instance…');
  await expect(page.getByRole('dialog', { name: /local instance/i })).toBeVisible();
});
