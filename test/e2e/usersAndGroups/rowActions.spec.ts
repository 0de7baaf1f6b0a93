import { inspectScreen } from '../support/navigator';
import {
  api,
  confirmation,
  expect,
  feedback,
  groupName,
  groupsTab,
  openUsersAndGroups,
  seededUser,
  SMALL,
  test,
  usersTab,
} from './support';

test.use({ seed: SMALL });

test("a user's row has its own Disable, Enable and Delete, shown on hover, each as the toolbar does it", async ({
  page,
  host,
}, testInfo) => {
  const dialog = await openUsersAndGroups(page, host);
  const tab = usersTab(dialog);
  // The second seeded user: enabled, and not the instance's only Administrator.
  const user = seededUser(1);
  const row = tab.row(user.username);
  const disable = tab.panel.getByRole('button', { name: `Disable ${user.username}` });
  const remove = tab.panel.getByRole('button', { name: `Delete ${user.username}` });
  await expect(disable).toHaveCount(0);

  await row.hover();
  await expect(disable).toBeVisible();
  await expect(remove).toBeVisible();
  await inspectScreen(page, testInfo, 'user-row-actions-light');
  await disable.click();
  await expect(feedback(page, `${user.username} was disabled.`)).toBeVisible();
  await expect(row).toContainText('Disabled');
  expect((await api(host).user(user.username))?.enabled).toBe(false);

  await row.hover();
  const enable = tab.panel.getByRole('button', { name: `Enable ${user.username}` });
  await enable.click();
  await expect(row).not.toContainText('Disabled');
  expect((await api(host).user(user.username))?.enabled).toBe(true);

  // Delete asks first, with the toolbar's question; Cancel keeps the user.
  await row.hover();
  await remove.click();
  const ask = confirmation(page, `Delete ${user.username}?`);
  await expect(ask).toContainText('This cannot be undone.');
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(row).toBeVisible();
  await row.hover();
  await remove.click();
  await ask.getByRole('button', { name: 'Delete' }).click();
  await expect(row).toHaveCount(0);
  await expect(tab.count).toHaveText(`${SMALL.users - 1} users`);
  expect(await api(host).user(user.username)).toBeUndefined();
});

test("a group's row Delete with the keyboard: the list's row, Tab to its Delete, Enter, confirm", async ({
  page,
  host,
}, testInfo) => {
  const dialog = await openUsersAndGroups(page, host);
  await dialog.getByRole('tab', { name: 'Groups' }).click();
  const tab = groupsTab(dialog);
  await tab.filter.focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(tab.list).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(tab.group(groupName(1))).toHaveAttribute('aria-selected', 'true');

  // The keyboard's row shows its buttons while the list has the focus; Tab is the next stop.
  const remove = tab.panel.getByRole('button', { name: `Delete ${groupName(1)}` });
  await expect(remove).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(remove).toBeFocused();
  await inspectScreen(page, testInfo, 'group-row-actions-light');
  await page.keyboard.press('Enter');
  const ask = confirmation(page, `Delete the group ${groupName(1)}?`);
  await expect(ask).toContainText(`${groupName(1)} has`);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(ask).toBeHidden();
  await expect(tab.group(groupName(1))).toHaveCount(0);
  await expect(tab.groups).toHaveCount(SMALL.groups - 1);
  expect(await api(host).group(groupName(1))).toBeUndefined();
  // Back in the list, where the keyboard left off.
  await expect(tab.list).toBeFocused();
});

test("a member's row has its own Remove, which takes that user out of the group and nothing else", async ({
  page,
  host,
}) => {
  const dialog = await openUsersAndGroups(page, host);
  await dialog.getByRole('tab', { name: 'Groups' }).click();
  const tab = groupsTab(dialog);
  await tab.group(groupName(1)).click();
  const group = await api(host).group(groupName(1));
  const before = await api(host).members(group?.id ?? -1);
  const [leaving] = before;
  if (!leaving) throw new Error(`${groupName(1)} has no members`);

  await tab.member(groupName(1), leaving).hover();
  await tab.panel.getByRole('button', { name: `Remove ${leaving} from ${groupName(1)}` }).click();
  await expect(tab.member(groupName(1), leaving)).toHaveCount(0);
  await expect(tab.memberCount).toHaveText(`${before.length - 1} members`);
  expect(await api(host).members(group?.id ?? -1)).toEqual(before.filter((name) => name !== leaving));
  expect(await api(host).user(leaving)).toBeDefined();
});
