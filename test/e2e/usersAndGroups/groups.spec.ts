import type { Locator, Page } from '@playwright/test';
import type { RunningHost } from '../support/browserHost';
import {
  api,
  confirmation,
  escapeRegExp,
  expect,
  feedback,
  filterUsers,
  groupName,
  openUsersAndGroups,
  option,
  seededGroupsOf,
  seededMemberCount,
  SMALL,
  test,
  userForm,
} from './support';

test.use({ seed: SMALL });

/** The Groups tab's parts, found as a user finds them. */
function groupsTab(dialog: Locator) {
  const panel = dialog.getByRole('tabpanel', { name: 'Groups' });
  const list = panel.getByRole('list', { name: 'Groups of Local' });
  return {
    panel,
    filter: panel.getByRole('textbox', { name: 'Filter groups' }),
    list,
    count: panel.getByRole('status').filter({ hasText: /groups?$/ }),
    group: (name: string) => list.getByRole('button', { name: new RegExp(`^${escapeRegExp(name)}\\b`) }),
    groups: list.getByRole('button'),
    addGroup: panel.getByRole('button', { name: 'Add group' }),
    deleteButton: panel.getByRole('button', { name: 'Delete', exact: true }),
    members: (name: string) => panel.getByRole('listbox', { name: `Members of ${name}` }),
    memberCount: panel.getByRole('status').filter({ hasText: /members?$/ }),
    addMember: panel.getByRole('combobox', { name: 'Add member' }),
    removeMember: panel.getByRole('button', { name: 'Remove', exact: true }),
  };
}

async function openGroups(page: Page, host: RunningHost) {
  const dialog = await openUsersAndGroups(page, host);
  await dialog.getByRole('tab', { name: 'Groups' }).click();
  await expect(dialog.getByRole('tab', { name: 'Groups' })).toHaveAttribute('aria-selected', 'true');
  return { dialog, tab: groupsTab(dialog) };
}

test('the Groups tab lists the groups with their member counts and filters them by name', async ({
  page,
  host,
}) => {
  const { dialog, tab } = await openGroups(page, host);
  await expect(tab.count).toHaveText('5 groups');
  await expect(tab.groups).toHaveCount(5);
  for (let g = 0; g < SMALL.groups; g++)
    await expect(tab.group(groupName(g))).toContainText(`${seededMemberCount(g, SMALL)} members`);
  await expect(dialog.getByText('No group selected')).toBeVisible();

  await tab.filter.fill('0003');
  await expect(tab.count).toHaveText('1 group');
  await expect(tab.groups).toHaveCount(1);
  await expect(tab.group('group-0003')).toBeVisible();

  await tab.filter.fill('GROUP-000');
  await expect(tab.count).toHaveText('5 groups');
  await tab.filter.fill('nothing like it');
  await expect(tab.count).toHaveText('0 groups');
  await expect(tab.groups).toHaveCount(0);
});

test('add a group: the name is required and unique, then the new group is selected', async ({
  page,
  host,
}) => {
  const { tab, dialog } = await openGroups(page, host);
  await tab.addGroup.click();
  const add = page.getByRole('dialog', { name: 'Add group' });
  const name = add.getByRole('textbox', { name: 'Group name' });
  await expect(name).toBeFocused();
  await expect(name).toHaveAccessibleDescription('Unique within this instance.');

  await add.getByRole('button', { name: 'Add' }).click();
  await expect(name).toHaveAccessibleDescription('Enter a group name.');
  await expect(name).toHaveAttribute('aria-invalid', 'true');

  // Names are unique regardless of case; the main process refuses, next to the field.
  await name.fill('GROUP-0001');
  await add.getByRole('button', { name: 'Add' }).click();
  await expect(name).toHaveAccessibleDescription('A group named "GROUP-0001" already exists.');
  await expect(add).toBeVisible();
  await expect(name).toHaveValue('GROUP-0001');
  expect((await api(host).groups()).total).toBe(5);

  await name.fill('Testers');
  await expect(name).toHaveAttribute('aria-invalid', 'false');
  // Enter adds the group and closes only the little Add group dialog.
  await name.press('Enter');
  await expect(add).toBeHidden();
  await expect(dialog).toBeVisible();
  await expect(feedback(page, 'The group Testers was created.')).toBeVisible();
  await expect(tab.count).toHaveText('6 groups');
  await expect(tab.group('Testers')).toContainText('0 members');
  // The new group is selected, its (empty) member list shown.
  await expect(tab.panel.getByRole('heading', { name: 'Testers' })).toBeVisible();
  await expect(tab.memberCount).toHaveText('0 members');
  await expect(tab.members('Testers').getByRole('option')).toHaveCount(0);

  expect(await api(host).group('Testers')).toMatchObject({ name: 'Testers', memberCount: 0 });
  await page.reload();
  const again = await openGroups(page, host);
  await expect(again.tab.group('Testers')).toContainText('0 members');
});

test("selecting a group shows its members, who can be added and removed there and seen from the user's side", async ({
  page,
  host,
}) => {
  const { dialog, tab } = await openGroups(page, host);
  const before = seededMemberCount(2, SMALL);
  await tab.group('group-0002').click();
  await expect(tab.panel.getByRole('heading', { name: 'group-0002' })).toBeVisible();
  await expect(tab.memberCount).toHaveText(`${before} members`);
  const members = tab.members('group-0002');
  await expect(members.getByRole('option')).toHaveCount(before);
  await expect(members.getByRole('option', { name: /^anna\.adams0,/ })).toHaveCount(0);

  // Add a member by part of the username.
  await tab.addMember.fill('anna.ad');
  await option(page, 'anna.adams0 — Anna Adams').click();
  await expect(tab.memberCount).toHaveText(`${before + 1} members`);
  await expect(members.getByRole('option', { name: /^anna\.adams0,/ })).toBeVisible();
  await expect(tab.group('group-0002')).toContainText(`${before + 1} members`);
  expect(await api(host).members((await api(host).group('group-0002'))?.id ?? -1)).toContain('anna.adams0');

  // Remove two members at once (Ctrl-click adds to the selection).
  const leaving = ['bruno.adams1', 'dmitri.adams3'];
  for (const n of [1, 3]) expect(seededGroupsOf(n, SMALL)).toContain('group-0002');
  await expect(tab.removeMember).toBeDisabled();
  await members.getByRole('option', { name: /^bruno\.adams1,/ }).click();
  await members.getByRole('option', { name: /^dmitri\.adams3,/ }).click({ modifiers: ['ControlOrMeta'] });
  await expect(members.getByRole('option', { selected: true })).toHaveCount(2);
  await tab.removeMember.click();
  await expect(tab.memberCount).toHaveText(`${before - 1} members`);
  await expect(members.getByRole('option', { name: /^bruno\.adams1,/ })).toHaveCount(0);
  const stored = await api(host).members((await api(host).group('group-0002'))?.id ?? -1);
  expect(stored).toHaveLength(before - 1);
  for (const username of leaving) expect(stored).not.toContain(username);
  expect(stored).toContain('anna.adams0');
  expect(await api(host).userCount()).toBe(SMALL.users);

  // The other side: anna.adams0's groups now include group-0002.
  await dialog.getByRole('tab', { name: 'Users' }).click();
  const users = await filterUsers(dialog, 'anna.adams0', '1 user matches');
  await users.row('anna.adams0').click();
  await expect(userForm(dialog, 'User anna.adams0').groups.getByRole('listitem')).toContainText([
    'group-0002',
  ]);
});

test('delete a group: the confirmation names it and its member count; the users stay', async ({
  page,
  host,
}) => {
  const { dialog, tab } = await openGroups(page, host);
  const members = seededMemberCount(4, SMALL);
  await expect(tab.deleteButton).toBeDisabled();
  await tab.group('group-0004').click();
  await tab.deleteButton.click();

  const confirm = confirmation(page, 'Delete the group group-0004?');
  await expect(confirm).toContainText(
    `group-0004 has ${members} members. The users stay; they only leave the group. This cannot be undone.`,
  );
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  await expect(tab.group('group-0004')).toBeVisible();
  expect(await api(host).group('group-0004')).toBeDefined();

  await tab.deleteButton.click();
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(feedback(page, 'The group group-0004 was deleted.')).toBeVisible();
  await expect(tab.group('group-0004')).toHaveCount(0);
  await expect(tab.count).toHaveText('4 groups');
  await expect(dialog.getByText('No group selected')).toBeVisible();

  expect(await api(host).group('group-0004')).toBeUndefined();
  expect(await api(host).userCount()).toBe(SMALL.users);
});
