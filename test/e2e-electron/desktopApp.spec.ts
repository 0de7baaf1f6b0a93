import { _electron as electron, expect, test } from '@playwright/test';
import { installedElectronBinary } from '../../scripts/electronBinary.mjs';
import {
  expectUsersAndGroupsDialog,
  openContextMenuWithMouse,
  inspectScreen,
} from '../e2e/support/navigator';
import { makeTempDir } from '../support/tempDir';

const electronBinary = installedElectronBinary();

test.skip(
  electronBinary === undefined,
  'No Electron binary is installed (it cannot be downloaded on this machine); the same path runs in Chromium through the browser host.',
);

test('the desktop app opens Users and Groups from the navigator', async ({}, testInfo) => {
  const dataDir = makeTempDir('roster-electron-');
  const app = await electron.launch({
    executablePath: electronBinary,
    args: ['.'],
    env: { ...process.env, ROSTER_DATA_DIR: dataDir.path },
  });
  try {
    const page = await app.firstWindow();
    expect(new URL(page.url()).protocol).toBe('app:');
    const sandboxed = await page.evaluate(() => typeof (globalThis as { require?: unknown }).require);
    expect(sandboxed).toBe('undefined');

    const menu = await openContextMenuWithMouse(page, 'Local');
    await inspectScreen(page, testInfo, 'electron-context-menu');
    await menu.getByRole('menuitem', { name: 'Users and Groups…' }).click();
    await expectUsersAndGroupsDialog(page, 'Local');
    await inspectScreen(page, testInfo, 'electron-users-and-groups');

    await page.keyboard.press('Escape');
    const node = page.getByRole('treeitem', { name: /^Local,/ });
    await node.focus();
    await page.keyboard.press('Shift+F10');
    await page.keyboard.press('Enter');
    await expectUsersAndGroupsDialog(page, 'Local');
  } finally {
    await app.close();
    dataDir.remove();
  }
});
