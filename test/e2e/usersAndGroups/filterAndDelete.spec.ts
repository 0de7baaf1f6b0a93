import {
  api,
  bulkJobDialog,
  confirmation,
  expect,
  feedback,
  openUsersAndGroups,
  seededUser,
  SMALL,
  test,
  userForm,
  usersTab,
} from './support';
import { userRowName } from '../support/userRowName';

test.use({ seed: SMALL });

test('the list filters as you type by any part of the username, email or display name, with the count shown', async ({
  page,
  host,
}) => {
  const dialog = await openUsersAndGroups(page, host);
  const tab = usersTab(dialog);
  await expect(tab.count).toHaveText('30 users');
  await expect(tab.rows.first()).toHaveAccessibleName(/^anna\.adams0,/);

  // Part of the email: the corp.example domain holds every fourth seeded user (1, 5, …, 29).
  await tab.filter.pressSequentially('corp.exa');
  await expect(tab.count).toHaveText('8 users match');
  await expect(tab.rows).toHaveCount(8);
  for (const name of await tab.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label'))))
    expect(name).toMatch(/@corp\.example, User, [^,]+, [^,]+(, disabled)?$/);

  // Part of the username, in any case.
  await tab.filter.fill('BECKER2');
  await expect(tab.count).toHaveText('5 users match');
  await expect(tab.rows).toHaveCount(5);
  await expect(tab.rows.first()).toHaveAccessibleName(/^anna\.becker25,/);

  // Part of the display name only: "Anna Adams" has a space where the username has a dot.
  await tab.filter.fill('na Ada');
  await expect(tab.count).toHaveText('2 users match');
  await expect(tab.rows).toHaveText([/^anna\.adams0 Anna Adams/, /^elena\.adams4 Elena Adams/]);
  await tab.filter.fill('nna Ada');
  await expect(tab.count).toHaveText('1 user matches');
  await expect(tab.rows).toHaveCount(1);
  await expect(tab.rows).toHaveAccessibleName(
    userRowName('anna.adams0, Anna Adams, anna.adams0@example.com, Administrator', 'disabled'),
  );

  await tab.filter.fill('no such person');
  await expect(tab.count).toHaveText('0 users match');
  await expect(tab.rows).toHaveCount(0);

  await tab.filter.clear();
  await expect(tab.count).toHaveText('30 users');
});

test('delete one user: the confirmation names it, Cancel keeps it, Delete removes it', async ({
  page,
  host,
}) => {
  const dmitri = seededUser(3);
  const dialog = await openUsersAndGroups(page, host);
  const tab = usersTab(dialog);
  await expect(tab.deleteButton).toBeDisabled();
  await tab.filter.fill('dmitri');
  await expect(tab.count).toHaveText('2 users match');
  await tab.row(dmitri.username).click();
  await expect(userForm(dialog, `User ${dmitri.username}`).heading).toBeVisible();

  await tab.deleteButton.click();
  const confirm = confirmation(page, `Delete ${dmitri.username}?`);
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText(
    `${dmitri.username} will be removed from Local, with its group memberships and tokens. This cannot be undone.`,
  );
  // The safe choice has the focus.
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  await expect(tab.row(dmitri.username)).toBeVisible();
  expect(await api(host).user(dmitri.username)).toBeDefined();

  await tab.deleteButton.click();
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(confirm).toBeHidden();
  await expect(feedback(page, `${dmitri.username} was deleted.`)).toBeVisible();
  await expect(tab.count).toHaveText('1 user matches');
  await expect(tab.row(dmitri.username)).toHaveCount(0);
  await expect(dialog.getByText('No user selected')).toBeVisible();
  await expect(tab.deleteButton).toBeDisabled();

  expect(await api(host).user(dmitri.username)).toBeUndefined();
  expect(await api(host).userCount()).toBe(29);
});

test('delete several users at once, chosen with Shift-click and Ctrl-click', async ({ page, host }) => {
  const dialog = await openUsersAndGroups(page, host);
  const tab = usersTab(dialog);
  await expect(tab.count).toHaveText('30 users');
  // In list order: anna.adams0, anna.becker25, bruno.adams1, bruno.becker26, carla.adams2,
  // carla.becker27, dmitri.adams3, dmitri.becker28, elena.adams4, …
  await tab.row('bruno.adams1').click();
  await tab.row('carla.becker27').click({ modifiers: ['Shift'] });
  await tab.row('elena.adams4').click({ modifiers: ['ControlOrMeta'] });
  await tab.row('bruno.becker26').click({ modifiers: ['ControlOrMeta'] });
  const chosen = ['bruno.adams1', 'carla.adams2', 'carla.becker27', 'elena.adams4'];
  for (const username of chosen) await expect(tab.row(username)).toHaveAttribute('aria-selected', 'true');
  for (const username of ['anna.becker25', 'bruno.becker26', 'dmitri.adams3'])
    await expect(tab.row(username)).toHaveAttribute('aria-selected', 'false');

  await tab.deleteButton.click();
  const confirm = confirmation(page, 'Delete 4 users?');
  await expect(confirm).toContainText(
    `${chosen.join(', ')} will be removed from Local. This cannot be undone.`,
  );
  await confirm.getByRole('button', { name: 'Delete' }).click();
  const job = bulkJobDialog(page, 'Delete users');
  await expect(job.counts).toHaveText('4 changed, 0 already so, 0 refused');
  await job.close.click();
  await expect(tab.count).toHaveText('26 users');
  for (const username of chosen) await expect(tab.row(username)).toHaveCount(0);

  const remaining = (await api(host).users('', 100)).items.map((user) => user.username);
  expect(remaining).toHaveLength(26);
  for (const username of chosen) expect(remaining).not.toContain(username);
  expect(remaining).toContain('bruno.becker26');

  // A long selection is summarised in the confirmation; Cancel deletes nothing.
  await tab.row('anna.adams0').click();
  await tab.row('farid.adams5').click({ modifiers: ['Shift'] });
  await tab.deleteButton.click();
  const many = confirmation(page, 'Delete 7 users?');
  await expect(many).toContainText(
    'anna.adams0, anna.becker25, bruno.becker26, dmitri.adams3, dmitri.becker28 and 2 more will be removed from Local.',
  );
  await many.getByRole('button', { name: 'Cancel' }).click();
  await expect(many).toBeHidden();
  expect(await api(host).userCount()).toBe(26);
});

test.describe('at scale', () => {
  const LARGE = { users: 3000, groups: 20 };
  test.use({ seed: LARGE });

  test('a long list stays virtualized, End reaches its last user, and the filter counts exactly', async ({
    page,
    host,
  }) => {
    const all = Array.from({ length: LARGE.users }, (_, n) => seededUser(n));
    const last =
      all
        .map((user) => user.username.toLowerCase())
        .sort()
        .at(-1) ?? '';
    const matching = (query: string) =>
      all.filter((user) =>
        [user.username, user.email, user.displayName].some((field) => field.toLowerCase().includes(query)),
      ).length;

    const dialog = await openUsersAndGroups(page, host);
    const tab = usersTab(dialog);
    await expect(tab.count).toHaveText('3,000 users');
    // Only the rows on screen (and a few around them) exist in the page.
    expect(await tab.rows.count()).toBeLessThan(60);

    await tab.list.focus();
    await page.keyboard.press('End');
    await expect(tab.row(last)).toHaveAttribute('aria-selected', 'true');
    await expect(tab.row(last)).toBeInViewport();
    await expect(userForm(dialog, `User ${last}`).heading).toHaveText(last);

    const expected = matching('ines.weber');
    expect(expected).toBeGreaterThan(1);
    await tab.filter.fill('ines.weber');
    await expect(tab.count).toHaveText(`${expected} users match`);
    await expect(tab.rows).toHaveCount(expected);
  });
});
