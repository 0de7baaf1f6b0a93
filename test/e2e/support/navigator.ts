/// <reference lib="dom" />
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { expectAccessible } from './accessibility';

/** Steps a user takes in the navigator, shared by the browser and the Electron suites. */
export const instanceNode = (page: Page, name: string) =>
  page.getByRole('treeitem', { name: new RegExp(`^${name},`) });

const isFocused = (locator: Locator) => locator.evaluate((element) => element === document.activeElement);

/** Presses Tab until the locator has the focus (at most `limit` times), as a keyboard user does. */
export async function tabTo(page: Page, locator: Locator, limit = 25) {
  for (let presses = 0; presses < limit && !(await isFocused(locator)); presses++)
    await page.keyboard.press('Tab');
  await expect(locator).toBeFocused();
}

export async function openContextMenuWithMouse(page: Page, name: string) {
  await instanceNode(page, name).click({ button: 'right' });
  const menu = page.getByRole('menu', { name: `${name} actions` });
  await expect(menu).toBeVisible();
  return menu;
}

export async function expectUsersAndGroupsDialog(page: Page, name: string) {
  const dialog = page.getByRole('dialog', { name: `Users and Groups — ${name}` });
  await expect(dialog).toBeVisible();
  const tabs = dialog.getByRole('tab');
  await expect(tabs).toHaveText(['Users', 'Groups']);
  await expect(dialog.getByRole('tab', { name: 'Users' })).toHaveAttribute('aria-selected', 'true');
  await expect(dialog.getByRole('tabpanel', { name: 'Users' })).toBeVisible();
  return dialog;
}

/**
 * A screen worth looking at: its screenshot goes into the report, and axe-core audits it there and
 * then, so every screen a test shows a reviewer is also checked for accessibility.
 */
export async function inspectScreen(page: Page, testInfo: TestInfo, name: string) {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled' });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
  await expectAccessible(page, testInfo, name);
}
