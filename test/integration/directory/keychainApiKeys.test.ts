import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openInstanceDatabase } from '../../../electron/database/openDatabase';
import { apiKeyAccount, type Keychain } from '../../../electron/secrets/keychain';
import { createOsKeychain } from '../../../electron/secrets/osKeychain';
import { hashToken } from '../../../electron/secrets/tokenSecrets';
import { createInstanceServer } from '../../../electron/server/createInstanceServer';
import { silentServerLog } from '../../../electron/server/serverLog';
import type { NewApiKey } from '../../../shared/domain/apiKeys';
import type { UserDetail } from '../../../shared/domain/directory';
import { hasher, NATIVE_DIR } from './support/instanceDb';
import { openTestCore, refusalOf, valueOf, type TestCore } from './support/rosterCore';
import { useTempDirs } from './support/tempDirs';

/**
 * Named API keys of a local instance, through the app's channels, against the real OS keychain
 * (gnome-keyring under scripts/with-keyring.sh): the value lives in the keychain and is shown again
 * from there, the file keeps its hash, and the same file served by the instance server accepts the
 * key, so that an instance shared later keeps working keys.
 */

const underKeyring = process.env.ROSTER_TEST_KEYRING === '1';
const SKIP_REASON =
  'skipped: needs a real keychain, run under `bash scripts/with-keyring.sh npx vitest run test/integration/directory`';

const { tempDir, onCleanup } = useTempDirs();

/** Every file under `dir`, for a search of their bytes. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));

describe.skipIf(!underKeyring)(`local API keys${underKeyring ? '' : ` (${SKIP_REASON})`}`, () => {
  const service = `Roster API key test ${randomUUID()}`;
  let inspector: Keychain;
  let t: TestCore;
  let dataDir: string;
  let user: UserDetail;

  const createUser = async (username: string, role: UserDetail['role'] = 'user') =>
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
  const create = (userId: number, key: NewApiKey) => t.call('directory.keys.create', { userId, key });

  beforeEach(async () => {
    inspector = createOsKeychain(service);
    dataDir = tempDir();
    t = await openTestCore(dataDir, { keychain: createOsKeychain(service) });
    onCleanup(() => t.close());
    await createUser('admin', 'administrator');
    user = await createUser('keyholder');
  });

  it('keeps the value in the keychain and only its hash in the file; shows it again; revoking forgets it', async () => {
    const created = valueOf(await create(user.id, { name: 'Deploy', scope: 'write', expiresInDays: 90 }));
    const account = apiKeyAccount(t.instanceId, user.id, created.key.id);
    expect(await inspector.get(account)).toBe(created.value);
    expect(valueOf(await t.call('directory.keys.read', { userId: user.id, keyId: created.key.id }))).toBe(
      created.value,
    );
    expect(valueOf(await t.call('directory.keys.list', { userId: user.id }))).toEqual([created.key]);

    const files = filesUnder(dataDir);
    expect(files.some((file) => readFileSync(file).includes(hashToken(created.value)))).toBe(true);
    // The settings file, the instance file and its WAL: the value is in none of them.
    expect(files.filter((file) => readFileSync(file).includes(created.value))).toEqual([]);

    valueOf(await t.call('directory.keys.revoke', { userId: user.id, keyId: created.key.id }));
    expect(await inspector.get(account)).toBeUndefined();
    expect(valueOf(await t.call('directory.keys.list', { userId: user.id }))).toEqual([]);
    expect(
      refusalOf(await t.call('directory.keys.read', { userId: user.id, keyId: created.key.id })),
    ).toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('forgets the values of a deleted user’s keys', async () => {
    const keys = [
      valueOf(await create(user.id, { name: 'one', scope: 'read', expiresInDays: 1 })),
      valueOf(await create(user.id, { name: 'two', scope: 'read', expiresInDays: 1 })),
    ];
    valueOf(await t.call('directory.users.delete', { userIds: [user.id] }));
    for (const { key } of keys)
      expect(await inspector.get(apiKeyAccount(t.instanceId, user.id, key.id))).toBeUndefined();
  });

  it('refuses what the role may not hold, and a malformed request, writing nothing', async () => {
    expect(
      refusalOf(await create(user.id, { name: 'forever', scope: 'read', expiresInDays: null })),
    ).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'expiresInDays',
    });
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

  it('works against the instance server that later serves the same file, until it is revoked here', async () => {
    const created = valueOf(await create(user.id, { name: 'shared', scope: 'read', expiresInDays: 30 }));
    const server = createInstanceServer({
      db: openInstanceDatabase(t.file, { mode: 'open', nativeDir: NATIVE_DIR }),
      hasher,
      log: silentServerLog,
      info: { name: 'Shared later', version: '0' },
    });
    const { url } = await server.listen(0, '127.0.0.1');
    onCleanup(() => void server.close());
    const me = () => fetch(`${url}/api/auth/me`, { headers: { Authorization: `Bearer ${created.value}` } });

    const answer = await me();
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { username: string }).username).toBe(user.username);
    // The server noted the use in the file, which the app lists.
    const [listed] = valueOf(await t.call('directory.keys.list', { userId: user.id }));
    expect(listed?.lastUsedAddress).toBe('127.0.0.1');

    valueOf(await t.call('directory.keys.revoke', { userId: user.id, keyId: created.key.id }));
    expect((await me()).status).toBe(401);
  });
});
