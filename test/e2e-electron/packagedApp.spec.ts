import { chromium, expect, test } from '@playwright/test';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import {
  expectUsersAndGroupsDialog,
  inspectScreen,
  openContextMenuWithMouse,
} from '../e2e/support/navigator';
import { dialogButtons, feedback, userForm, usersTab } from '../e2e/usersAndGroups/support';
import { devToolsEndpoint } from '../support/devTools';
import { makeTempDir } from '../support/tempDir';

// The installed app, as `npm run package` makes it (the desktop workflow packages, then runs this).
// Its fuses refuse Node's --inspect, which Playwright's Electron driver needs, so the test drives
// its window through Chromium's DevTools port instead.
const packagedApp = process.env.ROSTER_PACKAGED_APP;

test.skip(
  packagedApp === undefined,
  'ROSTER_PACKAGED_APP names no packaged app (e.g. release/linux-unpacked/roster, made by npm run package).',
);

test('the installed app stores a new user in a local instance', async ({}, testInfo) => {
  const dataDir = makeTempDir('roster-packaged-');
  const app = spawn(path.resolve(packagedApp ?? ''), ['--remote-debugging-port=0'], {
    env: { ...process.env, ROSTER_DATA_DIR: dataDir.path },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  try {
    const browser = await chromium.connectOverCDP(await devToolsEndpoint(app.stderr));
    const [context] = browser.contexts();
    if (context === undefined) throw new Error('The app has no browser context');
    await expect
      .poll(() => context.pages().some((page) => page.url().startsWith('app:')), { timeout: 30_000 })
      .toBe(true);
    const page = context.pages().find((candidate) => candidate.url().startsWith('app:'));
    if (page === undefined) throw new Error('The app has no window');

    const menu = await openContextMenuWithMouse(page, 'Local');
    await menu.getByRole('menuitem', { name: 'Users and Groups…' }).click();
    const dialog = await expectUsersAndGroupsDialog(page, 'Local');

    // Saving a user hashes its password (argon2) and writes the instance file (better-sqlite3):
    // both native modules load from app.asar.unpacked.
    await usersTab(dialog).addUser.click();
    const form = userForm(dialog, 'New user');
    await expect(form.username).toBeFocused();
    const username = await form.username.inputValue();
    await form.password.fill('s3cret!');
    await form.displayName.fill('Ada Lovelace');
    await form.email.fill('ada@example.com');
    await dialogButtons(dialog).save.click();
    await expect(feedback(page, `${username} was saved.`)).toBeVisible();
    await expect(usersTab(dialog).row(username)).toBeVisible();
    await inspectScreen(page, testInfo, 'packaged-app-user-saved');
    await browser.close();
  } finally {
    app.kill();
    if (app.exitCode === null && app.signalCode === null) await once(app, 'exit');
    dataDir.remove();
  }
});
