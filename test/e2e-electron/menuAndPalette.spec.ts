import { _electron as electron, expect, test } from '@playwright/test';
import { installedElectronBinary } from '../../scripts/electronBinary.mjs';
import { expectUsersAndGroupsDialog, inspectScreen } from '../e2e/support/navigator';
import { makeTempDir } from '../support/tempDir';

const electronBinary = installedElectronBinary();

test.skip(
  electronBinary === undefined,
  'No Electron binary is installed (it cannot be downloaded on this machine); the browser host runs the same commands from its in-window menu bar and palette (test/e2e/commands).',
);

test('the native menu holds every command, runs them in the window, and opens the palette', async ({}, testInfo) => {
  const dataDir = makeTempDir('roster-electron-menu-');
  const app = await electron.launch({
    executablePath: electronBinary,
    args: ['.'],
    env: { ...process.env, ROSTER_DATA_DIR: dataDir.path },
  });
  try {
    const page = await app.firstWindow();
    await expect(page.getByRole('treeitem', { name: /^Local,/ })).toBeVisible();
    // The window has no menu bar of its own: the native one holds the commands.
    await expect(page.getByRole('menubar', { name: 'Application menu' })).toHaveCount(0);

    const menus = await app.evaluate(({ Menu }) =>
      (Menu.getApplicationMenu()?.items ?? []).map((menu) => ({
        label: menu.label,
        items: (menu.submenu?.items ?? [])
          .filter((item) => item.type !== 'separator')
          .map((item) => item.label),
      })),
    );
    const instance = menus.find((menu) => menu.label === 'Instance');
    expect(instance?.items).toEqual([
      'Users and Groups…',
      'Audit log…',
      'Instance settings…',
      'Connect',
      'Disconnect',
      'Edit connection…',
      'Rename…',
      'Remove…',
    ]);

    await page.getByRole('treeitem', { name: /^Local,/ }).click();
    await app.evaluate(({ Menu }) => {
      Menu.getApplicationMenu()?.getMenuItemById('instance.usersAndGroups')?.click();
    });
    await expectUsersAndGroupsDialog(page, 'Local');
    await page.keyboard.press('Escape');

    await page.keyboard.press('Control+Shift+P');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.getByRole('combobox', { name: 'Type a command' }).fill('audit');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('dialog', { name: 'Audit log — Local' })).toBeVisible();
    await inspectScreen(page, testInfo, 'electron-audit-from-palette');
  } finally {
    await app.close();
    dataDir.remove();
  }
});
