import { test as base, expect, type Locator, type Page } from '@playwright/test';
import path from 'node:path';
import type { InstanceView } from '../../../shared/domain/instance';
import type { Role } from '../../../shared/domain/roles';
import { connectionAccounts } from '../../../electron/secrets/keychain';
import { createOsKeychain } from '../../../electron/secrets/osKeychain';
import { apiClient, type ApiClient } from '../../integration/server/support/api';
import { ADMIN, hasher, newInstanceFile } from '../../integration/server/support/instanceFile';
import { postgresWorkRunner } from '../../../electron/database/portable/workRunner';
import { openPostgresDatabase } from '../../../electron/database/postgres/postgresDatabase';
import { createOrResetAdmin } from '../../../electron/services/directory/portable/adminAccount';
import { createDatabase, startPostgresCluster, type PostgresCluster } from '../../support/postgresCluster';
import { startServer, type RunningServer } from '../../integration/server/support/serverProcess';
import { makeTempDir } from '../../support/tempDir';
import { startBrowserHost, type RunningHost } from '../support/browserHost';
import { instanceNode, openContextMenuWithMouse } from '../support/navigator';
import { rpc } from '../usersAndGroups/support';

export { ADMIN };

/** A served instance whose process a test may kill and start again on the same port and storage. */
export interface ServedInstance {
  url: string;
  /** The instance file, or the PostgreSQL database's address. */
  location: string;
  api: ApiClient;
  /** Signs the administrator in through the REST API, as another client would. */
  adminToken: () => Promise<string>;
  stop: () => Promise<void>;
  /** Kills the process at once (SIGKILL), as a crash or a pulled cable would. */
  kill: () => void;
  /** Starts a new process on the same port and file. */
  restart: () => Promise<void>;
}

interface Fixtures {
  /** Where the served instance lives: the project says (playwright.config.ts). */
  storage: 'sqlite' | 'postgres';
  server: ServedInstance;
  host: RunningHost;
}

interface WorkerFixtures {
  /** A throwaway PostgreSQL cluster, started by the first test of a worker that needs one. */
  postgres: { cluster: () => Promise<PostgresCluster> };
}

/** A new, empty instance whose first administrator is ADMIN: a file, or a database in the cluster. */
async function newInstance(dir: string, cluster?: PostgresCluster): Promise<string> {
  if (!cluster) {
    const file = path.join(dir, 'served.sqlite');
    await newInstanceFile(file);
    return file;
  }
  const url = await createDatabase(cluster.url);
  const database = await openPostgresDatabase(url);
  try {
    await createOrResetAdmin({ storage: postgresWorkRunner(database), hasher, actor: 'cli:test' }, ADMIN);
  } finally {
    await database.close();
  }
  return url;
}

/**
 * Serves a new instance, whose first administrator is ADMIN, for as long as `use` runs: a
 * fixture's body. `args` and `env` go to every start of the server (say, a mail server to use);
 * with a cluster, the instance is a database in it.
 */
export async function serveInstance(
  use: (server: ServedInstance) => Promise<void>,
  options: { args?: readonly string[]; env?: NodeJS.ProcessEnv; cluster?: PostgresCluster } = {},
): Promise<void> {
  const { args = [], env = {} } = options;
  const dir = makeTempDir('roster-e2e-served-');
  const location = await newInstance(dir.path, options.cluster);
  let running: RunningServer = await startServer(['--database', location, ...args], env);
  const port = running.port;
  const api = apiClient(running.url);
  await use({
    url: running.url,
    location,
    api,
    adminToken: async () => {
      const answer = await api.call<{ accessToken: string }>('POST', '/api/auth/token', {
        body: { username: ADMIN.username, password: ADMIN.password },
      });
      return answer.body.accessToken;
    },
    stop: () => running.stop(),
    kill: () => running.child.kill('SIGKILL'),
    restart: async () => {
      await running.stop();
      running = await startServer(['--database', location, '--port', String(port), ...args], env);
    },
  });
  await running.stop();
  dir.remove();
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  storage: ['sqlite', { option: true }],
  postgres: [
    async ({}, use) => {
      let started: Promise<PostgresCluster> | undefined;
      await use({ cluster: () => (started ??= startPostgresCluster()) });
      if (started) await (await started).stop();
    },
    { scope: 'worker' },
  ],
  server: async ({ storage, postgres }, use) =>
    serveInstance(use, storage === 'postgres' ? { cluster: await postgres.cluster() } : {}),
  host: async ({}, use) => {
    const dataDir = makeTempDir('roster-e2e-remote-');
    const host = await startBrowserHost(dataDir.path);
    await use(host);
    host.process.kill();
    dataDir.remove();
  },
});

export { expect };

/**
 * Every test here starts an instance server and signs in with argon2id, sometimes twice: on a busy
 * two-core machine that alone can take a third of the default 30 s.
 */
export const REMOTE_TEST_TIMEOUT_MS = 60_000;

/** The real OS keychain (the test keyring under scripts/with-keyring.sh), read the way the app reads it. */
export const keychain = createOsKeychain();

export async function keychainEntries(instanceId: string) {
  const accounts = connectionAccounts(instanceId);
  return {
    password: await keychain.get(accounts.password),
    session: await keychain.get(accounts.session),
  };
}

export async function instanceNamed(host: RunningHost, name: string): Promise<InstanceView> {
  const found = (await rpc<InstanceView[]>(host, 'instances.list')).find(
    (instance) => instance.name === name,
  );
  if (!found) throw new Error(`no instance named ${name}`);
  return found;
}

export interface RemoteFields {
  name: string;
  url: string;
  username: string;
  password: string;
  timeoutSeconds?: number;
}

/** The Add remote instance dialog, opened from the navigator's + button. */
export async function openAddRemoteDialog(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Add an instance' }).click();
  await page.getByRole('menuitem', { name: 'Add remote instance…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add remote instance' });
  await expect(dialog).toBeVisible();
  return dialog;
}

export function remoteForm(dialog: Locator) {
  return {
    name: dialog.getByRole('textbox', { name: 'Name', exact: true }),
    url: dialog.getByRole('textbox', { name: 'Server address' }),
    username: dialog.getByRole('textbox', { name: 'Username' }),
    password: dialog.getByLabel('Password'),
    timeout: dialog.getByRole('spinbutton', { name: 'Timeout (seconds)' }),
    test: dialog.getByRole('button', { name: 'Test connection' }),
    outcome: dialog.getByRole('status'),
    submit: dialog.getByRole('button', { name: /^(Add|Save)$/ }),
  };
}

export async function fillRemoteForm(dialog: Locator, fields: RemoteFields) {
  const form = remoteForm(dialog);
  await form.name.fill(fields.name);
  await form.url.fill(fields.url);
  await form.username.fill(fields.username);
  await form.password.fill(fields.password);
  if (fields.timeoutSeconds !== undefined) await form.timeout.fill(String(fields.timeoutSeconds));
  return form;
}

/** Signing in runs argon2id on the server: on a busy two-core machine that can take a few seconds. */
export const CONNECT_TIMEOUT_MS = 15_000;

/** Adds a remote instance through the dialog and waits until the navigator shows it connected. */
export async function addRemoteInstance(page: Page, fields: RemoteFields) {
  const dialog = await openAddRemoteDialog(page);
  const form = await fillRemoteForm(dialog, fields);
  await form.submit.click();
  await expect(dialog).toBeHidden();
  await expect(instanceNode(page, fields.name)).toHaveAccessibleName(/remote instance, connected$/, {
    timeout: CONNECT_TIMEOUT_MS,
  });
}

export async function openRemoteUsersAndGroups(page: Page, name: string): Promise<Locator> {
  const menu = await openContextMenuWithMouse(page, name);
  await menu.getByRole('menuitem', { name: 'Users and Groups…' }).click();
  const dialog = page.getByRole('dialog', { name: `Users and Groups — ${name}` });
  await expect(dialog).toBeVisible();
  return dialog;
}

export interface Account {
  username: string;
  password: string;
  role: Role;
}

/** Creates an account on the served instance through its REST API, as its administrator. */
export async function createAccount(server: ServedInstance, account: Account): Promise<number> {
  const made = await server.api.call<{ id: number; role: Role }>('POST', '/api/users', {
    token: await server.adminToken(),
    body: {
      ...account,
      displayName: `Account ${account.username}`.slice(0, 20),
      email: `${account.username}@example.com`,
    },
  });
  if (made.status !== 201 || made.body.role !== account.role)
    throw new Error(`${account.username} was not created: ${made.status} ${JSON.stringify(made.body)}`);
  return made.body.id;
}
