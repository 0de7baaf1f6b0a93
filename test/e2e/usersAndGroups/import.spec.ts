import type { Locator, Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { readFile } from 'node:fs/promises';
import {
  api,
  expect,
  inspectInBothThemes,
  openUsersAndGroups,
  seededUser,
  SMALL,
  test,
  usersTab,
} from './support';

/**
 * Import users from a CSV file as an admin would: choose the file, map the columns the app did not
 * recognise, read the dry run, import, and download the refused rows to fix them.
 */

test.use({ seed: SMALL });

const bruno = seededUser(1);

/** A spreadsheet's "CSV UTF-8" export with semicolons: BOM, CRLF, a quoted cell holding the delimiter. */
const FILE = [
  '\uFEFFLogin;Full name;Mail address;Role;Teams;Active',
  'ines.new;Ines New;ines@example.com;User;Imported team;yes',
  '"omar.new";"Omar; New";omar@example.com;Auditor;;no',
  `${bruno.username};;bruno.new@example.com;;Imported team;`,
  'bad.email;Bad Email;not-an-email;;;',
  'INES.NEW;Ines Again;ines2@example.com;;;',
  'rolf.new;Rolf New;rolf@example.com;Wizard;;',
].join('\r\n');

function importDialog(page: Page) {
  const dialog = page.getByRole('dialog', { name: 'Import users from CSV' });
  return {
    dialog,
    file: dialog.getByLabel('CSV file to import'),
    column: (field: string) => dialog.getByRole('combobox', { name: `Column for ${field}` }),
    checkRows: dialog.getByRole('button', { name: 'Check rows' }),
    rows: dialog.getByRole('table', { name: 'What each row would do' }).getByRole('row'),
    refused: dialog.getByRole('table', { name: 'Refused rows' }).getByRole('row'),
    counts: dialog.getByRole('status'),
  };
}

async function chooseColumn(page: Page, select: Locator, header: string) {
  await select.click();
  await page.getByRole('option', { name: header, exact: true }).click();
}

test('import a CSV with good rows, bad rows and a duplicate: map, preview, apply, download the refused rows', async ({
  page,
  host,
}, testInfo) => {
  // Four steps through the dialog and a download: more than the default allows on a loaded machine.
  test.slow();
  const dialog = await openUsersAndGroups(page, host);
  const tab = usersTab(dialog);
  await tab.panel.getByRole('button', { name: 'Import…' }).click();
  const importing = importDialog(page);
  await importing.file.setInputFiles({
    name: 'new-staff.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(FILE, 'utf8'),
  });

  // Recognised by their headers: Login, Full name, Role, Active. The others are mapped by hand.
  await expect(importing.dialog).toContainText('new-staff.csv: 6 rows below the header.');
  await expect(importing.column('Username')).toHaveText('Login');
  await expect(importing.column('Display name')).toHaveText('Full name');
  await expect(importing.column('Email')).toHaveText('Not in the file');
  await chooseColumn(page, importing.column('Email'), 'Mail address');
  await chooseColumn(page, importing.column('Groups'), 'Teams');
  await expect(importing.dialog.getByRole('row', { name: /^Email / })).toContainText('ines@example.com');
  await inspectInBothThemes(page, host, testInfo, 'import-mapping');
  await importing.checkRows.click();

  // The dry run: nothing written yet, the refused rows shown first, with why.
  await expect(importing.dialog).toContainText(
    'Importing would create 2, update 1 and leave 0 unchanged; 3 rows are refused, 1 of them duplicates in the file.',
  );
  await expect(importing.dialog).toContainText('A group would be created: Imported team.');
  await expect(importing.rows).toHaveCount(4);
  await expect(importing.rows.nth(1)).toContainText('5bad.emailRefusedEmail: Enter a valid email address.');
  await expect(importing.rows.nth(2)).toContainText(
    'Line 2 already names INES.NEW: this row is a duplicate.',
  );
  await expect(importing.rows.nth(3)).toContainText('Role: "Wizard" is not a role');
  await importing.dialog.getByRole('button', { name: /^Update 1$/ }).click();
  await expect(importing.rows.nth(1)).toContainText(`${bruno.username}UpdateChanges email, groups`);
  expect(await api(host).user('ines.new')).toBeUndefined();
  await inspectInBothThemes(page, host, testInfo, 'import-preview');

  await importing.dialog.getByRole('button', { name: 'Import 6 rows' }).click();
  await expect(importing.counts).toHaveText('2 created, 1 updated, 0 unchanged, 3 refused');
  await expect(importing.refused).toHaveCount(4);
  await expect(importing.dialog.getByRole('table', { name: 'Invitation links' })).toContainText('ines.new');
  await inspectInBothThemes(page, host, testInfo, 'import-summary');

  // The refused rows, as the file had them, with why: a file to fix and import again.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    importing.dialog.getByRole('button', { name: 'Download refused rows' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('new-staff-refused.csv');
  const text = await readFile(await download.path(), 'utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  expect(text).toContain('\r\n');
  const refusedRows: string[][] = parse(text, { bom: true });
  expect(refusedRows).toEqual([
    ['Login', 'Full name', 'Mail address', 'Role', 'Teams', 'Active', 'Error'],
    ['bad.email', 'Bad Email', 'not-an-email', '', '', '', 'Email: Enter a valid email address.'],
    [
      'INES.NEW',
      'Ines Again',
      'ines2@example.com',
      '',
      '',
      '',
      'Line 2 already names INES.NEW: this row is a duplicate.',
    ],
    [
      'rolf.new',
      'Rolf New',
      'rolf@example.com',
      'Wizard',
      '',
      '',
      'Role: "Wizard" is not a role (use Administrator, User manager, Auditor, User or API user).',
    ],
  ]);

  await importing.dialog.getByRole('button', { name: 'Close' }).click();
  await expect(importing.dialog).toBeHidden();
  await expect(tab.row('ines.new')).toBeVisible();
  const client = api(host);
  expect(await client.user('ines.new')).toMatchObject({
    invited: true,
    role: 'user',
    displayName: 'Ines New',
  });
  expect(await client.user('omar.new')).toMatchObject({
    enabled: false,
    role: 'auditor',
    displayName: 'Omar; New',
  });
  expect((await client.user(bruno.username))?.email).toBe('bruno.new@example.com');
  const team = await client.group('Imported team');
  expect(team).toBeDefined();
  expect((await client.members(team?.id ?? 0)).sort()).toEqual([bruno.username, 'ines.new'].sort());
});

test('a file that is not CSV UTF-8 is refused with why, and another can be chosen', async ({
  page,
  host,
}) => {
  const dialog = await openUsersAndGroups(page, host);
  await usersTab(dialog).panel.getByRole('button', { name: 'Import…' }).click();
  const importing = importDialog(page);
  // "Zoë" in Windows-1252, as an old spreadsheet saves it.
  await importing.file.setInputFiles({
    name: 'legacy.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from([...Buffer.from('Username\r\nzo'), 0xeb, 0x0d, 0x0a]),
  });
  await expect(importing.dialog.getByRole('alert')).toContainText(
    'save it from the spreadsheet as "CSV UTF-8"',
  );
  await importing.file.setInputFiles({
    name: 'broken.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('Username,Email\r\n"ada,ada@example.com\r\n'),
  });
  await expect(importing.dialog.getByRole('alert')).toContainText('is not valid CSV');
  await importing.file.setInputFiles({
    name: 'ok.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('Username,Email\r\nada,ada@example.com\r\n'),
  });
  await expect(importing.dialog).toContainText('ok.csv: 1 row below the header.');
});
