import { userForm } from '../usersAndGroups/support';
import {
  addRemoteInstance,
  createAccount,
  expect,
  openRemoteUsersAndGroups,
  REMOTE_TEST_TIMEOUT_MS,
  test,
} from '../remote/support';
import { openAuditLog } from './support';

/**
 * Who reads a remote instance's audit log: an Auditor does, through the server; a User manager is
 * told that only Administrators and Auditors may, in the Audit log and in a user's History.
 */
test.describe.configure({ timeout: REMOTE_TEST_TIMEOUT_MS });

test('an Auditor reads the log of a remote instance; a User manager is told it is not allowed', async ({
  page,
  host,
  server,
}) => {
  await createAccount(server, { username: 'audra', password: 'audra-pw-1', role: 'auditor' });
  await createAccount(server, { username: 'manager', password: 'manager-pw-1', role: 'userManager' });
  await page.goto(host.url);
  await addRemoteInstance(page, {
    name: 'Audit',
    url: server.url,
    username: 'audra',
    password: 'audra-pw-1',
  });
  await addRemoteInstance(page, {
    name: 'Managed',
    url: server.url,
    username: 'manager',
    password: 'manager-pw-1',
  });

  const log = await openAuditLog(page, 'Audit');
  // The accounts just created, and the sign-ins, are in it, with where they came from.
  await expect(log.entries.first()).toBeVisible();
  await log.pickTarget('manager');
  await log.onlyTarget('manager');
  await log.entries.last().click();
  const details = log.dialog.getByRole('region', { name: /^Audit entry \d+$/ });
  await expect(details.getByRole('heading', { level: 3 })).toHaveText('User created: manager');
  await log.close.click();

  const refused = await openAuditLog(page, 'Managed');
  await expect(refused.dialog.getByText('Not allowed')).toBeVisible();
  await expect(refused.dialog).toContainText('Only Administrators and Auditors can read the audit log.');
  await expect(refused.dialog).toContainText('signed in to Managed as manager with the role User manager');
  await expect(refused.list).toHaveCount(0);
  await refused.close.click();

  const users = await openRemoteUsersAndGroups(page, 'Managed');
  await users
    .getByRole('listbox', { name: 'Users of Managed' })
    .getByRole('option', { name: /^audra,/ })
    .click();
  const history = userForm(users, 'User audra').form.getByRole('region', { name: 'History' });
  await expect(history).toContainText("Only Administrators and Auditors can read a user's history.");
  await expect(history.getByRole('listbox')).toHaveCount(0);
});
