import type { Locator } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { unguardFormula } from '../../../shared/domain/usersCsv';
import {
  expect,
  listControls,
  openUsersAndGroups,
  rpc,
  seededGroupsOf,
  SMALL,
  test,
  usersTab,
  variedUser,
  varySeededUsers,
} from './support';
import type { InstanceView } from '../../../shared/domain/instance';

/**
 * Export in Chromium through the browser host: the list filtered and sorted, exported with the
 * columns chosen, the downloaded file parsed back and compared with the rows the list shows.
 */
test.use({ seed: SMALL });

/** A user whose display name a spreadsheet would run, and which needs quoting. */
const FORMULA = { username: 'an.formula', displayName: '=SUM(1), "x"', email: 'formula@example.com' };

/** The rows the list shows, top to bottom, each cell as the list has it (dates as their ISO time). */
const listedRows = (list: Locator) =>
  list.evaluate(async (box) => {
    const drawn = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const rows = new Map<number, string[]>();
    for (let top = 0; ; top += Math.max(1, box.clientHeight)) {
      box.scrollTop = top;
      await drawn();
      box.querySelectorAll<HTMLElement>('[role="option"]').forEach((option) => {
        const index = Number(/(\d+)$/.exec(option.id)?.[1] ?? -1);
        rows.set(
          index,
          Array.from(option.children, (cell) =>
            cell instanceof HTMLTimeElement
              ? cell.dateTime
              : cell.querySelector('.MuiChip-label')
                ? Array.from(cell.querySelectorAll('.MuiChip-label'), (chip) => chip.textContent).join(', ')
                : cell.textContent,
          ),
        );
      });
      if (top + box.clientHeight >= box.scrollHeight) break;
    }
    box.scrollTop = 0;
    return [...rows.entries()].sort(([a], [b]) => a - b).map(([, cells]) => cells);
  });

/** The list's status chips as the file writes the status. */
const statusOf = (chips: string) =>
  chips === '' ? 'Enabled' : chips === 'Invited, Disabled' ? 'Invited, disabled' : chips;

test('exports the filtered, sorted list with the columns chosen; the file parses back to the list', async ({
  page,
  host,
}) => {
  varySeededUsers(host, SMALL);
  const [local] = await rpc<InstanceView[]>(host, 'instances.list');
  await rpc(host, 'directory.users.create', {
    instanceId: local?.id,
    user: { ...FORMULA, password: 'formula-pw-1' },
  });
  const dialog = await openUsersAndGroups(page, host);
  const tab = usersTab(dialog);
  const controls = listControls(page, tab.panel);

  await tab.filter.fill('a');
  await controls.chooseFilter('Enabled');
  await expect(controls.chips).toHaveText(['Enabled']);
  await controls.sortButton('Created').click();
  await controls.sortButton('Created').click();
  await expect(controls.columnHeader('Created')).toHaveAttribute('aria-sort', 'descending');
  // The count and the rows agree once the list has settled.
  const countOf = async () => Number(/^(\d+) users match$/.exec((await tab.count.textContent()) ?? '')?.[1]);
  await expect.poll(async () => (await listedRows(tab.list)).length === (await countOf())).toBe(true);
  const count = await countOf();
  expect(count).toBeGreaterThan(10);
  const shown = await listedRows(tab.list);
  expect(shown.map(([username]) => username)).toContain(FORMULA.username);

  await tab.panel.getByRole('button', { name: 'Export users…' }).click();
  const exportDialog = page.getByRole('dialog', { name: `Export ${count} users` });
  await expect(exportDialog).toBeVisible();
  const columns = exportDialog.getByRole('group', { name: 'Columns' }).getByRole('checkbox');
  const labels = ['Username', 'Display name', 'Email', 'Role', 'Status', 'Groups', 'Last sign-in', 'Created'];
  await expect(columns).toHaveCount(labels.length);
  for (const label of labels) await expect(exportDialog.getByRole('checkbox', { name: label })).toBeChecked();
  await exportDialog.getByRole('checkbox', { name: 'Email' }).uncheck();

  const downloading = page.waitForEvent('download');
  await exportDialog.getByRole('button', { name: 'Export', exact: true }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^users-\d{4}-\d\d-\d\d\.csv$/);
  const file = await download.path();
  expect(await download.failure()).toBeNull();
  await expect(exportDialog).toBeHidden();

  const bytes = readFileSync(file);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.toString('utf8');
  expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
  const [header, ...records] = parse(text, { bom: true });
  expect(header).toEqual(['Username', 'Display name', 'Role', 'Status', 'Groups', 'Last sign-in', 'Created']);

  const groupsOf = (username: string) => {
    const n = Array.from({ length: SMALL.users }, (_, index) => index).find(
      (index) => variedUser(index).username === username,
    );
    return n === undefined || variedUser(n).noGroup ? '' : seededGroupsOf(n, SMALL).join('; ');
  };
  expect(
    records.map(([username, displayName, role, status, groups, lastSignIn, created]) => [
      username,
      unguardFormula(displayName ?? ''),
      role,
      status,
      groups,
      lastSignIn,
      created,
    ]),
  ).toEqual(
    shown.map(([username = '', displayName, , role, lastSignIn, created, chips = '']) => [
      username,
      displayName,
      role,
      statusOf(chips),
      groupsOf(username),
      lastSignIn === 'Never' ? '' : lastSignIn,
      created,
    ]),
  );
  // The formula guard, as a spreadsheet sees the cell.
  expect(records.find(([username]) => username === FORMULA.username)?.[1]).toBe(`'${FORMULA.displayName}`);
});
