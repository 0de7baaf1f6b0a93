import type { Page } from '@playwright/test';
import path from 'node:path';
import type { InstanceView } from '../../../shared/domain/instance';
import { expectUsersAndGroupsDialog, inspectScreen, instanceNode } from '../support/navigator';
import { bodyBackground, DARK_BACKGROUND, expect, rpc, SMALL, test } from '../usersAndGroups/support';

test.use({ seed: SMALL });

const palette = (page: Page) => page.getByRole('dialog', { name: 'Command palette' });
const options = (page: Page) => palette(page).getByRole('option');

test('the palette finds Users and Groups… by a fuzzy text and runs it for the instance chosen', async ({
  page,
  host,
}, testInfo) => {
  await rpc<InstanceView>(host, 'instances.addLocal', {
    name: 'Second',
    mode: 'create',
    file: path.join(host.dataDir, 'second.sqlite'),
  });
  await page.goto(host.url);
  await expect(instanceNode(page, 'Second')).toBeVisible();

  await page.keyboard.press('Control+Shift+P');
  const input = palette(page).getByRole('combobox', { name: 'Type a command' });
  await expect(input).toBeFocused();
  // Every command the menus have, each with its shortcut where it has one.
  await expect(options(page).filter({ hasText: 'Rename…' })).toContainText('F2');
  await inspectScreen(page, testInfo, 'palette-all');

  await input.fill('uag');
  await expect(options(page).first()).toContainText('Users and Groups…');
  await expect(options(page).first()).toHaveAttribute('aria-selected', 'true');
  await expect(options(page).first()).toContainText('Ctrl+Shift+U');
  await page.keyboard.press('Enter');

  // It acts on an instance: the palette asks which, the selected one first.
  const which = palette(page).getByRole('combobox', { name: 'Users and Groups… — which instance?' });
  await expect(which).toBeFocused();
  await expect(options(page)).toHaveText([/^Local/, /^Second/]);
  await inspectScreen(page, testInfo, 'palette-which-instance');
  await page.keyboard.press('ArrowDown');
  await expect(options(page).nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(palette(page)).toBeHidden();
  await expectUsersAndGroupsDialog(page, 'Second');
  await page.keyboard.press('Escape');

  // The latest command comes first next time, marked as such.
  await page.keyboard.press('Control+Shift+P');
  await expect(options(page).first()).toContainText('Users and Groups…');
  await expect(options(page).first()).toContainText('recently used');
  // A text that matches nothing says so; Escape closes without running anything.
  await input.fill('zzzz');
  await expect(options(page)).toHaveCount(0);
  await expect(palette(page)).toContainText('No command matches.');
  await page.keyboard.press('Escape');
  await expect(palette(page)).toBeHidden();

  // The recent commands are a preference: they survive a new window.
  await page.reload();
  await expect(instanceNode(page, 'Local')).toBeVisible();
  await page.keyboard.press('Control+Shift+P');
  await expect(options(page).first()).toContainText('recently used');
  // With the mouse: a theme, which needs no instance.
  await options(page).filter({ hasText: 'Theme: Dark' }).click();
  await expect(palette(page)).toBeHidden();
  await expect.poll(() => bodyBackground(page)).toBe(DARK_BACKGROUND);
});

test('Ctrl+A selects every row of the focused list; F2, Delete, Ctrl+B and F1 work from the keyboard', async ({
  page,
  host,
}, testInfo) => {
  await page.goto(host.url);
  await instanceNode(page, 'Local').click();
  await page.keyboard.press('Control+Shift+U');
  const dialog = await expectUsersAndGroupsDialog(page, 'Local');

  const users = dialog.getByRole('listbox', { name: /^Users of Local/ });
  await users.getByRole('option').first().click();
  await expect(users.locator('[role="option"][aria-selected="true"]')).toHaveCount(1);
  await page.keyboard.press('Control+A');
  await expect(dialog.getByText(`All ${SMALL.users} users are selected.`)).toBeVisible();
  await expect(users.locator('[role="option"][aria-selected="false"]')).toHaveCount(0);

  await dialog.getByRole('tab', { name: 'Groups' }).click();
  const groups = dialog.getByRole('listbox', { name: 'Groups of Local' });
  await groups.getByRole('option').first().click();
  await page.keyboard.press('Control+A');
  await expect(groups.locator('[role="option"][aria-selected="true"]')).toHaveCount(SMALL.groups);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // F2 renames the selected instance; Delete on its node asks to remove it.
  const local = instanceNode(page, 'Local');
  await local.focus();
  await page.keyboard.press('F2');
  const rename = page.getByRole('dialog', { name: 'Rename Local' });
  await expect(rename).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(rename).toBeHidden();
  await local.focus();
  await page.keyboard.press('Delete');
  const remove = page.getByRole('dialog', { name: 'Remove Local?' });
  await expect(remove).toBeVisible();
  await remove.getByRole('button', { name: 'Cancel' }).click();
  await expect(local).toBeVisible();

  // Ctrl+B hides the navigator and brings it back.
  const navigator = page.getByRole('navigation', { name: 'Navigator' });
  await page.keyboard.press('Control+B');
  await expect(navigator).toBeHidden();
  await page.keyboard.press('Control+B');
  await expect(navigator).toBeVisible();

  // F1: every command with its shortcut, and where the logs are.
  await page.keyboard.press('F1');
  const documentation = page.getByRole('dialog', { name: 'Roster documentation' });
  await expect(documentation).toBeVisible();
  const table = documentation.getByRole('table', { name: 'Commands and their shortcuts' });
  await expect(table.getByRole('row', { name: /Rename…/ })).toContainText('F2');
  await expect(table.getByRole('row', { name: /Remove…/ })).toContainText('Delete');
  await expect(documentation).toContainText(path.join(host.dataDir, 'logs'));
  await inspectScreen(page, testInfo, 'documentation');
  await page.keyboard.press('Escape');
});
