import { parse } from 'csv-parse/sync';
import type { AuditEntry } from '../../../shared/domain/audit';
import {
  api,
  chooseTheme,
  dialogButtons,
  expect,
  feedback,
  filterUsers,
  openUsersAndGroups,
  seededUser,
  SMALL,
  test,
  userForm,
} from '../usersAndGroups/support';
import { auditLog, diffRow, downloadedText, openAuditLog } from './support';

/**
 * The audit log read in Chromium through the browser host: a user disabled in the editor, then
 * found in the Audit log by that user, read as a diff, in the user's History, exported as CSV and
 * JSON Lines and parsed back, and the chain verified.
 */
test.use({ seed: SMALL });
// Each test walks several dialogs and two downloads: more than the default on a busy machine.
test.describe.configure({ timeout: 60_000 });

const bruno = seededUser(1); // bruno.adams1, enabled

test('a disabled user: the entry in the Audit log and in the History, with enabled → disabled', async ({
  page,
  host,
}) => {
  const users = await openUsersAndGroups(page, host);
  const tab = await filterUsers(users, bruno.username, '1 user matches');
  await tab.row(bruno.username).click();
  const form = userForm(users, `User ${bruno.username}`);
  await expect(form.enabled).toBeChecked();
  await form.enabled.click();
  await dialogButtons(users).save.click();
  await expect(feedback(page, `${bruno.username} was saved.`)).toBeVisible();

  // The editor's History: the newest entry is the change just saved.
  const history = form.form.getByRole('region', { name: 'History' });
  const historyList = history.getByRole('listbox', { name: `History of ${bruno.username}` });
  await historyList.scrollIntoViewIfNeeded();
  await expect(historyList.getByRole('option').first()).toHaveAccessibleName(
    new RegExp(`, User (changed|disabled), ${bruno.username} \\(`),
  );
  await historyList.getByRole('option').first().click();
  await expect(historyList.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  const historyEntry = history.getByRole('region', { name: /^Audit entry \d+$/ });
  await expect(diffRow(historyEntry, 'Enabled').cells).toHaveText(['yes', 'no']);
  await expect(diffRow(historyEntry, 'Enabled').row).toHaveClass(/changed/);
  await historyEntry.scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/audit-history.png' });

  await dialogButtons(users).ok.click();
  await expect(users).toBeHidden();

  // The Audit log, narrowed to the user: every row names them, newest first.
  const log = await openAuditLog(page, 'Local');
  await expect(log.entries.first()).toBeVisible();
  await log.pickTarget(bruno.username);
  await log.onlyTarget(bruno.username);

  await log.entries.first().click();
  await expect(log.entries.first()).toHaveAttribute('aria-selected', 'true');
  const details = log.dialog.getByRole('region', { name: /^Audit entry \d+$/ });
  await expect(details.getByRole('heading', { level: 3 })).toHaveText(
    new RegExp(`^User (changed|disabled): ${bruno.username}$`),
  );
  await expect(diffRow(details, 'Enabled').row).toHaveClass(/changed/);
  await expect(diffRow(details, 'Enabled').cells).toHaveText(['yes', 'no']);
  await expect(details.getByText('From where')).toBeVisible();
  await page.screenshot({ path: '/tmp/audit-log-selected.png' });

  // The keyboard walks the list, and the details follow.
  await log.list.focus();
  await page.keyboard.press('End');
  await expect(log.entries.last()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await expect(log.entries.first()).toHaveAttribute('aria-selected', 'true');
});

test('the filtered log exports as CSV and as JSON Lines, and Verify finds the chain intact', async ({
  page,
  host,
}) => {
  const users = await openUsersAndGroups(page, host);
  const tab = await filterUsers(users, bruno.username, '1 user matches');
  await tab.row(bruno.username).click();
  const form = userForm(users, `User ${bruno.username}`);
  await form.enabled.click();
  await dialogButtons(users).save.click();
  await expect(feedback(page, `${bruno.username} was saved.`)).toBeVisible();
  await dialogButtons(users).ok.click();
  await chooseTheme(page, 'Dark');

  // From the work area this time.
  await page.getByRole('button', { name: 'Audit log…', exact: true }).click();
  const log = auditLog(page, page.getByRole('dialog', { name: 'Audit log — Local' }), 'Local');
  await log.pickTarget(bruno.username);
  const shown = await log.onlyTarget(bruno.username);

  const exportAs = (label: string) =>
    downloadedText(page, async () => {
      await log.exportButton.click();
      await page
        .getByRole('menu', { name: 'Export the audit log as' })
        .getByRole('menuitem', { name: label })
        .click();
    });

  const csv = await exportAs('CSV file');
  expect(csv.name).toMatch(/^audit-\d{4}-\d\d-\d\d\.csv$/);
  const [header, ...records]: string[][] = parse(csv.text, { bom: true });
  expect(header).toContain('Target name');
  const column = (name: string) => header?.indexOf(name) ?? -1;
  expect(records).toHaveLength(shown);
  for (const record of records) expect(record[column('Target name')]).toBe(bruno.username);
  const fields = (cell: string | undefined) => JSON.parse(cell || '{}') as Record<string, unknown>;
  const disabling = records.find((record) => fields(record[column('After')]).enabled === false);
  expect(disabling).toBeDefined();
  expect(fields(disabling?.[column('Before')])).toMatchObject({ enabled: true });

  const jsonl = await exportAs('JSON Lines file');
  expect(jsonl.name).toMatch(/^audit-\d{4}-\d\d-\d\d\.jsonl$/);
  const entries = jsonl.text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as AuditEntry);
  expect(entries).toHaveLength(shown);
  expect(entries.map((entry) => entry.id)).toEqual(
    [...entries.map((entry) => entry.id)].sort((a, b) => b - a),
  );
  const entry = entries.find((candidate) => candidate.after?.enabled === false);
  expect(entry).toMatchObject({ targetType: 'user', targetName: bruno.username, before: { enabled: true } });

  await log.verify.click();
  await expect(log.dialog.getByRole('alert')).toHaveText(/^[\d,]+ entr(y|ies) verified, chain intact\./);
  await log.entries.first().click();
  await expect(log.dialog.getByRole('table', { name: /^Changes of entry/ })).toBeVisible();
  await page.screenshot({ path: '/tmp/audit-log-dark.png' });
});

test('the list reads older entries a page at a time as the keyboard reaches its end', async ({
  page,
  host,
}) => {
  const local = api(host);
  const id = await local.idOf(bruno.username);
  const changes = 130;
  for (let n = 0; n < changes; n++) await local.setEnabled(id, n % 2 === 1);

  await page.goto(host.url);
  const log = await openAuditLog(page, 'Local');
  await expect(log.count).toHaveText('100 newest entries; older ones load as you scroll');
  await log.entries.first().click();
  await page.keyboard.press('End');
  // The row after the last one read is the next page, on its way; it is selected once it arrives.
  await expect(log.count).toHaveText(`${changes} entries`);
  await expect(log.list.locator('[aria-selected="true"]')).toHaveAttribute('id', 'audit-option-100');
  await page.keyboard.press('End');
  await expect(log.list.locator('[aria-selected="true"]')).toHaveAttribute(
    'id',
    `audit-option-${changes - 1}`,
  );
  const details = log.dialog.getByRole('region', { name: /^Audit entry \d+$/ });
  // The oldest: the first change, which disabled the user.
  await expect(details).toHaveAccessibleName('Audit entry 1');
  await expect(diffRow(details, 'Enabled').cells).toHaveText(['yes', 'no']);
});
