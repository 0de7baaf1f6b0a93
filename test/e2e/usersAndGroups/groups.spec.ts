import { inspectScreen } from '../support/navigator';
import {
  api,
  bodyBackground,
  chooseTheme,
  confirmation,
  DARK_BACKGROUND,
  expect,
  feedback,
  filterUsers,
  groupName,
  openGroups,
  seededGroupsOf,
  seededMemberCount,
  seededUser,
  SMALL,
  test,
  userForm,
  writeLocalFile,
} from './support';

test.use({ seed: SMALL });

test('the Groups tab lists the groups with their member counts and filters them by name', async ({
  page,
  host,
}) => {
  const { dialog, tab } = await openGroups(page, host);
  await expect(tab.count).toHaveText('5 groups');
  await expect(tab.groups).toHaveCount(5);
  for (let g = 0; g < SMALL.groups; g++)
    await expect(tab.group(groupName(g))).toContainText(`${seededMemberCount(g, SMALL)} members`);
  await expect(tab.groups.first()).toHaveAttribute('aria-selected', 'false');
  await expect(dialog.getByText('No group selected')).toBeVisible();

  await tab.filter.fill('0003');
  await expect(tab.count).toHaveText('1 group matches');
  await expect(tab.groups).toHaveCount(1);
  await expect(tab.group('group-0003')).toBeVisible();

  await tab.filter.fill('GROUP-000');
  await expect(tab.count).toHaveText('5 groups match');
  await tab.filter.fill('nothing like it');
  await expect(tab.count).toHaveText('0 groups match');
  await expect(tab.groups).toHaveCount(0);
  await expect(tab.list).toHaveAccessibleDescription('No group matches the filter.');
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
  await expect(tab.group('Testers')).toHaveAttribute('aria-selected', 'true');
  await expect(tab.panel.getByRole('heading', { name: 'Testers' })).toBeVisible();
  await expect(tab.memberCount).toHaveText('0 members');
  await expect(tab.members('Testers').getByRole('option')).toHaveCount(0);

  expect(await api(host).group('Testers')).toMatchObject({
    name: 'Testers',
    memberCount: 0,
    description: '',
  });
  await page.reload();
  const again = await openGroups(page, host);
  await expect(again.tab.group('Testers')).toContainText('0 members');
});

test('rename a group: a taken name is refused on the field, a free one is saved; the description too', async ({
  page,
  host,
}) => {
  const { tab } = await openGroups(page, host);
  await tab.group('group-0002').click();
  await expect(tab.heading).toHaveText('group-0002');
  await expect(tab.name).toHaveValue('group-0002');
  await expect(tab.save).toBeDisabled();

  // Another group's name in another case: the main side refuses, next to the field; the edit stays.
  await tab.name.fill('GROUP-0001');
  await tab.save.click();
  await expect(tab.name).toHaveAccessibleDescription('A group named "GROUP-0001" already exists.');
  await expect(tab.name).toHaveAttribute('aria-invalid', 'true');
  await expect(tab.name).toHaveValue('GROUP-0001');
  expect(await api(host).group('group-0002')).toBeDefined();

  // The shared rules, as the admin types.
  await tab.name.fill('   ');
  await expect(tab.name).toHaveAccessibleDescription('Enter a group name.');
  await expect(tab.save).toBeDisabled();

  await tab.name.fill('Support desk');
  await expect(tab.name).toHaveAttribute('aria-invalid', 'false');
  await tab.description.fill('  First line of help for every user  ');
  await expect(tab.description).toHaveAccessibleDescription('33 of 500 characters');
  await tab.save.click();
  await expect(feedback(page, 'The group Support desk was saved.')).toBeVisible();
  await expect(tab.heading).toHaveText('Support desk');
  await expect(tab.description).toHaveValue('First line of help for every user');
  await expect(tab.save).toBeDisabled();
  // The list follows: the new name (in its place by name), with its description.
  await expect(tab.group('group-0002')).toHaveCount(0);
  await expect(tab.group('Support desk')).toContainText('First line of help for every user');
  await expect(tab.group('Support desk')).toHaveAttribute('aria-selected', 'true');
  expect(await api(host).group('Support desk')).toMatchObject({
    description: 'First line of help for every user',
    memberCount: seededMemberCount(2, SMALL),
  });

  // A description is one line of honest text: a control character is refused as it is typed.
  await tab.description.fill('Tab\there');
  await expect(tab.description).toHaveAccessibleDescription(/cannot contain control characters/);
  await expect(tab.save).toBeDisabled();
  await tab.revert.click();
  await expect(tab.description).toHaveValue('First line of help for every user');
});

test("a group's unsaved edits are not dropped unasked: another group, the Users tab or Cancel asks first", async ({
  page,
  host,
}) => {
  const { dialog, tab } = await openGroups(page, host);
  await tab.group('group-0001').click();
  await tab.name.fill('Half-typed');
  const ask = confirmation(page, 'Discard unsaved changes?');

  // Another group: asked; keeping the edits keeps this group and what was typed.
  await tab.group('group-0002').click();
  await expect(ask).toContainText('Your changes to the group group-0001 have not been saved.');
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(tab.heading).toHaveText('group-0001');
  await expect(tab.name).toHaveValue('Half-typed');
  await expect(tab.group('group-0001')).toHaveAttribute('aria-selected', 'true');

  // The same group again asks nothing; the Users tab and the dialog's Cancel ask.
  await tab.group('group-0001').click();
  await expect(ask).toHaveCount(0);
  await dialog.getByRole('tab', { name: 'Users' }).click();
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog.getByRole('tab', { name: 'Groups' })).toHaveAttribute('aria-selected', 'true');
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeVisible();
  await expect(tab.name).toHaveValue('Half-typed');

  // Discarding goes on to the group picked; nothing was saved.
  await tab.group('group-0002').click();
  await ask.getByRole('button', { name: 'Discard' }).click();
  await expect(tab.heading).toHaveText('group-0002');
  expect(await api(host).group('Half-typed')).toBeUndefined();
  expect(await api(host).group('group-0001')).toBeDefined();
});

test('a group someone else changed meanwhile is not overwritten: Reload shows theirs', async ({
  page,
  host,
}) => {
  const { tab } = await openGroups(page, host);
  await tab.group('group-0003').click();
  await expect(tab.name).toHaveValue('group-0003');
  const id = (await api(host).group('group-0003'))?.id ?? -1;
  await api(host).updateGroup(id, { description: 'Their description' });

  await tab.name.fill('Mine');
  await tab.save.click();
  const stale = tab.panel.getByRole('alert').filter({ hasText: 'Someone else changed this group' });
  await expect(stale).toBeVisible();
  expect(await api(host).group('Mine')).toBeUndefined();
  await stale.getByRole('button', { name: 'Reload' }).click();
  await expect(stale).toBeHidden();
  await expect(tab.name).toHaveValue('group-0003');
  await expect(tab.description).toHaveValue('Their description');
});

test("a group's members: filter them, add 20 at once, remove two, and see it from the user's side", async ({
  page,
  host,
}) => {
  // Twenty picks, each typed and clicked as an admin would.
  test.setTimeout(60_000);
  const { dialog, tab } = await openGroups(page, host);
  const before = seededMemberCount(2, SMALL);
  await tab.group('group-0002').click();
  await expect(tab.memberCount).toHaveText(`${before} members`);
  const members = tab.members('group-0002');
  await expect(members.getByRole('option')).toHaveCount(before);

  // Filter within the members, by any part of username, name or email.
  const inGroup = Array.from({ length: SMALL.users }, (_, n) => n).filter((n) =>
    seededGroupsOf(n, SMALL).includes('group-0002'),
  );
  const first = seededUser(inGroup[0] ?? 0);
  const filter = tab.memberFilter('group-0002');
  await filter.fill(first.username.toUpperCase());
  await expect(members.getByRole('option')).toHaveCount(1);
  await expect(tab.member('group-0002', first.username)).toContainText(first.email);
  await expect(tab.panel.getByRole('status').filter({ hasText: /match$/ })).toHaveText(
    `1 of ${before} match`,
  );
  await filter.fill('no such member');
  await expect(members.getByRole('option')).toHaveCount(0);
  await expect(members).toHaveAccessibleDescription('No member matches the filter.');
  await filter.fill('');
  await expect(members.getByRole('option')).toHaveCount(before);

  // Add 20 at once: pick them in the picker, then one Add.
  await tab.addMembers.click();
  const add = page.getByRole('dialog', { name: 'Add members to group-0002' });
  const picker = add.getByRole('combobox', { name: 'Users to add' });
  await expect(picker).toBeFocused();
  const outside = Array.from({ length: SMALL.users }, (_, n) => n).filter(
    (n) => !seededGroupsOf(n, SMALL).includes('group-0002'),
  );
  expect(outside).toHaveLength(18);
  // 18 who are not members yet, and 2 who are (adding them changes nothing).
  const chosen = [...outside.slice(0, 18), ...inGroup.slice(0, 2)].map((n) => seededUser(n));
  const extra = seededUser(inGroup[2] ?? 0);
  for (const user of [...chosen, extra]) {
    await picker.fill(user.username);
    const choice = page.getByRole('option', { name: `${user.username} — ${user.displayName}`, exact: true });
    await choice.click();
  }
  // Each one chosen is listed below the picker, and can be taken out again.
  await expect(add.getByRole('list', { name: 'Chosen: 21' }).getByRole('listitem')).toHaveCount(21);
  await add.getByRole('button', { name: `Remove ${extra.username}` }).click();
  const list = add.getByRole('list', { name: 'Chosen: 20' });
  await expect(list.getByRole('listitem')).toHaveCount(20);
  await inspectScreen(page, test.info(), 'add-members-dialog');
  await add.getByRole('button', { name: 'Add 20' }).click();
  await expect(add).toBeHidden();
  await expect(feedback(page, '20 users added to group-0002.')).toBeVisible();
  const after = before + 18;
  await expect(tab.memberCount).toHaveText(`${after} members`);
  await expect(tab.group('group-0002')).toContainText(`${after} members`);
  const stored = await api(host).members((await api(host).group('group-0002'))?.id ?? -1);
  expect(stored).toHaveLength(after);
  for (const user of chosen) expect(stored).toContain(user.username);

  // Remove two members at once (Ctrl-click adds to the selection).
  const [one, two] = chosen.map((user) => user.username);
  await expect(tab.removeMember).toBeDisabled();
  await tab.member('group-0002', one ?? '').click();
  await tab.member('group-0002', two ?? '').click({ modifiers: ['ControlOrMeta'] });
  await expect(members.getByRole('option', { selected: true })).toHaveCount(2);
  await tab.removeMember.click();
  await expect(tab.memberCount).toHaveText(`${after - 2} members`);
  await expect(tab.member('group-0002', one ?? '')).toHaveCount(0);
  expect(await api(host).userCount()).toBe(SMALL.users);

  // The other side: the third one chosen now has group-0002 among their groups.
  const third = chosen[2]?.username ?? '';
  await dialog.getByRole('tab', { name: 'Users' }).click();
  const users = await filterUsers(dialog, third, '1 user matches');
  await users.row(third).click();
  await expect(userForm(dialog, `User ${third}`).groups.getByRole('listitem')).toContainText(['group-0002']);
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

test('delete several groups: Ctrl- and Shift-click select them, the confirmation names the first few and counts the memberships', async ({
  page,
  host,
}) => {
  const { dialog, tab } = await openGroups(page, host);
  await tab.group('group-0000').click();
  await tab.group('group-0003').click({ modifiers: ['Shift'] });
  await expect(tab.groups.and(tab.list.getByRole('option', { selected: true }))).toHaveCount(4);
  await tab.group('group-0001').click({ modifiers: ['ControlOrMeta'] });
  await expect(tab.list.getByRole('option', { selected: true })).toHaveCount(3);
  await expect(tab.group('group-0001')).toHaveAttribute('aria-selected', 'false');
  const chosen = [0, 2, 3];
  const memberships = chosen.reduce((sum, g) => sum + seededMemberCount(g, SMALL), 0);
  await expect(tab.panel.getByRole('heading', { name: '3 groups selected' })).toBeVisible();

  // The fourth one: the question names three and counts the rest.
  await tab.group('group-0004').click({ modifiers: ['ControlOrMeta'] });
  const all = memberships + seededMemberCount(4, SMALL);
  await tab.deleteButton.click();
  const confirm = confirmation(page, 'Delete 4 groups?');
  await expect(confirm).toContainText(
    `group-0000, group-0002, group-0003 and 1 more have ${all} memberships in all. The users stay; they only leave these groups. This cannot be undone.`,
  );
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(feedback(page, '4 groups were deleted.')).toBeVisible();
  await expect(tab.count).toHaveText('1 group');
  await expect(tab.groups).toHaveText([/^group-0001/]);
  await expect(dialog.getByText('No group selected')).toBeVisible();
  expect((await api(host).groups()).items.map((group) => group.name)).toEqual(['group-0001']);
  expect(await api(host).userCount()).toBe(SMALL.users);
});

test('the groups list with the keyboard: arrows, Shift+arrows, Home/End, Ctrl+A, Delete', async ({
  page,
  host,
}) => {
  const { tab } = await openGroups(page, host);
  // As a user would: the keys act on the rows once they are listed.
  await expect(tab.groups).toHaveCount(SMALL.groups);
  await tab.list.focus();
  const selected = tab.list.getByRole('option', { selected: true });
  await page.keyboard.press('ArrowDown');
  await expect(selected).toHaveCount(1);
  await expect(tab.group('group-0000')).toHaveAttribute('aria-selected', 'true');
  await expect(tab.heading).toHaveText('group-0000');
  await expect(tab.list).toHaveAttribute('aria-activedescendant', /.+/);

  await page.keyboard.press('ArrowDown');
  await expect(tab.group('group-0001')).toHaveAttribute('aria-selected', 'true');
  await expect(selected).toHaveCount(1);
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await expect(selected).toHaveText([/^group-0001/, /^group-0002/, /^group-0003/]);
  await page.keyboard.press('End');
  await expect(selected).toHaveText([/^group-0004/]);
  await page.keyboard.press('Home');
  await expect(selected).toHaveText([/^group-0000/]);
  await page.keyboard.press('ControlOrMeta+a');
  await expect(selected).toHaveCount(5);
  await expect(tab.panel.getByRole('heading', { name: '5 groups selected' })).toBeVisible();

  // Delete asks about the whole selection.
  await page.keyboard.press('Delete');
  const confirm = confirmation(page, 'Delete 5 groups?');
  await expect(confirm).toContainText(
    'group-0000, group-0001, group-0002 and 2 more have 60 memberships in all.',
  );
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(selected).toHaveCount(5);
});

test('a list of more groups than one page scrolls through them all', async ({ page, host }) => {
  // More than the 500 the tab once stopped at, written straight into the file.
  writeLocalFile(
    host,
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 519)
     INSERT INTO groups (name, name_key, created_at) SELECT printf('bulk-%04d', i), printf('bulk-%04d', i), 't' FROM n`,
  );
  const { tab } = await openGroups(page, host);
  await expect(tab.count).toHaveText('525 groups');
  await tab.list.focus();
  await page.keyboard.press('End');
  await expect(tab.group('group-0004')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowUp');
  await expect(tab.group('group-0003')).toHaveAttribute('aria-selected', 'true');
  await tab.filter.fill('bulk-05');
  await expect(tab.count).toHaveText('20 groups match');
  await expect(tab.groups).toHaveCount(20);
});

for (const theme of ['Light', 'Dark'] as const) {
  test(`screenshot of the Groups tab with a group open, ${theme.toLowerCase()}`, async ({
    page,
    host,
  }, testInfo) => {
    const id = (await api(host).group('group-0002'))?.id ?? -1;
    await api(host).updateGroup(id, { description: 'First line of help: tickets, phones and the wiki' });
    await page.goto(host.url);
    await chooseTheme(page, theme);
    if (theme === 'Dark') await expect.poll(() => bodyBackground(page)).toBe(DARK_BACKGROUND);
    else await expect.poll(() => bodyBackground(page)).not.toBe(DARK_BACKGROUND);
    const { tab } = await openGroups(page, host);
    await tab.group('group-0002').click();
    await expect(tab.members('group-0002').getByRole('option')).toHaveCount(seededMemberCount(2, SMALL));
    await tab.member('group-0002', seededUser(1).username).click();
    await inspectScreen(page, testInfo, `groups-admin-${theme.toLowerCase()}`);
  });
}
