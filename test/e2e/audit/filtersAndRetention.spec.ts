import { api, expect, groupName, SMALL, seededUser, test } from '../usersAndGroups/support';
import { openContextMenuWithMouse } from '../support/navigator';
import { rpc } from '../usersAndGroups/support';
import type { AuditRetention } from '../../../shared/domain/audit';
import type { InstanceView } from '../../../shared/domain/instance';
import { diffRow, openAuditLog } from './support';

/**
 * The Audit log's filters combined (kind, target, text), a membership change read as members
 * added and removed, and the retention set in Instance settings.
 */
test.use({ seed: SMALL });
test.describe.configure({ timeout: 60_000 });

test('kinds, target and text combine; a membership change lists the members added', async ({
  page,
  host,
}) => {
  const local = api(host);
  const group = await local.group(groupName(1));
  if (!group) throw new Error('no seeded group');
  const carla = await local.idOf(seededUser(2).username);
  const bruno = await local.idOf(seededUser(1).username);
  await local.addMembers(group.id, [carla, bruno]);
  await local.updateGroup(group.id, { description: 'The first team' });
  await local.setEnabled(bruno, false);

  await page.goto(host.url);
  const log = await openAuditLog(page, 'Local');
  await expect(log.count).toHaveText('3 entries');

  // Memberships only: the group's new members.
  await log.kind('Memberships').click();
  await expect(log.kind('Memberships')).toHaveAttribute('aria-pressed', 'true');
  await expect(log.entries).toHaveCount(1);
  await log.entries.first().click();
  const details = log.dialog.getByRole('region', { name: /^Audit entry \d+$/ });
  const members = diffRow(details, 'Added').row;
  await expect(members.getByRole('listitem')).toHaveText([
    `+ ${seededUser(2).username}`,
    `+ ${seededUser(1).username}`,
  ]);
  await page.screenshot({ path: '/tmp/audit-log-members.png' });

  // Groups too: two kinds are either; the group as target narrows both to the group's entries.
  await log.kind('Groups').click();
  await expect(log.entries).toHaveCount(2);
  await log.pickTarget(groupName(1));
  await expect(log.entries).toHaveCount(2);
  // Text narrows further, within the other filters.
  await log.search.fill('first team');
  await expect(log.entries).toHaveCount(1);
  await expect(log.entries.first()).toHaveAccessibleName(new RegExp(`, Group changed, ${groupName(1)} \\(`));
  await log.entries.first().click();
  await expect(diffRow(details, 'Description').cells).toHaveText(['(empty)', 'The first team']);

  // A filter nothing matches says so; Clear filters shows the whole log again.
  await log.actor.fill('nobody');
  await expect(log.dialog.getByText('No entries match these filters.')).toBeVisible();
  // The entry read until now is left out, and its details with it.
  await expect(details).toBeHidden();
  await expect(log.dialog.getByText('No entry selected')).toBeVisible();
  await log.dialog.getByRole('button', { name: 'Clear filters' }).click();
  await expect(log.count).toHaveText('3 entries');
  await expect(log.search).toHaveValue('');

  // A user as target: their own entry, and the group's that added them.
  await log.pickTarget(seededUser(1).username);
  await expect(log.entries).toHaveCount(2);
  await log.dialog.getByRole('button', { name: 'Clear filters' }).click();
  await expect(log.count).toHaveText('3 entries');

  // Days: from a day to come shows nothing; up to today shows everything.
  const from = log.dialog.getByLabel('From', { exact: true });
  const to = log.dialog.getByLabel('To', { exact: true });
  await from.fill('2099-01-01');
  await expect(log.dialog.getByText('No entries match these filters.')).toBeVisible();
  await from.fill('');
  const today = new Date();
  const day = (date: Date) =>
    `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
  await to.fill(day(today));
  await expect(log.count).toHaveText('3 entries');
  await to.fill(day(new Date(today.getTime() - 24 * 60 * 60 * 1000)));
  await expect(log.dialog.getByText('No entries match these filters.')).toBeVisible();
});

test('an Administrator sets the retention in Instance settings; Keep everything puts it back', async ({
  page,
  host,
}) => {
  const [local] = await rpc<InstanceView[]>(host, 'instances.list');
  const retention = () => rpc<AuditRetention>(host, 'directory.audit.retention', { instanceId: local?.id });
  expect(await retention()).toEqual({ days: null });

  await page.goto(host.url);
  const open = async () => {
    const menu = await openContextMenuWithMouse(page, 'Local');
    await menu.getByRole('menuitem', { name: 'Instance settings…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Instance settings — Local' });
    await expect(dialog).toBeVisible();
    return {
      dialog,
      keepAll: dialog.getByRole('radio', { name: 'Keep everything' }),
      keepDays: dialog.getByRole('radio', { name: 'For a number of days' }),
      days: dialog.getByRole('spinbutton', { name: 'Days to keep' }),
      save: dialog.getByRole('button', { name: 'Save', exact: true }),
    };
  };
  const settings = await open();
  await expect(settings.keepAll).toBeChecked();
  await expect(settings.days).toBeDisabled();
  await settings.keepDays.check();
  await settings.days.fill('0');
  await settings.dialog.getByRole('heading', { name: 'Audit log retention' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: '/tmp/audit-retention.png' });
  await expect(settings.days).toHaveAccessibleDescription('Enter a whole number of days from 1 to 36500.');
  await settings.days.fill('90');
  await settings.save.click();
  await expect(settings.dialog).toBeHidden();
  expect(await retention()).toEqual({ days: 90 });

  const again = await open();
  await expect(again.keepDays).toBeChecked();
  await expect(again.days).toHaveValue('90');
  await again.keepAll.check();
  await again.save.click();
  await expect(again.dialog).toBeHidden();
  expect(await retention()).toEqual({ days: null });

  // Each change is in the log, as a setting.
  const log = await openAuditLog(page, 'Local');
  await log.kind('Settings').click();
  await expect(log.entries).toHaveCount(2);
  await expect(log.entries.first()).toHaveAccessibleName(/, Audit retention changed, the instance \(/);
});

test('an older filter answering after a newer one never replaces the list', async ({ page, host }) => {
  const local = api(host);
  await local.setEnabled(await local.idOf(seededUser(1).username), false);
  await page.goto(host.url);
  const log = await openAuditLog(page, 'Local');
  await expect(log.count).toHaveText('1 entry');

  // The server's answer to the first search is held back until after the second one's.
  let released: () => void = () => undefined;
  const slowAnswered = new Promise<void>((resolve) => (released = resolve));
  await page.route('**/rpc/directory.audit.page', async (route) => {
    const slow = route.request().postData()?.includes('"text":"bruno"') ?? false;
    const response = await route.fetch();
    if (slow) await new Promise((resolve) => setTimeout(resolve, 1_500));
    await route.fulfill({ response });
    if (slow) released();
  });
  const sent = page.waitForRequest((request) => request.postData()?.includes('"text":"bruno"') ?? false);
  await log.search.fill('bruno');
  await sent;
  await log.search.fill('nothing like it');
  await expect(log.dialog.getByText('No entries match these filters.')).toBeVisible();
  await slowAnswered;
  // Long enough for the late answer to be drawn, were it taken.
  await page.waitForTimeout(300);
  await expect(log.count).toHaveText('0 entries');
  await expect(log.entries).toHaveCount(0);
});
