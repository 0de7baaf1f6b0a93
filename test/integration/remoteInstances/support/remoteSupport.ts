import { findCredentialsAsync } from '@napi-rs/keyring';
import path from 'node:path';
import { expect } from 'vitest';
import { connectionAccounts, SERVICE } from '../../../../electron/secrets/keychain';
import { createOsKeychain } from '../../../../electron/secrets/osKeychain';
import type { RosterClient } from '../../../../shared/contract/client';
import type { PinnedCertificate } from '../../../../shared/domain/certificate';
import type { ConnectionState, InstanceView } from '../../../../shared/domain/instance';
import type { Role } from '../../../../shared/domain/roles';
import { valueOf } from '../../../unit/support/rosterCore';
import type { ApiClient } from '../../server/support/api';
import { ADMIN, newInstanceFile } from '../../server/support/instanceFile';
import { newUserFields } from '../../server/support/servedInstance';
import { startServer, type RunningServer } from '../../server/support/serverProcess';

export const underKeyring = process.env.ROSTER_TEST_KEYRING === '1';
export const SKIP_REASON =
  'skipped: needs a real keychain, run under `bash scripts/with-keyring.sh npx vitest run test/integration/remoteInstances`';

/** A second client of the store the RosterCore uses, to look at its entries directly. */
export const inspector = createOsKeychain();

/** What the keychain holds for a remote instance's connection. */
export async function secretsOf(id: string): Promise<{ password?: string; session?: string }> {
  const accounts = connectionAccounts(id);
  const password = await inspector.get(accounts.password);
  const session = await inspector.get(accounts.session);
  return {
    ...(password === undefined ? {} : { password }),
    ...(session === undefined ? {} : { session }),
  };
}

/** The session pair saved for an instance, once it is there (it is written in the background). */
export async function savedSession(id: string): Promise<{ accessToken: string; refreshToken: string }> {
  await expect
    .poll(async () => (await secretsOf(id)).session, { timeout: 3_000, interval: 20 })
    .toBeDefined();
  const text = (await secretsOf(id)).session ?? '';
  return JSON.parse(text) as { accessToken: string; refreshToken: string };
}

/** Every connection account (password or session) of any instance in Roster's keychain service. */
export async function connectionEntries(): Promise<string[]> {
  const found = await findCredentialsAsync(SERVICE);
  return found
    .map((credential) => credential.account)
    .filter((account) => /^instance:[^/]+\/(password|session)$/.test(account))
    .sort();
}

export async function viewOf(client: RosterClient, id: string): Promise<InstanceView | undefined> {
  return valueOf(await client.invoke('instances.list', {})).find((instance) => instance.id === id);
}

/** Waits until the navigator shows the instance in `state`, and answers its view. */
export async function waitForState(
  client: RosterClient,
  id: string,
  state: ConnectionState,
  timeout = 10_000,
): Promise<InstanceView> {
  await expect.poll(async () => (await viewOf(client, id))?.state, { timeout, interval: 20 }).toBe(state);
  const view = await viewOf(client, id);
  if (!view) throw new Error(`instance ${id} is gone`);
  return view;
}

export interface RemoteInput {
  name: string;
  url: string;
  username: string;
  password: string;
  timeoutSeconds: number;
  trustedCertificate?: PinnedCertificate;
}

/** Adds a remote instance and waits for its first connection attempt to end. */
export async function addAndConnect(client: RosterClient, input: RemoteInput): Promise<InstanceView> {
  const added = valueOf(await client.invoke('instances.addRemote', input));
  return valueOf(await client.invoke('instances.connect', { id: added.id }));
}

/** Where and as whom the served instance's owner signs in, as the Add remote instance form takes it. */
export const ownerOf = (url: string) => ({
  url,
  username: ADMIN.username,
  password: ADMIN.password,
  timeoutSeconds: 5,
});

/** Adds the served instance, signed in as its owner (its only administrator), and waits until it is connected. */
export async function connectAsOwner(
  client: RosterClient,
  url: string,
  name = 'Remote',
): Promise<InstanceView> {
  const view = await addAndConnect(client, { name, ...ownerOf(url) });
  expect(view.state).toBe('connected');
  return view;
}

/** Creates a user through the server's own API, with `role` (User when not given). */
export async function createServerUser(
  api: ApiClient,
  token: string,
  options: { prefix?: string; role?: Role } = {},
): Promise<{ id: number; username: string; password: string }> {
  const fields = newUserFields(options.prefix ?? 'api');
  const created = await api.call<{ id: number; role: Role }>('POST', '/api/users', {
    token,
    body: { ...fields, enabled: true, ...(options.role === undefined ? {} : { role: options.role }) },
  });
  if (created.status !== 201) throw new Error(`creating a user failed: ${JSON.stringify(created.body)}`);
  if (options.role !== undefined && created.body.role !== options.role)
    throw new Error(`the user was created as ${created.body.role}, not ${options.role}`);
  return { id: created.body.id, username: fields.username, password: fields.password };
}

/** A new instance file with its first administrator, served by a real server process. */
export async function serveNewInstance(
  dir: string,
  args: readonly string[] = [],
): Promise<{ server: RunningServer; file: string }> {
  const file = path.join(dir, 'instance.sqlite');
  await newInstanceFile(file);
  return { server: await startServer(['--db', file, ...args]), file };
}

/** Kills the server process at once, as a crash or a pulled plug would, and waits until it is gone. */
export async function killHard(server: RunningServer): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}
