import type { Page } from '@playwright/test';
import { inspectScreen } from '../support/navigator';
import {
  api,
  BULK_LARGE,
  bulkControls,
  bulkJobDialog,
  confirmation,
  expect,
  filterUsers,
  groupsTab,
  openUsersAndGroups,
  seededUser,
  SMALL,
  summaryNumbers,
  test,
  userCountWithStatus,
  usersTab,
} from './support';

/**
 * Bulk actions on the Users tab's selection: one job on the instance per action, followed in a
 * dialog (progress, Cancel, then a summary with the refusals and any one-time secrets).
 */

const clipboardText = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

test.describe('a few hundred users', () => {
  // 600 users: 150 have an address at corp.example (every fourth, from 1), more than a page of 100.
  const SEED = { users: 600, groups: 10 };
  test.use({ seed: SEED });

  test('select all matching a text filter, then Disable: progress, summary, and the list shows them disabled', async ({
    page,
    host,
  }, testInfo) => {
    const dialog = await openUsersAndGroups(page, host);
    const tab = await filterUsers(dialog, 'corp.example', '150 users match');
    const bulk = bulkControls(page, tab.panel);

    // Ctrl+A in the list selects the loaded rows, and offers every matching one.
    await tab.list.focus();
    await page.keyboard.press('ControlOrMeta+a');
    await expect(tab.panel.getByText('All 100 loaded users are selected.')).toBeVisible();
    await expect(bulk.selectAll).toBeChecked();
    await bulk.selectAllMatching.click();
    await expect(tab.panel.getByText('All 150 matching users are selected.')).toBeVisible();
    // Rows never loaded count as selected too: the last one, once scrolled to.
    await tab.list.evaluate((box) => (box.scrollTop = box.scrollHeight));
    await expect(tab.row('zoe.silva449')).toHaveAttribute('aria-selected', 'true');
    await tab.list.evaluate((box) => (box.scrollTop = 0));
    await inspectScreen(page, testInfo, 'bulk-select-all-matching');

    await tab.disableButton.click();
    const job = bulkJobDialog(page, 'Disable users');
    await expect(job.dialog).toContainText('Disabling 150 users');
    await expect(job.counts).toHaveText('150 changed, 0 already so, 0 refused');
    await expect(job.progress).toHaveAttribute('aria-valuenow', '100');
    await expect(job.close).toBeFocused();
    await inspectScreen(page, testInfo, 'bulk-summary-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await inspectScreen(page, testInfo, 'bulk-summary-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await job.close.click();
    await expect(job.dialog).toBeHidden();

    // The list reloaded: the matching users show as disabled (the seeded 60 were disabled already).
    const bruno = seededUser(1); // bruno.adams1@corp.example
    await expect(tab.row(bruno.username)).toHaveAccessibleName(/, disabled$/);
    expect(await userCountWithStatus(host, 'disabled')).toBe(60 + 150);
    expect((await api(host).user(bruno.username))?.enabled).toBe(false);

    // Clear selection empties it; the actions have nothing to act on.
    await bulk.clearSelection.click();
    await expect(tab.disableButton).toBeDisabled();
    await expect(bulk.selectAll).not.toBeChecked();
  });
});

test.describe('many thousands of users', () => {
  test.use({ seed: BULK_LARGE });

  test('Cancel stops the job between chunks; the summary counts what was really disabled', async ({
    page,
    host,
  }, testInfo) => {
    test.slow();
    const before = await userCountWithStatus(host, 'disabled');
    const dialog = await openUsersAndGroups(page, host);
    const tab = usersTab(dialog);
    await expect(tab.count).toHaveText('10,000 users');
    const bulk = bulkControls(page, tab.panel);
    await bulk.selectAll.check();
    await expect(tab.panel.getByText('All 100 loaded users are selected.')).toBeVisible();
    await bulk.selectAllMatching.click();
    await expect(tab.panel.getByText('All 10,000 users are selected.')).toBeVisible();

    await tab.disableButton.click();
    const job = bulkJobDialog(page, 'Disable users');
    await expect(job.dialog).toContainText('Disabling 10,000 users');
    await expect(job.progress).toBeVisible();
    // At once: on a quiet machine the 20 chunks take a second or two, less than a screenshot or two.
    await job.cancel.click();

    await expect(job.dialog).toContainText(/Cancelled after [\d,]+ of 10,000 users/, { timeout: 15_000 });
    const [changed = -1, unchanged = -1, refused = -1] = summaryNumbers(
      (await job.counts.textContent()) ?? '',
    );
    expect(changed).toBeGreaterThan(0);
    expect(changed).toBeLessThan(10_000 - before);
    expect(refused).toBe(0);
    // Whole chunks only: what was processed is a multiple of the chunk size.
    expect((changed + unchanged + refused) % 500).toBe(0);
    expect(await userCountWithStatus(host, 'disabled')).toBe(before + changed);
    await inspectScreen(page, testInfo, 'bulk-cancelled-light');
    await job.close.click();
    await expect(job.dialog).toBeHidden();
  });
});

test.describe('a small instance', () => {
  test.use({ seed: SMALL });

  test('Reset passwords on three users shows each temporary password once, and Copy all copies them', async ({
    page,
    context,
    host,
  }, testInfo) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.origin });
    const chosen = [seededUser(1), seededUser(2), seededUser(3)].map((user) => user.username);
    const dialog = await openUsersAndGroups(page, host);
    const tab = usersTab(dialog);
    await tab.row(chosen[0] ?? '').click();
    for (const username of chosen.slice(1)) await tab.row(username).click({ modifiers: ['ControlOrMeta'] });
    await expect(tab.panel.getByText('3 selected.')).toBeVisible();

    await bulkControls(page, tab.panel).chooseMore('Reset passwords…');
    const confirm = confirmation(page, 'Reset the passwords of 3 users?');
    await expect(confirm).toContainText(
      '3 users get a temporary password and must change it at their next sign-in',
    );
    await confirm.getByRole('button', { name: 'Reset passwords' }).click();

    const job = bulkJobDialog(page, 'Reset passwords');
    await expect(job.counts).toHaveText('3 changed, 0 already so, 0 refused');
    await expect(job.dialog).toContainText('shown only now');
    const table = job.dialog.getByRole('table', { name: 'Temporary passwords' });
    await expect(table.getByRole('row')).toHaveCount(4);
    await inspectScreen(page, testInfo, 'bulk-reset-passwords-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await inspectScreen(page, testInfo, 'bulk-reset-passwords-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    await job.dialog.getByRole('button', { name: 'Copy all' }).click();
    await expect.poll(() => clipboardText(page)).toMatch(/\t/);
    const lines = (await clipboardText(page)).split('\n');
    expect(lines.map((line) => line.split('\t')[0]).sort()).toEqual([...chosen].sort());
    for (const line of lines) {
      const [username = '', password = ''] = line.split('\t');
      expect(password.length).toBeGreaterThanOrEqual(5);
      // The copied password is the one the table shows for that user.
      await expect(table.getByRole('row', { name: new RegExp(`^${username} `) })).toContainText(password);
      expect((await api(host).user(username))?.mustChangePassword).toBe(true);
    }

    // Save as CSV… hands over a file with a header and one quoted row per user.
    const download = page.waitForEvent('download');
    await job.dialog.getByRole('button', { name: 'Save as CSV…' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('temporary-passwords.csv');
    const csv = await file.createReadStream().then(
      (stream) =>
        new Promise<string>((resolve) => {
          let text = '';
          stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
          stream.on('end', () => resolve(text));
        }),
    );
    const rows = csv.trimEnd().split('\r\n');
    expect(rows[0]).toBe('"Username","Temporary password","Expires at"');
    expect(rows).toHaveLength(4);

    await job.close.click();
    await expect(job.dialog).toBeHidden();
  });

  test('a refusal is named in the summary: disabling the only enabled Administrator', async ({
    page,
    host,
  }, testInfo) => {
    // anna.adams0, the first user, is the instance's Administrator; enabled, she is the last one.
    const anna = seededUser(0);
    const client = api(host);
    await client.setEnabled(await client.idOf(anna.username), true);

    const dialog = await openUsersAndGroups(page, host);
    const tab = await filterUsers(dialog, 'anna', '2 users match');
    const bulk = bulkControls(page, tab.panel);
    await bulk.selectAll.check();
    await expect(tab.panel.getByText('All 2 matching users are selected.')).toBeVisible();
    await tab.disableButton.click();

    const job = bulkJobDialog(page, 'Disable users');
    await expect(job.counts).toHaveText('1 changed, 0 already so, 1 refused');
    await expect(job.refusals).toHaveText([`${anna.username}: That would leave no enabled administrator.`]);
    await inspectScreen(page, testInfo, 'bulk-refused-light');
    await job.close.click();
    expect((await client.user(anna.username))?.enabled).toBe(true);
    expect((await client.user('anna.becker25'))?.enabled).toBe(false);
  });
});

test.describe('groups', () => {
  // 80 users: 20 have an address at example.com (every fourth, from 0).
  test.use({ seed: { users: 80, groups: 5 } });

  test('Add to group for 20 users; the Groups tab counts them', async ({ page, host }) => {
    await api(host).createGroup('bulk-target');
    const dialog = await openUsersAndGroups(page, host);
    const tab = await filterUsers(dialog, '@example.com', '20 users match');
    const bulk = bulkControls(page, tab.panel);
    await bulk.selectAll.check();
    await expect(tab.panel.getByText('All 20 matching users are selected.')).toBeVisible();

    await bulk.chooseMore('Add to group…');
    const picker = page.getByRole('dialog', { name: 'Add 20 users to a group' });
    await picker.getByRole('combobox', { name: 'Group' }).fill('bulk-target');
    await page.getByRole('listbox').getByRole('option', { name: 'bulk-target', exact: true }).click();
    await picker.getByRole('button', { name: 'Add', exact: true }).click();

    const job = bulkJobDialog(page, 'Add to bulk-target');
    await expect(job.dialog).toContainText('Adding 20 users to bulk-target');
    await expect(job.counts).toHaveText('20 changed, 0 already so, 0 refused');
    await job.close.click();

    await dialog.getByRole('tab', { name: 'Groups' }).click();
    const groups = groupsTab(dialog);
    await expect(groups.group('bulk-target')).toContainText('20 members');
    const group = await api(host).group('bulk-target');
    expect(await api(host).members(group?.id ?? -1)).toHaveLength(20);
  });
});
