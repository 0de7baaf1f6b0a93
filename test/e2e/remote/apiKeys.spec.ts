/// <reference lib="dom" />
import type { Locator, Page } from '@playwright/test';
import {
  chooseLifetime,
  confirmation,
  credentialCells,
  credentialRow,
  feedback,
  lifetimeOptions,
  newApiKeyDialog,
  userForm,
} from '../usersAndGroups/support';
import {
  ADMIN,
  addRemoteInstance,
  createAccount,
  expect,
  openRemoteUsersAndGroups,
  REMOTE_TEST_TIMEOUT_MS,
  test,
  type ServedInstance,
} from './support';

/**
 * Named API keys on a remote instance, as an admin hands one to a script: made in the dialog,
 * copied, used against the instance server as a bearer token, and revoked, after which the server
 * refuses it. The UI's finer checks are in test/e2e/usersAndGroups/apiKeys.spec.ts.
 */
test.describe.configure({ timeout: REMOTE_TEST_TIMEOUT_MS });

const KEYRING_REASON =
  'API keys live in the OS keychain: run this suite under `bash scripts/with-keyring.sh` (ROSTER_TEST_KEYRING is not set).';

const DEPLOYER = { username: 'deployer', password: 'deployer-pw-1', role: 'userManager' } as const;

/**
 * Opens New API key… for `username`. The click is tried again until the dialog shows: on a loaded
 * machine the first one once landed while the form was being rendered anew and opened nothing.
 */
async function openNewKeyDialog(page: Page, tokens: Locator, username: string) {
  const add = newApiKeyDialog(page, username);
  await expect(async () => {
    if (!(await add.dialog.isVisible())) await tokens.getByRole('button', { name: 'New API key…' }).click();
    await expect(add.dialog).toBeVisible({ timeout: 2_000 });
  }).toPass();
  return add;
}

/** A request as a script would make it, with the key as its bearer token. */
const withKey = (server: ServedInstance, key: string, path: string, init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
  });

const clipboardText = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

/** Connects the app to the served instance as its administrator and opens a user's form. */
async function openUserOnTeam(page: Page, server: ServedInstance, username: string) {
  await addRemoteInstance(page, { name: 'Team', url: server.url, ...ADMIN });
  const dialog = await openRemoteUsersAndGroups(page, 'Team');
  const list = dialog
    .getByRole('tabpanel', { name: 'Users' })
    .getByRole('listbox', { name: 'Users of Team' });
  const select = async (name: string) => {
    await list.getByRole('option', { name: new RegExp(`^${name},`) }).click();
    return userForm(dialog, `User ${name}`).tokens;
  };
  return { tokens: await select(username), select };
}

test.describe('with the OS keychain', () => {
  test.skip(!process.env.ROSTER_TEST_KEYRING, KEYRING_REASON);

  test.beforeEach(async ({ page, context, host }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.origin });
    await page.goto(host.url);
  });

  test('a read key made in the dialog reads the instance, may not change it, and is refused once revoked', async ({
    page,
    server,
  }) => {
    await createAccount(server, DEPLOYER);
    const { tokens, select } = await openUserOnTeam(page, server, DEPLOYER.username);
    const add = await openNewKeyDialog(page, tokens, DEPLOYER.username);
    expect(await lifetimeOptions(page, add.lifetime)).toEqual([
      '1 day',
      '7 days',
      '30 days',
      '90 days',
      '1 year',
    ]);
    await add.create.click();
    await expect(add.name).toHaveAccessibleDescription('Enter a name for the key.');
    await add.name.fill('ci-deploy');
    await chooseLifetime(page, add.lifetime, '7 days');
    await expect(add.read).toBeChecked();
    await add.create.click();

    await expect(add.value).toBeVisible();
    await add.copy.click();
    const key = await add.value.inputValue();
    await expect.poll(() => clipboardText(page)).toBe(key);
    await add.close.click();
    await expect(add.dialog).toBeHidden();

    const row = credentialRow(tokens, 'ci-deploy');
    await expect(credentialCells(row).scope).toHaveText('Read');
    await expect(credentialCells(row).expires).toHaveText('in 7 days');
    await expect(credentialCells(row).lastUsed).toHaveText('Never');

    // What the clipboard holds works as a bearer token: it reads...
    const pasted = await clipboardText(page);
    const users = await withKey(server, pasted, '/api/users');
    expect(users.status).toBe(200);
    // ...and, read-only, changes nothing.
    const write = await withKey(server, pasted, '/api/groups', {
      method: 'POST',
      body: JSON.stringify({ name: 'made-by-a-read-key' }),
    });
    expect(write.status).toBe(403);

    // The table tells when and from where it was last used (read again when the user is opened again).
    await select(ADMIN.username);
    const again = await select(DEPLOYER.username);
    const lastUsed = credentialCells(credentialRow(again, 'ci-deploy')).lastUsed;
    await expect(lastUsed).toContainText('just now');
    await expect(lastUsed).toContainText(/127\.0\.0\.1|::1/);

    // Show reads it back from this machine's keychain.
    await again.getByRole('button', { name: 'Show key ci-deploy' }).click();
    await expect(again.getByRole('textbox', { name: 'Key ci-deploy', exact: true })).toHaveValue(key);

    await again.getByRole('button', { name: 'Revoke key ci-deploy' }).click();
    await confirmation(page, 'Revoke the key ci-deploy?').getByRole('button', { name: 'Revoke' }).click();
    await expect(credentialRow(again, 'ci-deploy')).toHaveCount(0);
    // Messages queue, 4 s each: this one may wait for the "copied" ones before it.
    await expect(feedback(page, 'The key ci-deploy was revoked.')).toBeVisible({ timeout: 15_000 });
    expect((await withKey(server, key, '/api/users')).status).toBe(401);
  });

  test('a key made elsewhere is listed, its value is not on this machine, and it can be revoked from here', async ({
    page,
    server,
  }) => {
    const userId = await createAccount(server, DEPLOYER);
    const made = await server.api.call<{ value: string }>('POST', `/api/users/${userId}/keys`, {
      token: await server.adminToken(),
      body: { name: 'from-cli', scope: 'write', expiresInDays: 30 },
    });
    expect(made.status).toBe(201);
    const key = made.body.value;
    expect((await withKey(server, key, '/api/users')).status).toBe(200);

    const { tokens } = await openUserOnTeam(page, server, DEPLOYER.username);
    await expect(credentialCells(credentialRow(tokens, 'from-cli')).scope).toHaveText('Write');
    await tokens.getByRole('button', { name: 'Show key from-cli' }).click();
    await expect(feedback(page, "This key's value is not in the OS keychain of this machine.")).toBeVisible();
    await expect(tokens.getByRole('textbox', { name: 'Key from-cli' })).toHaveCount(0);

    await tokens.getByRole('button', { name: 'Revoke key from-cli' }).click();
    await confirmation(page, 'Revoke the key from-cli?').getByRole('button', { name: 'Revoke' }).click();
    await expect(credentialRow(tokens, 'from-cli')).toHaveCount(0);
    expect((await withKey(server, key, '/api/users')).status).toBe(401);
  });

  test('an API user may hold a key that never expires, and the server takes it', async ({ page, server }) => {
    await createAccount(server, { username: 'billing', password: 'billing-pw-1', role: 'apiUser' });
    const { tokens } = await openUserOnTeam(page, server, 'billing');
    const add = await openNewKeyDialog(page, tokens, 'billing');
    await add.name.fill('billing-sync');
    await chooseLifetime(page, add.lifetime, 'Never expires');
    await add.write.check();
    await add.create.click();
    const key = await add.value.inputValue();
    await add.close.click();
    await expect(credentialCells(credentialRow(tokens, 'billing-sync')).expires).toHaveText('Never');

    const me = await withKey(server, key, '/api/auth/me');
    expect(me.status).toBe(200);
    expect(((await me.json()) as { username: string }).username).toBe('billing');
  });
});
