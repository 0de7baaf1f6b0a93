/// <reference lib="dom" />
import { test as base, expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type {
  GroupSummary,
  Page as ResultPage,
  TokenPair,
  UserDetail,
  UserSummary,
} from '../../../shared/domain/directory';
import type { ApiKeyInfo, CreatedApiKey, NewApiKey } from '../../../shared/domain/apiKeys';
import type { InstanceView } from '../../../shared/domain/instance';
import type { PasswordPolicy } from '../../../shared/domain/passwordPolicy';
import type { Role } from '../../../shared/domain/roles';
import { openInstanceDatabase } from '../../../electron/database/openDatabase';
import { sampleUser, seedDirectory } from '../../bench/seedDirectory';
import { makeTempDir } from '../../support/tempDir';
import { testHasher } from '../../support/testHasher';
import { startBrowserHost, type RunningHost } from '../support/browserHost';
import { expectUsersAndGroupsDialog, inspectScreen, openContextMenuWithMouse } from '../support/navigator';

/** What the Local instance holds before the host starts; null leaves it empty (as on first start). */
export interface Seed {
  users: number;
  groups: number;
}

/** A small instance: enough rows to scroll and filter, quick to seed. */
export const SMALL: Seed = { users: 30, groups: 5 };
const GROUPS_PER_USER = 2;

/** The password every seeded user has (one hash shared by all, as in seedDirectory). */
export const SEEDED_PASSWORD = 'seeded-password';

/** The default local instance's file, relative to the data folder (instanceList.ts's DEFAULT_LOCAL_FILE). */
const LOCAL_FILE = path.join('instances', 'local.sqlite');

let seededHash: Promise<string> | undefined;

export function seedInstanceFile(file: string, seed: Seed): Promise<void> {
  seededHash ??= testHasher.hash(SEEDED_PASSWORD);
  return seededHash.then((passwordHash) => {
    mkdirSync(path.dirname(file), { recursive: true });
    const db = openInstanceDatabase(file, { mode: 'create', nativeDir: '' });
    try {
      seedDirectory(db, { ...seed, groupsPerUser: GROUPS_PER_USER, passwordHash });
    } finally {
      db.close();
    }
  });
}

// ---- What seedDirectory wrote, so that tests can name it without asking the app ----------------

/** The n-th seeded user: `anna.adams0`, `bruno.adams1`, …; every tenth (0, 10, 20…) is disabled. */
export const seededUser = (n: number) => ({ ...sampleUser(n), enabled: n % 10 !== 0 });

export const groupName = (g: number) => `group-${String(g).padStart(4, '0')}`;

/** The names of the groups seedDirectory put user n in, sorted (its formula, mirrored here). */
export function seededGroupsOf(n: number, seed: Seed): string[] {
  const names = new Set<string>();
  for (let k = 0; k < GROUPS_PER_USER; k++) names.add(groupName((n * 7 + k * 131) % seed.groups));
  return [...names].sort();
}

export function seededMemberCount(g: number, seed: Seed): number {
  let count = 0;
  for (let n = 0; n < seed.users; n++) if (seededGroupsOf(n, seed).includes(groupName(g))) count++;
  return count;
}

// ---- Hosts -------------------------------------------------------------------------------------

interface Fixtures {
  /** Set per file or describe with `test.use({ seed: SMALL })`. */
  seed: Seed | null;
  /** Extra environment for the host process; empty means it inherits the test runner's. */
  hostEnv: NodeJS.ProcessEnv;
  host: RunningHost;
}

/** A fresh data folder per test, its Local instance seeded before the host opens it. */
export const test = base.extend<Fixtures>({
  seed: [null, { option: true }],
  hostEnv: [{}, { option: true }],
  host: async ({ seed, hostEnv }, use) => {
    const dataDir = makeTempDir('roster-e2e-ug-');
    if (seed) await seedInstanceFile(path.join(dataDir.path, LOCAL_FILE), seed);
    const host = await startBrowserHost(dataDir.path, hostEnv);
    await use(host);
    host.process.kill();
    dataDir.remove();
  },
});

export { expect };

// ---- The API, to check that writes really happened ---------------------------------------------

type Rpc = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

const RPC_TIMEOUT_MS = 5_000;

export async function rpc<T>(host: RunningHost, channel: string, input?: unknown): Promise<T> {
  const response = await fetch(`${host.origin}/rpc/${channel}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input ?? {}),
    // A host too busy to answer fails here, by name, rather than as a test timeout.
    signal: AbortSignal.timeout(RPC_TIMEOUT_MS),
  }).catch((error: unknown) => {
    throw new Error(`${channel}: the host did not answer within ${RPC_TIMEOUT_MS} ms`, { cause: error });
  });
  const result = (await response.json()) as Rpc;
  if (!result.ok) throw new Error(`${channel} refused: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

/** A thin client of the running host, bound to its Local instance. */
export function api(host: RunningHost) {
  let instanceId: Promise<string> | undefined;
  const local = () =>
    (instanceId ??= rpc<InstanceView[]>(host, 'instances.list').then((list) => {
      const found = list.find((instance) => instance.name === 'Local');
      if (!found) throw new Error('no Local instance');
      return found.id;
    }));
  const call = async <T>(channel: string, input: Record<string, unknown> = {}) =>
    rpc<T>(host, channel, { instanceId: await local(), ...input });
  const users = (query = '', limit = 100) =>
    call<ResultPage<UserSummary>>('directory.users.search', { page: { query, offset: 0, limit } });
  const groups = (query = '') =>
    call<ResultPage<GroupSummary>>('directory.groups.search', { page: { query, offset: 0, limit: 500 } });
  return {
    users,
    /** The user with exactly this username, or undefined. */
    async user(username: string): Promise<UserDetail | undefined> {
      const found = (await users(username)).items.find((user) => user.username === username);
      return found ? call<UserDetail>('directory.users.get', { userId: found.id }) : undefined;
    },
    async userCount(): Promise<number> {
      return (await users('', 1)).total;
    },
    groups,
    async group(name: string): Promise<GroupSummary | undefined> {
      return (await groups(name)).items.find((group) => group.name === name);
    },
    async members(groupId: number): Promise<string[]> {
      const result = await call<ResultPage<UserSummary>>('directory.groups.members', {
        groupId,
        page: { query: '', offset: 0, limit: 500 },
      });
      return result.items.map((user) => user.username);
    },
    deleteGroup: (groupId: number) => call<null>('directory.groups.delete', { groupId }),
    createGroup: (name: string, description?: string) =>
      call<GroupSummary>('directory.groups.create', { group: { name, description } }),
    updateGroup: (groupId: number, changes: { name?: string; description?: string }) =>
      call<GroupSummary>('directory.groups.update', { groupId, changes }),
    addMembers: (groupId: number, userIds: number[]) =>
      call<GroupSummary>('directory.groups.addMembers', { groupId, userIds }),
    deleteUsers: (userIds: number[]) => call<{ deleted: number }>('directory.users.delete', { userIds }),
    readToken: (userId: number) => call<TokenPair | null>('directory.tokens.read', { userId }),
    listKeys: (userId: number) => call<ApiKeyInfo[]>('directory.keys.list', { userId }),
    createKey: (userId: number, key: NewApiKey) =>
      call<CreatedApiKey>('directory.keys.create', { userId, key }),
    readKey: (userId: number, keyId: number) => call<string | null>('directory.keys.read', { userId, keyId }),
    generateToken: (userId: number) => call<TokenPair>('directory.tokens.generate', { userId }),
    setEnabled: (userId: number, enabled: boolean) =>
      call<UserDetail>('directory.users.setEnabled', { userId, enabled }),
    setRole: (userId: number, role: Role) => call<UserDetail>('directory.users.setRole', { userId, role }),
    setPasswordPolicy: (policy: PasswordPolicy) =>
      call<PasswordPolicy>('directory.settings.setPasswordPolicy', { policy }),
    /** The user's id by username; throws when there is none, so a test fails by name. */
    async idOf(username: string): Promise<number> {
      const found = (await users(username)).items.find((user) => user.username === username);
      if (!found) throw new Error(`no user named ${username}`);
      return found.id;
    },
  };
}

// ---- Steps a user takes in the dialog ----------------------------------------------------------

/** Opens the app and the Local instance's Users and Groups dialog with the mouse. */
export async function openUsersAndGroups(page: Page, host: RunningHost): Promise<Locator> {
  await page.goto(host.url);
  const menu = await openContextMenuWithMouse(page, 'Local');
  await menu.getByRole('menuitem', { name: 'Users and Groups…' }).click();
  return expectUsersAndGroupsDialog(page, 'Local');
}

export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The Users tab's parts, found as a user finds them. */
export function usersTab(dialog: Locator) {
  const panel = dialog.getByRole('tabpanel', { name: 'Users' });
  const list = panel.getByRole('listbox', { name: 'Users of Local' });
  return {
    panel,
    filter: panel.getByRole('textbox', { name: 'Filter users' }),
    list,
    /** The row count next to the toolbar ("30 users", "8 users match"). */
    count: panel.getByRole('status'),
    row: (username: string) => list.getByRole('option', { name: new RegExp(`^${escapeRegExp(username)},`) }),
    rows: list.getByRole('option'),
    addUser: panel.getByRole('button', { name: 'Add user' }),
    deleteButton: panel.getByRole('button', { name: 'Delete', exact: true }),
    enableButton: panel.getByRole('button', { name: 'Enable', exact: true }),
    disableButton: panel.getByRole('button', { name: 'Disable', exact: true }),
    setRoleButton: panel.getByRole('button', { name: 'Set role…', exact: true }),
  };
}

/** The editor form: "New user" while adding, "User <username>" while editing. */
export function userForm(dialog: Locator, name: string) {
  const form = dialog.getByRole('form', { name, exact: true });
  return {
    form,
    heading: form.getByRole('heading', { level: 3 }),
    username: form.getByRole('textbox', { name: 'Username' }),
    // The field, not the Password section nor "May reset own password" (a required field's label ends in *).
    password: form.getByLabel(/^Password\W*$/).and(form.locator('input')),
    displayName: form.getByRole('textbox', { name: 'Display name' }),
    email: form.getByRole('textbox', { name: 'Email address' }),
    enabled: form
      .getByRole('switch', { name: 'Enabled' })
      .or(form.getByRole('checkbox', { name: 'Enabled' })),
    groups: form.getByRole('list', { name: 'Groups of this user' }),
    addToGroup: form.getByRole('combobox', { name: 'Add to group' }),
    tokens: form.getByRole('region', { name: 'Tokens' }),
    role: form.getByRole('combobox', { name: 'Role' }),
  };
}

/** Opens a role select (the form's or Set role…'s) and picks a role by its label. */
export async function chooseRole(page: Page, select: Locator, label: string) {
  await select.click();
  const menu = page
    .getByRole('listbox')
    .filter({ has: page.getByRole('option', { name: label, exact: true }) });
  await menu.getByRole('option', { name: label, exact: true }).click();
  await expect(select).toHaveText(label);
}

/** The labels a role select offers, in order (the select is closed again afterwards). */
export async function roleOptions(page: Page, select: Locator): Promise<string[]> {
  await select.click();
  const menu = page
    .getByRole('listbox')
    .filter({ has: page.getByRole('option', { name: 'User', exact: true }) });
  await expect(menu).toBeVisible();
  const labels = await menu.getByRole('option').allTextContents();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  return labels;
}

/** The dialog's own buttons at the bottom. */
export function dialogButtons(dialog: Locator) {
  return {
    save: dialog.getByRole('button', { name: 'Save', exact: true }),
    cancel: dialog.getByRole('button', { name: 'Cancel', exact: true }),
    ok: dialog.getByRole('button', { name: 'OK', exact: true }),
    unsaved: dialog.getByText('Unsaved changes'),
  };
}

/**
 * The snackbar message after an action ("user1 was saved."), found by its text: while the dialog is
 * open, the snackbar sits in the part of the page the dialog hides from assistive technology (see
 * feedback.spec.ts, which checks that it is announced).
 */
export const feedback = (page: Page, text: string) => page.getByText(text, { exact: true });

/** An option of an open autocomplete list (its popup lives outside the dialog). */
export const option = (page: Page, name: string | RegExp) =>
  page.getByRole('listbox').getByRole('option', { name, exact: typeof name === 'string' });

/**
 * Types a group's full name into the form's group picker and picks it, once the list shows the answer
 * to that text alone: a click while the earlier, unfiltered list is being replaced can miss.
 */
export async function pickGroup(page: Page, form: ReturnType<typeof userForm>, name: string) {
  await form.addToGroup.fill(name);
  // The picker's popup: the listbox that offers this group (the users list is a listbox too).
  const popup = page.getByRole('listbox').filter({ has: page.getByRole('option', { name, exact: true }) });
  await expect(popup.getByRole('option')).toHaveText([name]);
  await option(page, name).click();
}

/** A confirmation asked on top of the dialog. */
export const confirmation = (page: Page, title: string) =>
  page.getByRole('dialog', { name: title, exact: true });

/** Types into the filter and waits for the count the list then shows. */
export async function filterUsers(dialog: Locator, text: string, expectedCount: string) {
  const tab = usersTab(dialog);
  await tab.filter.fill(text);
  await expect(tab.count).toHaveText(expectedCount);
  return tab;
}

/** Switches the theme from the title bar, as a user would (the dialog must be closed). */
export async function chooseTheme(page: Page, theme: 'Light' | 'Dark' | 'Follow system') {
  await page.getByRole('button', { name: 'Theme' }).click();
  await page.getByRole('menuitemradio', { name: theme }).click();
  await expect(page.getByRole('menu')).toBeHidden();
}

export const DARK_BACKGROUND = 'rgb(26, 28, 30)';
export const bodyBackground = (page: Page) =>
  page.locator('body').evaluate((body) => getComputedStyle(body).backgroundColor);

/**
 * The screen as it is, photographed and audited in the light theme, then in the dark one, then
 * back: the theme is a preference, and the page follows a change of it without closing anything.
 */
export async function inspectInBothThemes(page: Page, host: RunningHost, testInfo: TestInfo, name: string) {
  const setTheme = (theme: 'light' | 'dark') => rpc(host, 'preferences.setTheme', { theme });
  const themed = async (theme: 'light' | 'dark') => {
    await setTheme(theme);
    if (theme === 'dark') await expect.poll(() => bodyBackground(page)).toBe(DARK_BACKGROUND);
    else await expect.poll(() => bodyBackground(page)).not.toBe(DARK_BACKGROUND);
  };
  const { theme: before } = await rpc<{ theme: 'system' | 'light' | 'dark' }>(host, 'preferences.get');
  await themed('light');
  await inspectScreen(page, testInfo, `${name}-light`);
  await themed('dark');
  await inspectScreen(page, testInfo, `${name}-dark`);
  await rpc(host, 'preferences.setTheme', { theme: before });
}

/**
 * Whether a click at the middle of this element reaches it, rather than something drawn on top of
 * it (a snackbar, say). Playwright's click would wait for the cover to go away; a user cannot.
 */
export const reachable = (element: Locator) =>
  element.evaluate((target) => {
    const box = target.getBoundingClientRect();
    const top = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    return top !== null && target.contains(top);
  });

/**
 * A row of a user form's tokens table, by the name that heads it ("Access token", "Refresh token"
 * or an API key's name) followed by its kind; a shown value's row below it has no such header.
 */
export const credentialRow = (tokens: Locator, name: string) =>
  tokens
    .getByRole('table', { name: 'Tokens and API keys' })
    .getByRole('row')
    .filter({
      has: tokens.page().getByRole('rowheader', {
        name: new RegExp(`^${escapeRegExp(name)}\\s*(Token pair|API key)$`),
      }),
    });

/** The cells of a tokens table row, by column. */
export const credentialCells = (row: Locator) => {
  const cells = row.getByRole('cell');
  return { scope: cells.nth(0), created: cells.nth(1), expires: cells.nth(2), lastUsed: cells.nth(3) };
};

/**
 * Runs one statement on the Local instance's file behind the host's back, as time passing would:
 * to age a token pair or an API key past its expiry without waiting a day.
 */
export function writeLocalFile(host: RunningHost, sql: string, ...params: unknown[]): void {
  const db = openInstanceDatabase(path.join(host.dataDir, LOCAL_FILE), { mode: 'open', nativeDir: '' });
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

/** The New API key dialog's parts, found as a user finds them. */
export function newApiKeyDialog(page: Page, username: string) {
  const dialog = page.getByRole('dialog', { name: `New API key for ${username}`, exact: true });
  return {
    dialog,
    name: dialog.getByRole('textbox', { name: 'Name' }),
    lifetime: dialog.getByRole('combobox', { name: 'Lifetime' }),
    read: dialog.getByRole('radio', { name: /^Read\b/ }),
    write: dialog.getByRole('radio', { name: /^Write\b/ }),
    scope: dialog.getByRole('radiogroup', { name: 'Scope' }),
    create: dialog.getByRole('button', { name: 'Create key' }),
    value: dialog.getByRole('textbox', { name: 'Key value' }),
    copy: dialog.getByRole('button', { name: 'Copy key value' }),
    close: dialog.getByRole('button', { name: 'Close' }),
  };
}

/** The lifetimes the dialog's select offers, in order (the select is closed again afterwards). */
export async function lifetimeOptions(page: Page, select: Locator): Promise<string[]> {
  await select.click();
  const menu = page.getByRole('listbox').filter({ has: page.getByRole('option', { name: '1 day' }) });
  await expect(menu).toBeVisible();
  const labels = await menu.getByRole('option').allTextContents();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  return labels;
}

/** Picks a lifetime by its label. */
export async function chooseLifetime(page: Page, select: Locator, label: string) {
  await select.click();
  await page.getByRole('listbox').getByRole('option', { name: label, exact: true }).click();
  await expect(select).toHaveText(label);
}

// ---- A varied instance: what the list's sorts and filters need to tell users apart ---------------

/** The day the varied users' dates count from. */
const VARIED_BASE = Date.parse('2026-01-01T00:00:00.000Z');
const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const VARIED_ROLES: readonly Role[] = ['administrator', 'userManager', 'auditor', 'user', 'apiUser'];

/**
 * The n-th user of a seed after varySeededUsers: seededUser's fields and enabled state, plus a role
 * (each equally often), a creation time and, for three in four, a last sign-in (each distinct, so
 * those orders have no ties), a lock until 2099 for every sixth from 5 (user 3's lock has ended),
 * a password to change for every seventh from 2, no group for every eighth from 3, and an
 * invitation still open for users 13 and 20 (20 is disabled too).
 */
export function variedUser(n: number) {
  return {
    ...seededUser(n),
    role: VARIED_ROLES[(n * 3) % VARIED_ROLES.length] as Role,
    createdAt: new Date(VARIED_BASE + ((n * 11) % 30) * DAY_MS).toISOString(),
    lastSignInAt:
      n % 4 === 0 ? null : new Date(VARIED_BASE + 30 * DAY_MS + ((n * 7) % 30) * HOUR_MS).toISOString(),
    locked: n % 6 === 5,
    mustChangePassword: n % 7 === 2,
    noGroup: n % 8 === 3,
    invited: n === 13 || n === 20,
  };
}
export type VariedUser = ReturnType<typeof variedUser>;

/**
 * Writes variedUser's fields over a seeded Local instance, in one transaction, behind the host's
 * back: call it before anything reads the instance (before the dialog opens).
 */
export function varySeededUsers(host: RunningHost, seed: Seed): void {
  const db = openInstanceDatabase(path.join(host.dataDir, LOCAL_FILE), { mode: 'open', nativeDir: '' });
  try {
    const idOf = db.prepare<[string], number>('SELECT id FROM users WHERE username = ?').pluck();
    const update = db.prepare(
      `UPDATE users SET role = @role, created_at = @createdAt, last_sign_in_at = @lastSignInAt,
         locked_until = @lockedUntil, must_change_password = @mustChange,
         password_hash = CASE WHEN @invited THEN '' ELSE password_hash END
       WHERE id = @id`,
    );
    const leaveGroups = db.prepare('DELETE FROM memberships WHERE user_id = ?');
    db.transaction(() => {
      for (let n = 0; n < seed.users; n++) {
        const user = variedUser(n);
        const id = idOf.get(user.username);
        if (id === undefined) throw new Error(`no seeded user ${user.username}`);
        update.run({
          id,
          role: user.role,
          createdAt: user.createdAt,
          lastSignInAt: user.lastSignInAt,
          lockedUntil: user.locked ? '2099-01-01T00:00:00.000Z' : n === 3 ? '2020-01-01T00:00:00.000Z' : null,
          mustChange: user.mustChangePassword ? 1 : 0,
          invited: user.invited ? 1 : 0,
        });
        if (user.noGroup) leaveGroups.run(id);
      }
    })();
  } finally {
    db.close();
  }
}

/**
 * Every row of the users list in order, read by scrolling it from top to bottom, as only the rows
 * near the view are drawn; for lists of a few dozen rows. It is left scrolled to the top.
 */
export const listedUsernames = (list: Locator) =>
  list.evaluate(async (box) => {
    const drawn = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const rows = new Map<number, string>();
    for (let top = 0; ; top += Math.max(1, box.clientHeight)) {
      box.scrollTop = top;
      await drawn();
      box.querySelectorAll<HTMLElement>('[role="option"]').forEach((option) => {
        const index = Number(/(\d+)$/.exec(option.id)?.[1] ?? -1);
        rows.set(index, option.getAttribute('aria-label')?.split(',')[0] ?? '');
      });
      if (top + box.clientHeight >= box.scrollHeight) break;
    }
    box.scrollTop = 0;
    await drawn();
    return [...rows.entries()].sort(([a], [b]) => a - b).map(([, username]) => username);
  });

/** The Users tab's sort headers, filter chips and Add filter menu, found as a user finds them. */
export function listControls(page: Page, panel: Locator) {
  const header = panel.getByRole('table', { name: 'Sort by column' });
  return {
    columnHeaders: header.getByRole('columnheader'),
    columnHeader: (name: string) => header.getByRole('columnheader', { name, exact: true }),
    sortButton: (name: string) => header.getByRole('button', { name, exact: true }),
    chips: panel.getByRole('list', { name: 'Active filters' }).getByRole('listitem'),
    removeFilter: (label: string) =>
      panel.getByRole('button', { name: `Remove filter: ${label}`, exact: true }),
    addFilter: panel.getByRole('button', { name: 'Add filter' }),
    /** Opens Add filter and picks an item (a role or a group is asked for next). */
    async chooseFilter(item: string) {
      await panel.getByRole('button', { name: 'Add filter' }).click();
      await page
        .getByRole('menu', { name: 'Add filter' })
        .getByRole('menuitem', { name: item, exact: true })
        .click();
    },
  };
}

/** The Groups tab's parts, found as a user finds them. */
export function groupsTab(dialog: Locator) {
  const panel = dialog.getByRole('tabpanel', { name: 'Groups' });
  const list = panel.getByRole('listbox', { name: 'Groups of Local' });
  return {
    panel,
    filter: panel.getByRole('textbox', { name: 'Filter groups' }),
    list,
    /** The group count next to the toolbar ("5 groups", "1 group matches"). */
    count: panel.getByRole('status').filter({ hasText: / groups?( match(es)?)?$/ }),
    /** A group's option, by its name (the option also shows its description and member count). */
    group: (name: string) => list.getByRole('option', { name: new RegExp(`^${escapeRegExp(name)}\\b`) }),
    groups: list.getByRole('option'),
    addGroup: panel.getByRole('button', { name: 'Add group' }),
    deleteButton: panel.getByRole('button', { name: 'Delete', exact: true }),
    heading: panel.getByRole('heading', { level: 3 }),
    name: panel.getByRole('textbox', { name: 'Name', exact: true }),
    description: panel.getByRole('textbox', { name: 'Description', exact: true }),
    save: panel.getByRole('button', { name: 'Save', exact: true }),
    revert: panel.getByRole('button', { name: 'Revert', exact: true }),
    members: (name: string) => panel.getByRole('listbox', { name: `Members of ${name}` }),
    member: (group: string, username: string) =>
      panel
        .getByRole('listbox', { name: `Members of ${group}` })
        .getByRole('option', { name: new RegExp(`^${escapeRegExp(username)}\\b`) }),
    memberCount: panel.getByRole('status').filter({ hasText: /^[\d,]+ members?$/ }),
    memberFilter: (group: string) => panel.getByRole('textbox', { name: `Filter members of ${group}` }),
    addMembers: panel.getByRole('button', { name: 'Add members…' }),
    removeMember: panel.getByRole('button', { name: 'Remove', exact: true }),
  };
}

/** Opens Users and Groups on the Groups tab. */
export async function openGroups(page: Page, host: RunningHost) {
  const dialog = await openUsersAndGroups(page, host);
  await dialog.getByRole('tab', { name: 'Groups' }).click();
  await expect(dialog.getByRole('tab', { name: 'Groups' })).toHaveAttribute('aria-selected', 'true');
  return { dialog, tab: groupsTab(dialog) };
}

// ---- Bulk actions -----------------------------------------------------------------------------

/** Enough users that a bulk job runs for many chunks (of 500), so that it can be watched and cancelled. */
export const BULK_LARGE: Seed = { users: 10_000, groups: 20 };

/** How many users of the Local instance have this status now, as the users list counts them. */
export async function userCountWithStatus(
  host: RunningHost,
  status: 'enabled' | 'disabled' | 'invited',
): Promise<number> {
  const list = await rpc<InstanceView[]>(host, 'instances.list');
  const local = list.find((instance) => instance.name === 'Local');
  if (!local) throw new Error('no Local instance');
  const page = await rpc<ResultPage<UserSummary>>(host, 'directory.users.search', {
    instanceId: local.id,
    page: { query: '', status, offset: 0, limit: 1 },
  });
  return page.total;
}

/** The Users tab's selection bar and More menu, found as a user finds them. */
export function bulkControls(page: Page, panel: Locator) {
  return {
    selectAll: panel.getByRole('checkbox', { name: 'Select all' }),
    selectAllMatching: panel.getByRole('button', { name: /^Select all [\d,]+ (matching )?users$/ }),
    clearSelection: panel.getByRole('button', { name: 'Clear selection' }),
    more: panel.getByRole('button', { name: 'More', exact: true }),
    /** Opens More and picks an item. */
    async chooseMore(item: string) {
      await panel.getByRole('button', { name: 'More', exact: true }).click();
      await page
        .getByRole('menu', { name: 'More actions on the selected users' })
        .getByRole('menuitem', { name: item, exact: true })
        .click();
    },
  };
}

/** The dialog that follows a bulk job, by its title ("Disable users"): progress, then the summary. */
export function bulkJobDialog(page: Page, title: string) {
  const dialog = page.getByRole('dialog', { name: title, exact: true });
  return {
    dialog,
    progress: dialog.getByRole('progressbar', { name: 'Progress' }),
    /** "2,300 changed, 40 already so, 5 refused", once the job ended. */
    counts: dialog.getByRole('status'),
    refusals: dialog.getByRole('list', { name: 'Refused users' }).getByRole('listitem'),
    cancel: dialog.getByRole('button', { name: 'Cancel', exact: true }),
    close: dialog.getByRole('button', { name: 'Close', exact: true }),
  };
}

/** The numbers of a summary's counts line: [changed, already so, refused]. */
export const summaryNumbers = (text: string): number[] =>
  [...text.matchAll(/([\d,]+) (?:changed|already so|refused)/g)].map((match) =>
    Number((match[1] ?? '').replaceAll(',', '')),
  );
