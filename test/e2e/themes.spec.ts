import type { Locator, Page } from '@playwright/test';
import { expectUsersAndGroupsDialog, inspectScreen, openContextMenuWithMouse } from './support/navigator';
import {
  chooseTheme,
  confirmation,
  expect,
  groupName,
  groupsTab,
  seededUser,
  SMALL,
  test,
  userForm,
  usersTab,
} from './usersAndGroups/support';

test.use({ seed: SMALL });

/*
 * Every screen and dialog, in each theme, photographed for the report and audited by axe-core: the
 * other suites audit the screens they reach while testing behaviour, mostly in one theme; this one
 * walks all of them in both.
 */
for (const theme of ['Light', 'Dark'] as const) {
  const suffix = theme.toLowerCase();

  test.describe(`the ${suffix} theme`, () => {
    let shot: Shot;
    test.beforeEach(async ({ page, host }, testInfo) => {
      // A dozen axe-core audits of a full page each, on a machine two cores wide.
      test.slow();
      shot = (name: string) => inspectScreen(page, testInfo, `all-${name}-${suffix}`);
      await page.goto(host.url);
      await chooseTheme(page, theme);
    });

    test('the work area, the navigator menus and every dialog they open pass axe-core', async ({ page }) => {
      await shot('work-area');
      await walkNavigatorDialogs(page, shot);
    });

    test('the Users tab, the user editor and every dialog of the tab pass axe-core', async ({ page }) => {
      await walkUsersTab(page, await openDialog(page), shot);
    });

    test('the Groups tab, a group with its members and every dialog of the tab pass axe-core', async ({
      page,
    }) => {
      await walkGroupsTab(page, await openDialog(page), shot);
    });
  });
}

async function openDialog(page: Page) {
  const instanceMenu = await openContextMenuWithMouse(page, 'Local');
  await instanceMenu.getByRole('menuitem', { name: 'Users and Groups…' }).click();
  const dialog = await expectUsersAndGroupsDialog(page, 'Local');
  await expectOpaque(dialog);
  return dialog;
}

/**
 * Nothing behind a surface shows through it: its own background has no transparency, and neither
 * it nor anything around it is drawn at less than full opacity (once it has finished appearing).
 */
async function expectOpaque(surface: Locator) {
  await expect
    .poll(() =>
      surface.evaluate((element) => {
        const layers: string[] = [];
        for (let node: Element | null = element; node; node = node.parentElement) {
          const opacity = getComputedStyle(node).opacity;
          if (opacity !== '1') layers.push(`${node.className} at opacity ${opacity}`);
        }
        const background = getComputedStyle(element).backgroundColor;
        const alpha = /rgba\([^)]*,\s*([\d.]+)\)$/.exec(background)?.[1];
        if (alpha !== undefined && Number(alpha) < 1) layers.push(`background ${background}`);
        return layers;
      }),
    )
    .toEqual([]);
}

type Shot = (name: string) => Promise<void>;

/** Opens a dialog, photographs it, and closes it with Escape, as a user backing out would. */
async function visit(page: Page, open: () => Promise<void>, dialog: Locator, shot: Shot, name: string) {
  await open();
  await expect(dialog).toBeVisible();
  await shot(name);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
}

async function walkNavigatorDialogs(page: Page, shot: Shot) {
  const fromInstanceMenu = (item: string) => async () => {
    const menu = await openContextMenuWithMouse(page, 'Local');
    await menu.getByRole('menuitem', { name: item }).click();
  };
  const menu = await openContextMenuWithMouse(page, 'Local');
  // The menu's surface is the paper around its list.
  await expectOpaque(menu.locator('xpath=..'));
  await shot('instance-menu');
  await page.keyboard.press('Escape');

  const dialog = (name: string) => page.getByRole('dialog', { name });
  await visit(page, fromInstanceMenu('Rename…'), dialog('Rename Local'), shot, 'rename-instance');
  await visit(
    page,
    fromInstanceMenu('Instance settings…'),
    dialog('Instance settings — Local'),
    shot,
    'instance-settings',
  );
  await visit(page, fromInstanceMenu('Audit log…'), dialog('Audit log — Local'), shot, 'audit-log');
  await visit(page, fromInstanceMenu('Remove…'), dialog('Remove Local?'), shot, 'remove-instance');

  const fromAddMenu = (item: string) => async () => {
    await page.getByRole('button', { name: 'Add an instance' }).click();
    await page.getByRole('menuitem', { name: item }).click();
  };
  await visit(
    page,
    fromAddMenu('Add remote instance…'),
    dialog('Add remote instance'),
    shot,
    'add-remote-instance',
  );
  await visit(
    page,
    fromAddMenu('New local instance…'),
    dialog('New local instance'),
    shot,
    'new-local-instance',
  );
}

async function walkUsersTab(page: Page, dialog: Locator, shot: Shot) {
  const tab = usersTab(dialog);
  await expect(tab.rows.first()).toBeVisible();
  await shot('users-tab');

  const user = seededUser(1);
  await tab.row(user.username).click();
  await expect(userForm(dialog, `User ${user.username}`).username).toHaveValue(user.username);
  await shot('user-editor');
  await visit(
    page,
    () => dialog.getByRole('button', { name: 'Reset password…', exact: true }).click(),
    page.getByRole('dialog', { name: `Reset password of ${user.username}` }),
    shot,
    'reset-password',
  );

  const nested = (name: string | RegExp) => page.getByRole('dialog', { name });
  await visit(
    page,
    () => tab.setRoleButton.click(),
    nested(`Set role of ${user.username}`),
    shot,
    'set-role',
  );
  await visit(
    page,
    () => tab.deleteButton.click(),
    confirmation(page, `Delete ${user.username}?`),
    shot,
    'delete-user',
  );
  await visit(
    page,
    () => tab.panel.getByRole('button', { name: 'Import…' }).click(),
    nested('Import users from CSV'),
    shot,
    'import',
  );
  await visit(
    page,
    () => tab.panel.getByRole('button', { name: 'Export users…' }).click(),
    nested(/^Export /),
    shot,
    'export',
  );
  await visit(
    page,
    () => tab.panel.getByRole('button', { name: 'Invite user…' }).click(),
    nested('Invite user'),
    shot,
    'invite',
  );

  await tab.addUser.click();
  await expect(userForm(dialog, 'New user').username).toBeFocused();
  await shot('new-user');
}

async function walkGroupsTab(page: Page, dialog: Locator, shot: Shot) {
  await dialog.getByRole('tab', { name: 'Groups' }).click();
  const tab = groupsTab(dialog);
  await expect(tab.groups).toHaveCount(SMALL.groups);
  await shot('groups-tab');

  await tab.group(groupName(1)).click();
  await expect(tab.panel.getByRole('heading', { name: groupName(1) })).toBeVisible();
  await shot('group-members');

  await visit(
    page,
    () => tab.addMembers.click(),
    page.getByRole('dialog', { name: `Add members to ${groupName(1)}` }),
    shot,
    'add-members',
  );
  await visit(
    page,
    () => tab.addGroup.click(),
    page.getByRole('dialog', { name: 'Add group' }),
    shot,
    'add-group',
  );
}
