import type { Locator, Page } from '@playwright/test';
import { roles, ROLE_LABELS } from '../../../shared/domain/roles';
import {
  chooseTheme,
  dialogButtons,
  expect,
  groupName,
  listControls,
  listedUsernames,
  openUsersAndGroups,
  seededGroupsOf,
  SMALL,
  test,
  usersTab,
  variedUser,
  varySeededUsers,
  type VariedUser,
} from './support';

/**
 * The Users tab's list sorted by its column headers and narrowed by filter chips, on SMALL's users
 * with varied roles, dates, locks, resets, invitations and groups (variedUser says which): the
 * orders and matches expected here are worked out from that data, not asked of the app.
 */
test.use({ seed: SMALL });

interface Expected extends VariedUser {
  groups: string[];
}

const USERS: readonly Expected[] = Array.from({ length: SMALL.users }, (_, n) => {
  const user = variedUser(n);
  return { ...user, groups: user.noGroup ? [] : seededGroupsOf(n, SMALL) };
});

/** The list's status order: enabled, disabled, invited, invited and disabled. */
const statusRank = (user: Expected) => (user.invited ? 2 : 0) + (user.enabled ? 0 : 1);

type SortValue = string | number | null;
const SORTS: readonly { header: string; value: (user: Expected) => SortValue }[] = [
  { header: 'Display name', value: (user) => user.displayName.toLowerCase() },
  { header: 'Email', value: (user) => user.email.toLowerCase() },
  { header: 'Role', value: (user) => roles.indexOf(user.role) },
  { header: 'Status', value: statusRank },
  // "Never" is the oldest sign-in of all.
  { header: 'Last sign-in', value: (user) => user.lastSignInAt },
  { header: 'Created', value: (user) => user.createdAt },
  { header: 'Username', value: (user) => user.username.toLowerCase() },
];

const compare = (a: SortValue, b: SortValue) =>
  a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1;

/** The usernames in the order the contract promises: by the column, ties by username; desc reverses all. */
function sortedUsernames(value: (user: Expected) => SortValue, direction: 'asc' | 'desc'): string[] {
  const order = [...USERS]
    .sort(
      (a, b) => compare(value(a), value(b)) || compare(a.username.toLowerCase(), b.username.toLowerCase()),
    )
    .map((user) => user.username);
  return direction === 'asc' ? order : order.reverse();
}

const matchesText = (user: Expected, text: string) =>
  [user.username, user.email, user.displayName].some((field) => field.toLowerCase().includes(text));

/** The usernames the list shows for a text and a filter, in the default order. */
const matching = (text: string, keep: (user: Expected) => boolean) =>
  USERS.filter((user) => matchesText(user, text) && keep(user))
    .map((user) => user.username)
    .sort();

const countText = (count: number) => `${count} ${count === 1 ? 'user matches' : 'users match'}`;

async function expectRows(tab: ReturnType<typeof usersTab>, usernames: string[]) {
  await expect(tab.count).toHaveText(countText(usernames.length));
  await expect.poll(() => listedUsernames(tab.list)).toEqual(usernames);
}

async function openVaried(page: Page, host: Parameters<typeof varySeededUsers>[0]) {
  varySeededUsers(host, SMALL);
  const dialog = await openUsersAndGroups(page, host);
  const tab = usersTab(dialog);
  await expect(tab.count).toHaveText('30 users');
  return { dialog, tab, controls: listControls(page, tab.panel) };
}

test.describe('sorting', () => {
  test('the list starts sorted by username, and says so on that column only', async ({ page, host }) => {
    const { tab, controls } = await openVaried(page, host);
    await expect(controls.columnHeaders).toHaveText([
      'Username',
      'Display name',
      'Email',
      'Role',
      'Last sign-in',
      'Created',
      'Status',
    ]);
    await expect(controls.columnHeader('Username')).toHaveAttribute('aria-sort', 'ascending');
    await expect(tab.panel.locator('[role="columnheader"][aria-sort]')).toHaveCount(1);
    await expect
      .poll(() => listedUsernames(tab.list))
      .toEqual(sortedUsernames((user) => user.username.toLowerCase(), 'asc'));
  });

  for (const sort of SORTS) {
    test(`${sort.header} sorts the list ascending, and again descending`, async ({ page, host }) => {
      const { tab, controls } = await openVaried(page, host);
      const header = controls.columnHeader(sort.header);
      // The list starts sorted by username: its header's first click turns the order round.
      const first = sort.header === 'Username' ? 'desc' : 'asc';
      const second = first === 'asc' ? 'desc' : 'asc';
      const ariaSort = { asc: 'ascending', desc: 'descending' } as const;

      await controls.sortButton(sort.header).click();
      await expect(header).toHaveAttribute('aria-sort', ariaSort[first]);
      await expect(tab.panel.locator('[role="columnheader"][aria-sort]')).toHaveCount(1);
      await expect.poll(() => listedUsernames(tab.list)).toEqual(sortedUsernames(sort.value, first));

      await controls.sortButton(sort.header).click();
      await expect(header).toHaveAttribute('aria-sort', ariaSort[second]);
      await expect.poll(() => listedUsernames(tab.list)).toEqual(sortedUsernames(sort.value, second));
      await expect(tab.count).toHaveText('30 users');
    });
  }

  test('a header sorts from the keyboard too, and the sort keeps the filter', async ({ page, host }) => {
    const { dialog, tab, controls } = await openVaried(page, host);
    const created = controls.sortButton('Created');
    await created.focus();
    await page.keyboard.press('Enter');
    await expect(controls.columnHeader('Created')).toHaveAttribute('aria-sort', 'ascending');
    await page.keyboard.press(' ');
    await expect(controls.columnHeader('Created')).toHaveAttribute('aria-sort', 'descending');

    const text = 'corp';
    await tab.filter.fill(text);
    const byCreated = (user: Expected) => user.createdAt;
    const expected = sortedUsernames(byCreated, 'desc').filter((username) =>
      matching(text, () => true).includes(username),
    );
    await expectRows(tab, expected);

    // A selection is of rows in one order; a new order starts without one.
    await tab.row(expected[0] ?? '').click();
    await expect(tab.row(expected[0] ?? '')).toHaveAttribute('aria-selected', 'true');
    await controls.sortButton('Role').click();
    await expect(tab.list.locator('[aria-selected="true"]')).toHaveCount(0);
    await expect(dialogButtons(dialog).unsaved).toBeHidden();
  });

  test('scrolled down, a new order or text shows its first rows; Refresh stays put', async ({
    page,
    host,
  }) => {
    const { tab, controls } = await openVaried(page, host);
    const scrollTop = () => tab.list.evaluate((box) => box.scrollTop);
    const toBottom = () => tab.list.evaluate((box) => (box.scrollTop = box.scrollHeight));
    const firstDrawn = () =>
      tab.list.evaluate(
        (box) => box.querySelector('[role="option"]')?.getAttribute('aria-label')?.split(',')[0] ?? '',
      );

    await toBottom();
    await expect.poll(scrollTop).toBeGreaterThan(0);
    const reread = page.waitForResponse((response) => response.url().endsWith('/rpc/directory.users.search'));
    await tab.panel.getByRole('button', { name: 'Refresh' }).click();
    await reread;
    await tab.list.evaluate(
      () => new Promise((drawn) => requestAnimationFrame(() => requestAnimationFrame(drawn))),
    );
    // The same rows again: the admin keeps their place.
    expect(await scrollTop()).toBeGreaterThan(0);

    await controls.sortButton('Email').click();
    await expect(controls.columnHeader('Email')).toHaveAttribute('aria-sort', 'ascending');
    await expect.poll(scrollTop).toBe(0);
    await expect.poll(firstDrawn).toBe(sortedUsernames((user) => user.email.toLowerCase(), 'asc')[0]);

    await toBottom();
    await expect.poll(scrollTop).toBeGreaterThan(0);
    await tab.filter.fill('example');
    const expected = sortedUsernames((user) => user.email.toLowerCase(), 'asc').filter((username) =>
      matching('example', () => true).includes(username),
    );
    await expect(tab.count).toHaveText(countText(expected.length));
    await expect.poll(scrollTop).toBe(0);
    await expect.poll(firstDrawn).toBe(expected[0]);
  });

  test('hiding the column that sorts puts the list back in username order', async ({ page, host }) => {
    const { tab, controls } = await openVaried(page, host);
    await controls.sortButton('Created').click();
    await expect(controls.columnHeader('Created')).toHaveAttribute('aria-sort', 'ascending');
    await tab.panel.getByRole('button', { name: 'Columns' }).click();
    await page
      .getByRole('menu', { name: 'Columns' })
      .getByRole('menuitemcheckbox', { name: 'Created' })
      .click();
    await page.keyboard.press('Escape');
    await expect(controls.columnHeader('Created')).toHaveCount(0);
    await expect(controls.columnHeader('Username')).toHaveAttribute('aria-sort', 'ascending');
    await expect
      .poll(() => listedUsernames(tab.list))
      .toEqual(sortedUsernames((user) => user.username, 'asc'));
  });
});

/** Each filter, a text that narrows it further, and who then matches. */
const FILTERS: readonly {
  chip: string;
  choose: (controls: ReturnType<typeof listControls>, page: Page) => Promise<void>;
  keep: (user: Expected) => boolean;
  text: string;
}[] = [
  {
    chip: 'Enabled',
    choose: (controls) => controls.chooseFilter('Enabled'),
    keep: (user) => statusRank(user) === 0,
    text: 'corp',
  },
  {
    chip: 'Disabled',
    choose: (controls) => controls.chooseFilter('Disabled'),
    keep: (user) => !user.enabled,
    text: 'example.com',
  },
  {
    chip: 'Invited',
    choose: (controls) => controls.chooseFilter('Invited'),
    keep: (user) => user.invited,
    text: 'example.com',
  },
  {
    chip: 'Locked',
    choose: (controls) => controls.chooseFilter('Locked'),
    keep: (user) => user.locked,
    text: 'corp',
  },
  {
    chip: 'Must change password',
    choose: (controls) => controls.chooseFilter('Must change password'),
    keep: (user) => user.mustChangePassword,
    text: 'corp',
  },
  {
    chip: 'Role: Auditor',
    choose: (controls, page) => chooseRoleFilter(controls, page, 'Auditor'),
    keep: (user) => user.role === 'auditor',
    text: 'adams',
  },
  {
    chip: `Member of ${groupName(1)}`,
    choose: (controls, page) => chooseGroupFilter(controls, page, groupName(1)),
    keep: (user) => user.groups.includes(groupName(1)),
    text: 'becker',
  },
  {
    chip: 'Not in any group',
    choose: (controls) => controls.chooseFilter('Not in any group'),
    keep: (user) => user.groups.length === 0,
    text: 'adams',
  },
];

async function chooseRoleFilter(controls: ReturnType<typeof listControls>, page: Page, label: string) {
  await controls.chooseFilter('Role…');
  await page.getByRole('menu', { name: 'Role' }).getByRole('menuitemradio', { name: label }).click();
}

async function chooseGroupFilter(controls: ReturnType<typeof listControls>, page: Page, name: string) {
  await controls.chooseFilter('Member of group…');
  const field = page.getByRole('combobox', { name: 'Member of group' });
  await expect(field).toBeFocused();
  await field.fill(name);
  const popup = page.getByRole('listbox').filter({ has: page.getByRole('option', { name, exact: true }) });
  await expect(popup.getByRole('option')).toHaveText([name]);
  await popup.getByRole('option', { name, exact: true }).click();
}

test.describe('filters', () => {
  for (const filter of FILTERS) {
    test(`${filter.chip}, alone and with the text filter`, async ({ page, host }) => {
      const { tab, controls } = await openVaried(page, host);
      await filter.choose(controls, page);
      await expect(controls.chips).toHaveText([filter.chip]);
      const alone = matching('', filter.keep);
      expect(alone.length).toBeGreaterThan(0);
      await expectRows(tab, alone);

      await tab.filter.fill(filter.text);
      const narrowed = matching(filter.text, filter.keep);
      // The text narrows the filter, and the filter the text: both are in force.
      expect(narrowed.length).toBeGreaterThan(0);
      expect(narrowed.length).toBeLessThan(alone.length);
      expect(narrowed.length).toBeLessThan(matching(filter.text, () => true).length);
      await expectRows(tab, narrowed);

      await controls.removeFilter(filter.chip).click();
      await expect(controls.chips).toHaveCount(0);
      await expectRows(
        tab,
        matching(filter.text, () => true),
      );
    });
  }

  test('two filters combine, and removing one chip leaves the other', async ({ page, host }) => {
    const { tab, controls } = await openVaried(page, host);
    await controls.chooseFilter('Locked');
    await controls.chooseFilter('Must change password');
    await expect(controls.chips).toHaveText(['Locked', 'Must change password']);
    await expectRows(
      tab,
      matching('', (user) => user.locked && user.mustChangePassword),
    );

    await controls.removeFilter('Locked').click();
    await expect(controls.chips).toHaveText(['Must change password']);
    await expectRows(
      tab,
      matching('', (user) => user.mustChangePassword),
    );

    // From the keyboard: Delete on a focused chip removes it.
    await controls.chips.first().focus();
    await page.keyboard.press('Delete');
    await expect(controls.chips).toHaveCount(0);
    await expect(tab.count).toHaveText('30 users');
  });

  test('a role, a status and a text combine; the one-of filters replace each other', async ({
    page,
    host,
  }) => {
    const { tab, controls } = await openVaried(page, host);
    await chooseRoleFilter(controls, page, 'Administrator');
    // Focus comes back to the button, not lost with the menu that offered "Role…".
    await expect(controls.addFilter).toBeFocused();
    await controls.chooseFilter('Enabled');
    await expectRows(
      tab,
      matching('', (user) => user.role === 'administrator' && statusRank(user) === 0),
    );
    // Another status replaces the one in force, as another role does.
    await controls.chooseFilter('Disabled');
    await expect(controls.chips).toHaveText(['Disabled', 'Role: Administrator']);
    await chooseRoleFilter(controls, page, 'User manager');
    await expect(controls.chips).toHaveText(['Disabled', 'Role: User manager']);
    await expect(tab.count).toHaveText('0 users match');
    await expect(tab.panel.getByText('No user matches these filters.')).toBeVisible();
    await controls.removeFilter('Disabled').click();
    await tab.filter.fill('becker');
    await expectRows(
      tab,
      matching('becker', (user) => user.role === 'userManager'),
    );

    // A group or no group: each replaces the other.
    await controls.chooseFilter('Not in any group');
    await expectRows(
      tab,
      matching('becker', (user) => user.role === 'userManager' && user.groups.length === 0),
    );
    await chooseGroupFilter(controls, page, groupName(0));
    await expect(controls.addFilter).toBeFocused();
    await expect(controls.chips).toHaveText(['Role: User manager', `Member of ${groupName(0)}`]);
    await tab.filter.fill('');
    await expectRows(
      tab,
      matching('', (user) => user.role === 'userManager' && user.groups.includes(groupName(0))),
    );
    await controls.chooseFilter('Not in any group');
    await expect(controls.chips).toHaveText(['Role: User manager', 'Not in any group']);
  });

  test('the Add filter menu offers only what is not on yet', async ({ page, host }) => {
    const { controls } = await openVaried(page, host);
    const menu = page.getByRole('menu', { name: 'Add filter' });
    await controls.addFilter.click();
    await expect(menu.getByRole('menuitem')).toHaveText([
      'Enabled',
      'Disabled',
      'Invited',
      'Locked',
      'Must change password',
      'Role…',
      'Member of group…',
      'Not in any group',
    ]);
    await menu.getByRole('menuitem', { name: 'Invited' }).click();
    await controls.chooseFilter('Locked');
    await controls.addFilter.click();
    await expect(menu.getByRole('menuitem')).toHaveText([
      'Enabled',
      'Disabled',
      'Must change password',
      'Role…',
      'Member of group…',
      'Not in any group',
    ]);
    await page.keyboard.press('Escape');
    await expect(menu).toBeHidden();
    await expect(controls.addFilter).toBeFocused();
  });
});

/** The column titles above the list. */
const titles = (panel: Locator) =>
  panel.getByRole('table', { name: 'Sort by column' }).getByRole('columnheader');

test('the column choice survives reloading the page', async ({ page, host }) => {
  const { tab } = await openVaried(page, host);
  await tab.panel.getByRole('button', { name: 'Columns' }).click();
  await page
    .getByRole('menu', { name: 'Columns' })
    .getByRole('menuitemcheckbox', { name: 'Last sign-in' })
    .click();
  await page.keyboard.press('Escape');
  const withoutSignIn = ['Username', 'Display name', 'Email', 'Role', 'Created', 'Status'];
  await expect(titles(tab.panel)).toHaveText(withoutSignIn);

  await page.reload();
  const again = usersTab(await openUsersAndGroups(page, host));
  await expect(titles(again.panel)).toHaveText(withoutSignIn);
  await again.panel.getByRole('button', { name: 'Columns' }).click();
  const menu = page.getByRole('menu', { name: 'Columns' });
  await expect(menu.getByRole('menuitemcheckbox', { name: 'Last sign-in' })).toHaveAttribute(
    'aria-checked',
    'false',
  );
  await expect(menu.getByRole('menuitemcheckbox', { name: 'Created' })).toHaveAttribute(
    'aria-checked',
    'true',
  );
});

for (const theme of ['Light', 'Dark'] as const) {
  test(`screenshot: sorted and filtered, ${theme.toLowerCase()}`, async ({ page, host }) => {
    varySeededUsers(host, SMALL);
    await page.goto(host.url);
    await chooseTheme(page, theme);
    const dialog = await openUsersAndGroups(page, host);
    const tab = usersTab(dialog);
    const controls = listControls(page, tab.panel);
    await controls.sortButton('Created').click();
    await controls.sortButton('Created').click();
    await controls.chooseFilter('Enabled');
    await chooseRoleFilter(controls, page, ROLE_LABELS.auditor);
    await chooseGroupFilter(controls, page, groupName(3));
    await expectRows(
      tab,
      matching(
        '',
        (user) => user.role === 'auditor' && statusRank(user) === 0 && user.groups.includes(groupName(3)),
      )
        .map((username) => USERS.find((user) => user.username === username) as Expected)
        .sort((a, b) => compare(b.createdAt, a.createdAt))
        .map((user) => user.username),
    );
    await page.screenshot({
      path: `/tmp/roster-sort-filter-${theme.toLowerCase()}.png`,
      animations: 'disabled',
    });
  });
}
