import type { Page } from '@playwright/test';
import { startBrowserHost } from './support/browserHost';
import { expectUsersAndGroupsDialog, instanceNode } from './support/navigator';
import {
  dialogButtons,
  expect,
  feedback,
  filterUsers,
  inspectInBothThemes,
  seededUser,
  SMALL,
  test,
  userForm,
} from './usersAndGroups/support';

/**
 * The work area in Chromium through the browser host: the selected instance's figures and last
 * changes, which follow a user disabled in the dialog; its commands; and, with nothing selected,
 * the recent instances, kept across a restart of the host.
 */
test.use({ seed: SMALL });
test.describe.configure({ timeout: 60_000 });

const bruno = seededUser(1); // enabled

const workArea = (page: Page) => page.getByRole('main', { name: 'Work area' });
const figure = (page: Page, name: string) =>
  workArea(page).getByRole('list', { name: 'Figures' }).getByRole('listitem', { name });

test('an instance selected: its figures and last changes follow a user disabled in the dialog', async ({
  page,
  host,
}, testInfo) => {
  await page.goto(host.url);
  // Nothing selected yet, and nothing opened before.
  await expect(workArea(page).getByRole('heading', { name: 'Recent instances' })).toBeVisible();
  await expect(workArea(page)).toContainText('None yet');

  await instanceNode(page, 'Local').click();
  const area = workArea(page);
  await expect(area.getByRole('heading', { level: 1, name: 'Local' })).toBeVisible();
  // 30 seeded users, every tenth disabled, in 5 groups; nobody invited, locked or asked for a new password.
  for (const name of [
    'Users: 30',
    'Enabled: 27',
    'Disabled: 3',
    'Locked: 0',
    'Invited: 0',
    'Must change password: 0',
    'Groups: 5',
  ])
    await expect(figure(page, name)).toBeVisible();
  await expect(area.getByRole('region', { name: 'Last changes' })).toContainText(
    'Nothing has been recorded yet.',
  );
  const connection = area.getByRole('region', { name: 'Connection' });
  await expect(connection).toContainText('Local instance');
  await expect(connection).toContainText('Data file');

  await area.getByRole('button', { name: 'Users and Groups…' }).click();
  const users = await expectUsersAndGroupsDialog(page, 'Local');
  const tab = await filterUsers(users, bruno.username, '1 user matches');
  await tab.row(bruno.username).click();
  await userForm(users, `User ${bruno.username}`).enabled.click();
  await dialogButtons(users).save.click();
  await expect(feedback(page, `${bruno.username} was saved.`)).toBeVisible();
  await dialogButtons(users).ok.click();
  await expect(users).toBeHidden();

  await expect(figure(page, 'Enabled: 26')).toBeVisible();
  await expect(figure(page, 'Disabled: 4')).toBeVisible();
  await expect(figure(page, 'Users: 30')).toBeVisible();
  const changes = area.getByRole('list', { name: 'Last changes' }).getByRole('listitem');
  await expect(changes).toHaveCount(1);
  await expect(changes.first()).toContainText(/User (disabled|changed)/);
  await expect(changes.first()).toContainText(bruno.username);

  await inspectInBothThemes(page, host, testInfo, 'work-area');

  await area.getByRole('button', { name: 'Open audit log…' }).click();
  await expect(page.getByRole('dialog', { name: 'Audit log — Local' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Audit log — Local' })).toBeHidden();

  // Add user… opens the dialog on Users, adding.
  await area.getByRole('button', { name: 'Add user…' }).click();
  const adding = await expectUsersAndGroupsDialog(page, 'Local');
  await expect(userForm(adding, 'New user').form).toBeVisible();
});

test('the recent instances are kept across a restart of the host and open again from the work area', async ({
  page,
  host,
}, testInfo) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'Add an instance' }).click();
  await page.getByRole('menuitem', { name: 'New local instance…' }).click();
  const add = page.getByRole('dialog', { name: 'New local instance' });
  await add.getByRole('textbox', { name: 'Name' }).fill('Second');
  await add.getByRole('button', { name: 'Create' }).click();
  await expect(instanceNode(page, 'Second')).toBeVisible();
  await instanceNode(page, 'Local').click();
  await expect(workArea(page).getByRole('heading', { level: 1, name: 'Local' })).toBeVisible();

  host.process.kill();
  await new Promise((resolve) => host.process.once('exit', resolve));
  const again = await startBrowserHost(host.dataDir);
  try {
    await page.goto(again.url);
    const recent = workArea(page).getByRole('list', { name: 'Recent instances' });
    await expect(recent.getByRole('button')).toHaveText([/^Local/, /^Second/]);
    await inspectInBothThemes(page, again, testInfo, 'work-area-recent');

    // The keyboard reaches the list; Enter selects the instance.
    await recent.getByRole('button', { name: /^Second Local · Available/ }).focus();
    await page.keyboard.press('Enter');
    await expect(workArea(page).getByRole('heading', { level: 1, name: 'Second' })).toBeVisible();
    await expect(figure(page, 'Users: 0')).toBeVisible();
  } finally {
    again.process.kill();
  }
});
