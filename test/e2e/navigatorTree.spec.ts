import type { Page } from '@playwright/test';
import { expectUsersAndGroupsDialog, inspectScreen, instanceNode, tabTo } from './support/navigator';
import { api, chooseTheme, expect, SMALL, test, usersTab, writeLocalFile } from './usersAndGroups/support';

test.use({ seed: SMALL });

const sectionNode = (page: Page, label: string) =>
  page.getByRole('tree', { name: 'Instances' }).getByRole('treeitem', { name: new RegExp(`^${label}\\b`) });

async function focusLocal(page: Page) {
  const node = instanceNode(page, 'Local');
  await expect(node).toBeVisible();
  await tabTo(page, node, 10);
  return node;
}

test('with the keyboard: expand an instance, open Groups from its child node; the tree opens as it was left', async ({
  page,
  host,
}, testInfo) => {
  await page.goto(host.url);
  const node = await focusLocal(page);
  await expect(node).toHaveAttribute('aria-expanded', 'false');
  await expect(sectionNode(page, 'Users')).toHaveCount(0);

  await page.keyboard.press('ArrowRight');
  await expect(node).toHaveAttribute('aria-expanded', 'true');
  await expect(sectionNode(page, 'Users')).toHaveAccessibleName(`Users ${SMALL.users}`);
  await expect(sectionNode(page, 'Groups')).toHaveAccessibleName(`Groups ${SMALL.groups}`);
  await expect(sectionNode(page, 'Audit log')).toBeVisible();
  await inspectScreen(page, testInfo, 'navigator-expanded');

  await page.keyboard.press('ArrowDown');
  await expect(sectionNode(page, 'Users')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(sectionNode(page, 'Groups')).toBeFocused();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Users and Groups — Local' });
  await expect(dialog.getByRole('tab', { name: 'Groups' })).toHaveAttribute('aria-selected', 'true');
  await expect(dialog.getByRole('listbox', { name: 'Groups of Local' }).getByRole('option')).toHaveCount(
    SMALL.groups,
  );
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // The expansion is a preference: a new window (a restart) shows the tree as it was left.
  await page.reload();
  await expect(instanceNode(page, 'Local')).toHaveAttribute('aria-expanded', 'true');
  await expect(sectionNode(page, 'Groups')).toHaveAccessibleName(`Groups ${SMALL.groups}`);

  // Left collapses a child's parent from the child, then the parent; that too is remembered.
  await sectionNode(page, 'Audit log').click();
  await page.keyboard.press('ArrowLeft');
  await expect(instanceNode(page, 'Local')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(instanceNode(page, 'Local')).toHaveAttribute('aria-expanded', 'false');
  await page.reload();
  await expect(instanceNode(page, 'Local')).toHaveAttribute('aria-expanded', 'false');
  await expect(sectionNode(page, 'Users')).toHaveCount(0);
});

test("the children's counts follow changes, and their context menus hold their own commands", async ({
  page,
  host,
}, testInfo) => {
  await page.goto(host.url);
  await focusLocal(page);
  await page.keyboard.press('ArrowRight');
  const groups = sectionNode(page, 'Groups');
  await expect(groups).toHaveAccessibleName(`Groups ${SMALL.groups}`);

  // A change made elsewhere through Roster (here, straight through the host's API) shows at once.
  await api(host).createGroup('Fresh');
  await expect(groups).toHaveAccessibleName(`Groups ${SMALL.groups + 1}`);

  // Groups' own menu: Add group… opens the dialog on Groups, adding.
  await groups.click({ button: 'right' });
  const groupsMenu = page.getByRole('menu', { name: 'Local Groups actions' });
  await expect(groupsMenu.getByRole('menuitem')).toHaveText(['Open Groups', 'Add group…']);
  await inspectScreen(page, testInfo, 'navigator-section-menu');
  await groupsMenu.getByRole('menuitem', { name: 'Add group…' }).click();
  const addGroup = page.getByRole('dialog', { name: 'Add group' });
  await expect(addGroup.getByRole('textbox', { name: 'Group name' })).toBeFocused();
  await page.keyboard.type('Added from the tree');
  await page.keyboard.press('Enter');
  await expect(addGroup).toBeHidden();
  const dialog = page.getByRole('dialog', { name: 'Users and Groups — Local' });
  await expect(dialog.getByRole('tab', { name: 'Groups' })).toHaveAttribute('aria-selected', 'true');
  await expect(dialog.getByRole('heading', { name: 'Added from the tree' })).toBeVisible();
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog).toBeHidden();
  await expect(groups).toHaveAccessibleName(`Groups ${SMALL.groups + 2}`);

  // Users' own menu: Add user… opens the dialog on Users with a new user's form.
  const users = sectionNode(page, 'Users');
  await users.click({ button: 'right' });
  const usersMenu = page.getByRole('menu', { name: 'Local Users actions' });
  await expect(usersMenu.getByRole('menuitem')).toHaveText(['Open Users', 'Add user…']);
  await usersMenu.getByRole('menuitem', { name: 'Add user…' }).click();
  const opened = await expectUsersAndGroupsDialog(page, 'Local');
  await expect(opened.getByRole('textbox', { name: 'Username' })).toBeFocused();
  await opened.getByRole('button', { name: 'Cancel' }).click();
  await expect(opened).toBeHidden();

  // Deleting through the dialog counts down too; double-click opens a child as Enter does.
  const [first] = (await api(host).users('', 1)).items;
  await api(host).deleteUsers([first?.id ?? 0]);
  await expect(users).toHaveAccessibleName(`Users ${SMALL.users - 1}`);
  await users.dblclick();
  const again = await expectUsersAndGroupsDialog(page, 'Local');
  await expect(again.getByRole('tab', { name: 'Users' })).toHaveAttribute('aria-selected', 'true');
  await expect(usersTab(again).count).toHaveText(`${SMALL.users - 1} users`);
  await again.getByRole('button', { name: 'OK' }).click();
  await expect(again).toBeHidden();

  // A change made outside Roster (another program writing the file) is not announced: it shows
  // when the window is looked at again.
  writeLocalFile(
    host,
    'INSERT INTO groups (name, name_key, description, created_at) VALUES (?, ?, ?, ?)',
    'outside',
    'outside',
    '',
    new Date().toISOString(),
  );
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect(groups).toHaveAccessibleName(`Groups ${SMALL.groups + 3}`);

  // The expanded tree and a child's menu in the dark theme.
  await chooseTheme(page, 'Dark');
  await inspectScreen(page, testInfo, 'navigator-expanded-dark');
  await groups.click({ button: 'right' });
  await expect(page.getByRole('menu', { name: 'Local Groups actions' })).toBeVisible();
  await inspectScreen(page, testInfo, 'navigator-section-menu-dark');
});
