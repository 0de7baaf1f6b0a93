import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiKeyAccount, type Keychain } from '../../../electron/secrets/keychain';
import { createOsKeychain } from '../../../electron/secrets/osKeychain';
import { hashToken } from '../../../electron/secrets/tokenSecrets';
import { createInstanceServer } from '../../../electron/server/createInstanceServer';
import { openInstanceStorage } from '../../../electron/server/instanceStorage';
import { silentServerLog } from '../../../electron/server/serverLog';
import { RosterError, type RosterErrorData } from '../../../shared/contract/errors';
import type { NewApiKey } from '../../../shared/domain/apiKeys';
import type { UserDetail } from '../../../shared/domain/directory';
import { hasher, NATIVE_DIR } from './support/instanceDb';
import { openTestCore, refusalOf, valueOf, type TestCore } from './support/rosterCore';
import {
  openTestStorage,
  STORAGE,
  type StorageLocation,
  type TestDirectory,
  type TestStorage,
} from './support/storage';
import { useTempDirs } from './support/tempDirs';

/**
 * Named API keys against the real OS keychain (gnome-keyring under scripts/with-keyring.sh): the
 * value lives in the keychain and is shown again from there, the instance's storage (an SQLite
 * file, or a PostgreSQL database) keeps its hash, and, through the app's channels, the same instance
 * served by the instance server accepts the key, so that an instance shared later keeps working keys.
 */

const underKeyring = process.env.ROSTER_TEST_KEYRING === '1';
const SKIP_REASON =
  'skipped: needs a real keychain, run under `bash scripts/with-keyring.sh npx vitest run test/integration/directory`';

const { tempDir } = useTempDirs();

/** Every file under `dir`, for a search of their bytes. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));

/** The refusal a directory call fails with, as the dispatcher would send it. */
async function refusal(call: () => Promise<unknown>): Promise<RosterErrorData> {
  try {
    await call();
  } catch (error) {
    if (error instanceof RosterError) return error.toData();
    throw error;
  }
  throw new Error('Expected a refusal, the call succeeded');
}

/** Whether `text` is anywhere in the instance's storage: its files' bytes, or its tables' rows. */
async function storageHolds(storage: TestStorage, dataDir: string, text: string): Promise<boolean> {
  if (storage.kind === 'sqlite')
    // The instance file and its WAL.
    return filesUnder(dataDir).some((file) => readFileSync(file).includes(text));
  const tables = await storage.query<{ name: string }>(
    'SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()',
  );
  for (const { name } of tables) {
    const rows = await storage.query<{ row: string }>(`SELECT t::text AS row FROM "${name}" t`);
    if (rows.some((row) => row.row.includes(text))) return true;
  }
  return false;
}

const locationText = (location: StorageLocation) =>
  location.kind === 'sqlite' ? location.file : location.url;

const suffix = underKeyring ? '' : ` (${SKIP_REASON})`;

describe.skipIf(!underKeyring)(`API keys in the keychain, on ${STORAGE}${suffix}`, () => {
  const service = `Roster API key test ${randomUUID()}`;
  let inspector: Keychain;
  let storage: TestStorage;
  let directory: TestDirectory;
  let dataDir: string;
  let user: UserDetail;

  const createUser = (username: string, role: UserDetail['role'] = 'user') =>
    directory.createUser({
      username,
      password: `${username}-pw`,
      displayName: `User ${username}`,
      email: `${username}@x.io`,
      enabled: true,
      role,
    });
  const create = (userId: number, key: NewApiKey) => directory.createApiKey(userId, key);

  beforeEach(async () => {
    inspector = createOsKeychain(service);
    dataDir = tempDir();
    storage = await openTestStorage(dataDir, { keychain: createOsKeychain(service) });
    directory = storage.directory;
    await createUser('admin', 'administrator');
    user = await createUser('keyholder');
  });
  afterEach(async () => {
    await storage.close();
  });

  it('keeps the value in the keychain and only its hash in storage; shows it again; revoking forgets it', async () => {
    const created = await create(user.id, { name: 'Deploy', scope: 'write', expiresInDays: 90 });
    const account = apiKeyAccount(storage.instanceId, user.id, created.key.id);
    expect(await inspector.get(account)).toBe(created.value);
    expect(await directory.readApiKey(user.id, created.key.id)).toBe(created.value);
    expect(await directory.listApiKeys(user.id)).toEqual([created.key]);

    expect(await storageHolds(storage, dataDir, hashToken(created.value))).toBe(true);
    expect(await storageHolds(storage, dataDir, created.value)).toBe(false);

    await directory.revokeApiKey(user.id, created.key.id);
    expect(await inspector.get(account)).toBeUndefined();
    expect(await directory.listApiKeys(user.id)).toEqual([]);
    expect(await refusal(() => directory.readApiKey(user.id, created.key.id))).toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('forgets the values of a deleted user’s keys', async () => {
    const keys = [
      await create(user.id, { name: 'one', scope: 'read', expiresInDays: 1 }),
      await create(user.id, { name: 'two', scope: 'read', expiresInDays: 1 }),
    ];
    await directory.deleteUsers([user.id]);
    for (const { key } of keys)
      expect(await inspector.get(apiKeyAccount(storage.instanceId, user.id, key.id))).toBeUndefined();
  });

  it('refuses what the role may not hold, writing nothing', async () => {
    expect(
      await refusal(() => create(user.id, { name: 'forever', scope: 'read', expiresInDays: null })),
    ).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'expiresInDays',
    });
    expect(await directory.listApiKeys(user.id)).toEqual([]);
  });
});

describe.skipIf(!underKeyring)(`API keys through the app's channels, on ${STORAGE}${suffix}`, () => {
  const service = `Roster API key test ${randomUUID()}`;
  let t: TestCore;
  let user: UserDetail;
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  const create = (userId: number, key: NewApiKey) => t.call('directory.keys.create', { userId, key });

  beforeEach(async () => {
    t = await openTestCore(tempDir(), { keychain: createOsKeychain(service), onRunStorage: true });
    closers.push(() => t.close());
    const createUser = async (username: string, role: UserDetail['role']) =>
      valueOf(
        await t.call('directory.users.create', {
          user: {
            username,
            password: `${username}-pw`,
            displayName: `User ${username}`,
            email: `${username}@x.io`,
            role,
          },
        }),
      );
    await createUser('admin', 'administrator');
    user = await createUser('keyholder', 'user');
  });

  it('refuses a malformed request, writing nothing', async () => {
    expect(
      refusalOf(
        await t.raw('directory.keys.create', {
          userId: user.id,
          key: { name: 'x', scope: 'admin', expiresInDays: 1 },
        }),
      ),
    ).toMatchObject({ code: 'INVALID_INPUT' });
    expect(valueOf(await t.call('directory.keys.list', { userId: user.id }))).toEqual([]);
  });

  it('works against the instance server that later serves the same instance, until it is revoked here', async () => {
    const created = valueOf(await create(user.id, { name: 'shared', scope: 'read', expiresInDays: 30 }));
    const server = createInstanceServer({
      storage: await openInstanceStorage(locationText(await t.location()), { nativeDir: NATIVE_DIR }),
      hasher,
      log: silentServerLog,
      info: { name: 'Shared later', version: '0' },
    });
    const { url } = await server.listen(0, '127.0.0.1');
    closers.push(() => server.close());
    const me = () => fetch(`${url}/api/auth/me`, { headers: { Authorization: `Bearer ${created.value}` } });

    const answer = await me();
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { username: string }).username).toBe(user.username);
    // The server noted the use in the instance, which the app lists.
    const [listed] = valueOf(await t.call('directory.keys.list', { userId: user.id }));
    expect(listed?.lastUsedAddress).toBe('127.0.0.1');

    valueOf(await t.call('directory.keys.revoke', { userId: user.id, keyId: created.key.id }));
    expect((await me()).status).toBe(401);
  });
});
