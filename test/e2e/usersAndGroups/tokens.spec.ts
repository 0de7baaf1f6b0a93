/// <reference lib="dom" />
import type { Locator, Page } from '@playwright/test';
import {
  api,
  confirmation,
  credentialCells,
  credentialRow,
  dialogButtons,
  expect,
  feedback,
  filterUsers,
  openUsersAndGroups,
  seededUser,
  SMALL,
  test,
  userForm,
  usersTab,
} from './support';

test.use({ seed: SMALL });

const KEYRING_REASON =
  'Tokens live in the OS keychain: run this suite under `bash scripts/with-keyring.sh` (ROSTER_TEST_KEYRING is not set).';

const bruno = seededUser(1); // enabled, no token yet
const kemal = seededUser(10); // disabled

async function openUser(page: Page, dialog: Locator, username: string) {
  const tab = await filterUsers(dialog, username, '1 user matches');
  await tab.row(username).click();
  return userForm(dialog, `User ${username}`);
}

const clipboardText = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

test.describe('with the OS keychain', () => {
  test.skip(!process.env.ROSTER_TEST_KEYRING, KEYRING_REASON);

  test('generate a token, show and hide it, copy both tokens, replace it only after confirming', async ({
    page,
    context,
    host,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.origin });
    const dialog = await openUsersAndGroups(page, host);
    const { tokens } = await openUser(page, dialog, bruno.username);
    await expect(tokens).toContainText(`${bruno.username} has no token yet.`);
    await expect(tokens.getByRole('button', { name: 'Show access token' })).toHaveCount(0);

    // The first token needs no confirmation.
    await tokens.getByRole('button', { name: 'Generate new token' }).click();
    await expect(feedback(page, `A new token was generated for ${bruno.username}.`)).toBeVisible();
    // When it was generated and when the access token expires, in the table's row for it.
    const accessRow = credentialCells(credentialRow(tokens, 'Access token'));
    await expect(accessRow.created).toHaveText('just now');
    await expect(accessRow.expires).toHaveText(/^in \d+ min\.$/);
    const access = tokens.getByRole('textbox', { name: 'Access token', exact: true });
    const refresh = tokens.getByRole('textbox', { name: 'Refresh token', exact: true });
    // Masked until asked for.
    await expect(access).toHaveAttribute('type', 'password');
    await expect(refresh).toHaveAttribute('type', 'password');
    await expect(access).not.toBeEditable();
    const first = await access.inputValue();
    const firstRefresh = await refresh.inputValue();
    expect(first.length).toBeGreaterThanOrEqual(20);
    expect(firstRefresh.length).toBeGreaterThanOrEqual(20);
    expect(firstRefresh).not.toBe(first);

    await tokens.getByRole('button', { name: 'Show access token' }).click();
    await expect(access).toHaveAttribute('type', 'text');
    await expect(refresh).toHaveAttribute('type', 'password');
    await tokens.getByRole('button', { name: 'Hide access token' }).click();
    await expect(access).toHaveAttribute('type', 'password');

    // (Messages queue: "copied" shows once the "generated" message has timed out.)
    await tokens.getByRole('button', { name: 'Copy access token' }).click();
    await expect.poll(() => clipboardText(page)).toBe(first);
    await expect(feedback(page, 'Access token copied.')).toBeVisible();
    await tokens.getByRole('button', { name: 'Copy refresh token' }).click();
    await expect.poll(() => clipboardText(page)).toBe(firstRefresh);

    // What the dialog shows is what the keychain holds.
    const stored = await api(host).user(bruno.username);
    expect(stored?.token).not.toBeNull();
    expect(await api(host).readToken(stored?.id ?? -1)).toMatchObject({
      accessToken: first,
      refreshToken: firstRefresh,
    });

    // Replacing a token asks first; Cancel keeps the old one.
    await tokens.getByRole('button', { name: 'Generate new token' }).click();
    const replace = confirmation(page, `Replace the token of ${bruno.username}?`);
    await expect(replace).toContainText('The current access and refresh tokens will stop working at once.');
    await replace.getByRole('button', { name: 'Cancel' }).click();
    await expect(replace).toBeHidden();
    await expect(access).toHaveValue(first);
    expect((await api(host).readToken(stored?.id ?? -1))?.accessToken).toBe(first);

    await tokens.getByRole('button', { name: 'Generate new token' }).click();
    await replace.getByRole('button', { name: 'Generate new token' }).click();
    await expect(access).not.toHaveValue(first);
    const second = await access.inputValue();
    expect(second.length).toBeGreaterThanOrEqual(20);
    expect((await api(host).readToken(stored?.id ?? -1))?.accessToken).toBe(second);
  });

  test('an existing token is viewed again later from the keychain', async ({ page, host }) => {
    const dialog = await openUsersAndGroups(page, host);
    let form = await openUser(page, dialog, bruno.username);
    await form.tokens.getByRole('button', { name: 'Generate new token' }).click();
    const generated = await form.tokens
      .getByRole('textbox', { name: 'Access token', exact: true })
      .inputValue();
    expect(generated).not.toBe('');

    await page.reload();
    const again = await openUsersAndGroups(page, host);
    form = await openUser(page, again, bruno.username);
    await expect(form.tokens.getByRole('textbox', { name: 'Access token', exact: true })).toHaveCount(0);
    await form.tokens.getByRole('button', { name: 'Show access token' }).click();
    await expect(form.tokens.getByRole('textbox', { name: 'Access token', exact: true })).toHaveValue(
      generated,
    );
    await expect(form.tokens.getByRole('button', { name: 'Show access token' })).toHaveCount(0);
    await form.tokens.getByRole('button', { name: 'Show refresh token' }).click();
    await expect(form.tokens.getByRole('textbox', { name: 'Refresh token', exact: true })).toHaveAttribute(
      'type',
      'text',
    );
  });

  test('disabling a user takes its token away and the token controls say why', async ({ page, host }) => {
    const userId = (await api(host).user(bruno.username))?.id ?? -1;
    await api(host).generateToken(userId);
    const dialog = await openUsersAndGroups(page, host);
    const form = await openUser(page, dialog, bruno.username);
    const generate = form.tokens.getByRole('button', { name: 'Generate new token' });
    await form.tokens.getByRole('button', { name: 'Show access token' }).click();
    await expect(form.tokens.getByRole('textbox', { name: 'Access token', exact: true })).toBeVisible();

    // Only a saved change counts: flipping the switch alone leaves the controls as they are.
    await form.enabled.uncheck();
    await expect(dialogButtons(dialog).unsaved).toBeVisible();
    await expect(generate).toBeVisible();
    await dialogButtons(dialog).save.click();

    const why = `Tokens are available for enabled users only. Enable ${bruno.username} and save to generate one.`;
    await expect(form.tokens).toContainText(why);
    await expect(generate).toHaveCount(0);
    await expect(form.tokens.getByRole('textbox', { name: 'Access token', exact: true })).toHaveCount(0);
    await expect(form.tokens.getByRole('button', { name: 'Show access token' })).toHaveCount(0);
    const stored = await api(host).user(bruno.username);
    expect(stored?.enabled).toBe(false);
    expect(stored?.token).toBeNull();
    expect(await api(host).readToken(stored?.id ?? -1)).toBeNull();

    // Enabled again (here from the list), the user can get a new token; the old one is gone.
    await usersTab(dialog).enableButton.click();
    await expect(form.enabled).toBeChecked();
    await expect(form.tokens).toContainText(`${bruno.username} has no token yet.`);
    await expect(generate).toBeVisible();
  });
});

test('a disabled user has no token controls, with the reason given', async ({ page, host }) => {
  const dialog = await openUsersAndGroups(page, host);
  const form = await openUser(page, dialog, kemal.username);
  await expect(form.tokens).toContainText(
    `Tokens are available for enabled users only. Enable ${kemal.username} and save to generate one.`,
  );
  await expect(form.tokens.getByRole('button')).toHaveCount(0);
});

test.describe('without a reachable keychain', () => {
  // A session bus address that leads nowhere: the Secret Service cannot be reached at all.
  test.use({ hostEnv: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/roster-e2e/bus' } });

  test('the token section says that the OS keychain is not available, and offers no token actions', async ({
    page,
    host,
  }) => {
    const dialog = await openUsersAndGroups(page, host);
    const form = await openUser(page, dialog, bruno.username);
    const warning = form.tokens.getByRole('alert');
    await expect(warning).toContainText('Tokens cannot be generated or shown:');
    await expect(warning).toContainText('The OS keychain (Secret Service on Linux) is not available');
    await expect(form.tokens.getByRole('button')).toHaveCount(0);
    // Everything else still works without the keychain.
    await form.displayName.fill('Bruno Offline');
    await dialogButtons(dialog).save.click();
    await expect(feedback(page, `${bruno.username} was saved.`)).toBeVisible();
    expect((await api(host).user(bruno.username))?.displayName).toBe('Bruno Offline');
  });
});
