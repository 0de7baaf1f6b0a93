/// <reference lib="dom" />
import type { Locator, Page } from '@playwright/test';
import { inspectScreen } from '../support/navigator';
import {
  api,
  bodyBackground,
  chooseLifetime,
  chooseTheme,
  confirmation,
  credentialCells,
  credentialRow,
  DARK_BACKGROUND,
  expect,
  feedback,
  filterUsers,
  lifetimeOptions,
  newApiKeyDialog,
  openUsersAndGroups,
  seededUser,
  SMALL,
  test,
  userForm,
  writeLocalFile,
} from './support';

/**
 * Named API keys on a local instance, through the user editor's tokens table and New API key…:
 * what the dialog offers for each role, its checks, the value shown once, Show and Copy from the
 * keychain, Revoke, and expiry. test/e2e/remote/apiKeys.spec.ts uses a key against a server.
 */
test.use({ seed: SMALL });

const KEYRING_REASON =
  'API keys live in the OS keychain: run this suite under `bash scripts/with-keyring.sh` (ROSTER_TEST_KEYRING is not set).';

const bruno = seededUser(1); // enabled, role User
const carla = seededUser(2); // enabled
const kemal = seededUser(10); // disabled

const PRESETS = ['1 day', '7 days', '30 days', '90 days', '1 year'];
const DAY_MS = 24 * 60 * 60 * 1000;

async function openUser(dialog: Locator, username: string) {
  const tab = await filterUsers(dialog, username, '1 user matches');
  await tab.row(username).click();
  return userForm(dialog, `User ${username}`);
}

const clipboardText = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

/** The moment a cell's <time> stands for. */
const cellTime = async (cell: Locator) =>
  Date.parse((await cell.locator('time').getAttribute('datetime')) ?? '');

test.describe('with the OS keychain', () => {
  test.skip(!process.env.ROSTER_TEST_KEYRING, KEYRING_REASON);

  test('New API key… for a User: checked as typed, no key that never expires, the value shown once, then Show, Copy and Revoke in the table', async ({
    page,
    context,
    host,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.origin });
    const dialog = await openUsersAndGroups(page, host);
    const { tokens } = await openUser(dialog, bruno.username);
    await expect(tokens.getByRole('table', { name: 'Tokens and API keys' })).toHaveCount(0);
    await tokens.getByRole('button', { name: 'New API key…' }).click();

    const add = newApiKeyDialog(page, bruno.username);
    await expect(add.dialog).toBeVisible();
    await expect(add.name).toBeFocused();
    // A User's key may not live for ever: only API users' keys may.
    expect(await lifetimeOptions(page, add.lifetime)).toEqual(PRESETS);
    await expect(add.lifetime).toHaveText('30 days');
    // The narrower scope unless the admin asks for more; a User may have either.
    await expect(add.read).toBeChecked();
    await expect(add.write).toBeEnabled();

    // Nothing is sent without a name; the name is checked as it is typed.
    await add.create.click();
    await expect(add.name).toHaveAccessibleDescription('Enter a name for the key.');
    await expect(add.name).toHaveAttribute('aria-invalid', 'true');
    await add.name.fill('ci-deploy');
    await expect(add.name).toHaveAttribute('aria-invalid', 'false');
    await add.name.fill('   ');
    await expect(add.name).toHaveAccessibleDescription('Enter a name for the key.');
    expect(await api(host).listKeys(await api(host).idOf(bruno.username))).toEqual([]);

    await add.name.fill('ci-deploy');
    await chooseLifetime(page, add.lifetime, '90 days');
    await expect(add.lifetime).toHaveAccessibleDescription(/^Expires about .+\.$/);
    await add.write.check();
    await add.create.click();

    // The value, once, to copy; Close is where the focus goes.
    await expect(add.dialog.getByRole('status')).toHaveText(
      `The key ci-deploy was created for ${bruno.username}.`,
    );
    await expect(add.close).toBeFocused();
    const value = await add.value.inputValue();
    expect(value.length).toBeGreaterThanOrEqual(32);
    await add.copy.click();
    await expect.poll(() => clipboardText(page)).toBe(value);
    await expect(feedback(page, 'Key value copied.')).toBeVisible();
    await add.close.click();
    await expect(add.dialog).toBeHidden();
    await expect(page.getByRole('textbox', { name: 'Key value' })).toHaveCount(0);

    // The table lists it; the instance holds it.
    const row = credentialRow(tokens, 'ci-deploy');
    const cells = credentialCells(row);
    await expect(cells.scope).toHaveText('Write');
    await expect(cells.created).toHaveText('just now');
    const expires = await cellTime(cells.expires);
    expect(Math.abs(expires - (Date.now() + 90 * DAY_MS))).toBeLessThan(DAY_MS);
    await expect(cells.lastUsed).toHaveText('Never');
    const brunoId = await api(host).idOf(bruno.username);
    const [stored] = await api(host).listKeys(brunoId);
    expect(stored).toMatchObject({ name: 'ci-deploy', scope: 'write', lastUsedAt: null });
    expect(await api(host).readKey(brunoId, stored?.id ?? -1)).toBe(value);

    // Show reads it back from the keychain; Hide masks it again.
    await tokens.getByRole('button', { name: 'Show key ci-deploy' }).click();
    const shown = tokens.getByRole('textbox', { name: 'Key ci-deploy', exact: true });
    await expect(shown).toHaveValue(value);
    await expect(shown).toHaveAttribute('type', 'text');
    await expect(shown).not.toBeEditable();
    await tokens.getByRole('button', { name: 'Hide key ci-deploy' }).click();
    await expect(shown).toHaveAttribute('type', 'password');

    // Copy works without showing.
    await page.evaluate(() => navigator.clipboard.writeText('something else'));
    await tokens.getByRole('button', { name: 'Copy key ci-deploy' }).click();
    await expect.poll(() => clipboardText(page)).toBe(value);

    // Revoke asks first; Cancel keeps the key.
    await tokens.getByRole('button', { name: 'Revoke key ci-deploy' }).click();
    const revoke = confirmation(page, 'Revoke the key ci-deploy?');
    await expect(revoke).toContainText(`Whatever uses this key of ${bruno.username} is refused from now on.`);
    await revoke.getByRole('button', { name: 'Cancel' }).click();
    await expect(revoke).toBeHidden();
    await expect(row).toBeVisible();
    expect(await api(host).listKeys(brunoId)).toHaveLength(1);

    await tokens.getByRole('button', { name: 'Revoke key ci-deploy' }).click();
    await revoke.getByRole('button', { name: 'Revoke' }).click();
    await expect(row).toHaveCount(0);
    // Messages queue, 4 s each: this one waits for the two "copied" before it.
    await expect(feedback(page, 'The key ci-deploy was revoked.')).toBeVisible({ timeout: 15_000 });
    await expect(shown).toHaveCount(0);
    expect(await api(host).listKeys(brunoId)).toEqual([]);
  });

  test('a name the user already has is refused on the name field, and the edits stay', async ({
    page,
    host,
  }) => {
    const brunoId = await api(host).idOf(bruno.username);
    await api(host).createKey(brunoId, { name: 'nightly', scope: 'read', expiresInDays: 7 });
    const dialog = await openUsersAndGroups(page, host);
    const { tokens } = await openUser(dialog, bruno.username);
    await expect(credentialRow(tokens, 'nightly')).toBeVisible();

    await tokens.getByRole('button', { name: 'New API key…' }).click();
    const add = newApiKeyDialog(page, bruno.username);
    await add.name.fill('Nightly');
    await chooseLifetime(page, add.lifetime, '1 day');
    await add.create.click();
    await expect(add.name).toHaveAccessibleDescription(
      `${bruno.username} already has a key named "Nightly".`,
    );
    await expect(add.name).toHaveAttribute('aria-invalid', 'true');
    await expect(add.lifetime).toHaveText('1 day');
    await expect(add.value).toHaveCount(0);

    // Another name goes through with what was chosen.
    await add.name.fill('nightly-2');
    await expect(add.name).toHaveAttribute('aria-invalid', 'false');
    await add.create.click();
    await expect(add.value).toBeVisible();
    await add.close.click();
    const cells = credentialCells(credentialRow(tokens, 'nightly-2'));
    await expect(cells.scope).toHaveText('Read');
    await expect(cells.expires).toHaveText(/^in 2[34] hr\.$/);
    expect((await api(host).listKeys(brunoId)).map((key) => key.name)).toEqual(['nightly', 'nightly-2']);
  });

  test('an Auditor may have read keys only, and an API user a key that never expires', async ({
    page,
    host,
  }, testInfo) => {
    await api(host).setRole(await api(host).idOf(bruno.username), 'auditor');
    await api(host).setRole(await api(host).idOf(carla.username), 'apiUser');
    const dialog = await openUsersAndGroups(page, host);

    let form = await openUser(dialog, bruno.username);
    await form.tokens.getByRole('button', { name: 'New API key…' }).click();
    let add = newApiKeyDialog(page, bruno.username);
    await expect(add.read).toBeChecked();
    await expect(add.write).toBeDisabled();
    await expect(add.scope).toHaveAccessibleDescription(
      'Auditors only read: their keys can have the read scope only.',
    );
    expect(await lifetimeOptions(page, add.lifetime)).toEqual(PRESETS);
    await inspectScreen(page, testInfo, 'new-api-key-auditor');
    await add.dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(add.dialog).toBeHidden();

    form = await openUser(dialog, carla.username);
    await form.tokens.getByRole('button', { name: 'New API key…' }).click();
    add = newApiKeyDialog(page, carla.username);
    expect(await lifetimeOptions(page, add.lifetime)).toEqual([...PRESETS, 'Never expires']);
    await add.name.fill('billing-sync');
    await chooseLifetime(page, add.lifetime, 'Never expires');
    await expect(add.lifetime).toHaveAccessibleDescription('The key works until it is revoked.');
    await add.write.check();
    await add.create.click();
    await expect(add.dialog).toContainText('It has the write scope and never expires.');
    await add.close.click();
    const cells = credentialCells(credentialRow(form.tokens, 'billing-sync'));
    await expect(cells.expires).toHaveText('Never');
    await expect(cells.scope).toHaveText('Write');
    const [stored] = await api(host).listKeys(await api(host).idOf(carla.username));
    expect(stored).toMatchObject({ name: 'billing-sync', scope: 'write', expiresAt: null });
  });

  test('expired: a pair whose refresh token lapsed says so and is replaced without asking; a lapsed key reads Expired', async ({
    page,
    host,
  }) => {
    const brunoId = await api(host).idOf(bruno.username);
    await api(host).generateToken(brunoId);
    const { key } = await api(host).createKey(brunoId, { name: 'old-job', scope: 'read', expiresInDays: 1 });
    const past = new Date(Date.now() - DAY_MS).toISOString();
    writeLocalFile(
      host,
      'UPDATE tokens SET access_expires_at = ?, refresh_expires_at = ? WHERE user_id = ?',
      past,
      past,
      brunoId,
    );
    writeLocalFile(host, 'UPDATE api_keys SET expires_at = ? WHERE id = ?', past, key.id);

    const dialog = await openUsersAndGroups(page, host);
    const { tokens } = await openUser(dialog, bruno.username);
    await expect(tokens.getByRole('note')).toHaveText(
      'This token pair has expired: it can no longer be used or renewed. Generate a new token to give them another.',
    );
    await expect(credentialCells(credentialRow(tokens, 'Access token')).expires).toHaveText('Expired');
    await expect(credentialCells(credentialRow(tokens, 'Refresh token')).expires).toHaveText('Expired');
    await expect(credentialCells(credentialRow(tokens, 'old-job')).expires).toHaveText('Expired');

    // Nothing to lose: a new pair comes without the question asked before replacing a live one.
    await tokens.getByRole('button', { name: 'Generate new token' }).click();
    await expect(feedback(page, `A new token was generated for ${bruno.username}.`)).toBeVisible();
    await expect(page.getByRole('dialog', { name: `Replace the token of ${bruno.username}?` })).toHaveCount(
      0,
    );
    await expect(tokens.getByRole('note')).toHaveCount(0);
    await expect(credentialCells(credentialRow(tokens, 'Refresh token')).expires).toHaveText(/^in \d+ days$/);
    await expect(credentialCells(credentialRow(tokens, 'old-job')).expires).toHaveText('Expired');
  });

  test('Revoke on the pair revokes both halves after asking', async ({ page, host }) => {
    const brunoId = await api(host).idOf(bruno.username);
    await api(host).generateToken(brunoId);
    const dialog = await openUsersAndGroups(page, host);
    const { tokens } = await openUser(dialog, bruno.username);
    await tokens.getByRole('button', { name: 'Revoke refresh token' }).click();
    const revoke = confirmation(page, `Revoke the token pair of ${bruno.username}?`);
    await expect(revoke).toContainText('The access token and its refresh token stop working at once.');
    await revoke.getByRole('button', { name: 'Revoke' }).click();
    await expect(feedback(page, `The token pair of ${bruno.username} was revoked.`)).toBeVisible();
    await expect(credentialRow(tokens, 'Access token')).toHaveCount(0);
    await expect(credentialRow(tokens, 'Refresh token')).toHaveCount(0);
    await expect(tokens).toContainText(`${bruno.username} has no token yet.`);
    expect((await api(host).user(bruno.username))?.token).toBeNull();
    expect(await api(host).readToken(brunoId)).toBeNull();
  });

  test('a disabled user keeps its keys listed, revocable, but gets no new ones', async ({ page, host }) => {
    const brunoId = await api(host).idOf(bruno.username);
    await api(host).createKey(brunoId, { name: 'reports', scope: 'read', expiresInDays: 30 });
    await api(host).setEnabled(brunoId, false);
    const dialog = await openUsersAndGroups(page, host);
    const { tokens } = await openUser(dialog, bruno.username);
    await expect(tokens).toContainText('Tokens are available for enabled users only.');
    await expect(tokens.getByRole('button', { name: 'New API key…' })).toHaveCount(0);
    await expect(tokens.getByRole('button', { name: 'Generate new token' })).toHaveCount(0);
    await expect(credentialRow(tokens, 'reports')).toBeVisible();
    // Show and Copy read; Revoke stays, since ending a key is never a risk.
    for (const action of ['Show', 'Copy', 'Revoke'])
      await expect(tokens.getByRole('button', { name: `${action} key reports` })).toBeVisible();

    // A disabled user with no keys shows no table at all.
    const other = await openUser(dialog, kemal.username);
    await expect(other.tokens.getByRole('table')).toHaveCount(0);
  });

  for (const theme of ['Light', 'Dark'] as const) {
    test(`screenshots of the tokens table and the New API key dialog, ${theme.toLowerCase()}`, async ({
      page,
      host,
    }, testInfo) => {
      const brunoId = await api(host).idOf(bruno.username);
      await api(host).generateToken(brunoId);
      await api(host).createKey(brunoId, { name: 'ci-deploy', scope: 'write', expiresInDays: 90 });
      const { key: used } = await api(host).createKey(brunoId, {
        name: 'nightly report for the finance team',
        scope: 'read',
        expiresInDays: 7,
      });
      // As the instance server notes a use (a local instance has none of its own).
      writeLocalFile(
        host,
        'UPDATE api_keys SET last_used_at = ?, last_used_address = ? WHERE id = ?',
        new Date(Date.now() - 5 * 60_000).toISOString(),
        '2001:db8::1f',
        used.id,
      );
      await page.goto(host.url);
      await chooseTheme(page, theme);
      if (theme === 'Dark') await expect.poll(() => bodyBackground(page)).toBe(DARK_BACKGROUND);
      const dialog = await openUsersAndGroups(page, host);
      const { tokens } = await openUser(dialog, bruno.username);
      await tokens.getByRole('button', { name: 'Show key ci-deploy' }).click();
      await expect(tokens.getByRole('textbox', { name: 'Key ci-deploy' })).toBeVisible();
      await tokens.scrollIntoViewIfNeeded();
      await tokens.evaluate((section) => section.scrollIntoView({ block: 'end' }));
      // No tooltip left over from the click.
      await page.mouse.move(0, 0);
      await expect(page.getByRole('tooltip')).toHaveCount(0);
      await inspectScreen(page, testInfo, `tokens-table-${theme.toLowerCase()}`);
      await tokens.screenshot({ path: testInfo.outputPath(`tokens-section-${theme.toLowerCase()}.png`) });

      await tokens.getByRole('button', { name: 'New API key…' }).click();
      const add = newApiKeyDialog(page, bruno.username);
      await add.name.fill('ci-deploy');
      await add.name.fill('');
      await expect(add.name).toHaveAttribute('aria-invalid', 'true');
      await inspectScreen(page, testInfo, `new-api-key-${theme.toLowerCase()}`);
      await add.name.fill('staging-deploy');
      await add.write.check();
      await add.create.click();
      await expect(add.value).toBeVisible();
      await inspectScreen(page, testInfo, `new-api-key-created-${theme.toLowerCase()}`);
    });
  }
});
