// npm run bench:list (third part) — the CSV export of the users list at 100,000 users.
import path from 'node:path';
import { migrate0080ListIndexes } from '../../electron/database/migrations/0080-list-indexes';
import { openInstanceDatabase } from '../../electron/database/openDatabase';
import { createInstanceServer } from '../../electron/server/createInstanceServer';
import { silentServerLog } from '../../electron/server/serverLog';
import { createPasswordHasher } from '../../electron/secrets/passwordHasher';
import { createOrResetAdmin } from '../../electron/services/directory/portable/adminAccount';
import { createLocalDirectory } from '../../electron/services/directory/local/localDirectory';
import { exportColumns, UserExportRequestSchema } from '../../shared/domain/userExport';
import { makeTempDir } from '../support/tempDir';
import { report } from './measure';
import { noKeychain } from './noKeychain';
import { seedDirectory } from './seedDirectory';
import { sqliteWorkRunner } from '../../electron/database/portable/workRunner';

const USERS = 100_000;
const GROUPS = 1_000;
const LIST_INDEXES = [
  'users_by_display_name',
  'users_by_email',
  'users_by_role',
  'users_by_status',
  'users_by_created',
  'users_by_last_sign_in',
  'users_locked',
  'users_by_version',
];
const ADMIN = { username: 'bench-admin', password: 'bench-admin-pw', email: 'bench-admin@example.com' };

/** Reads an export to its end as a download would, keeping only its size. */
async function drain(chunks: AsyncIterable<string | Uint8Array>): Promise<number> {
  let bytes = 0;
  for await (const chunk of chunks)
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
  return bytes;
}

async function* bodyChunks(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
}

async function main() {
  const folder = makeTempDir('roster-export-bench-');
  const hasher = createPasswordHasher();
  try {
    const db = openInstanceDatabase(path.join(folder.path, 'bench.sqlite'), {
      mode: 'create',
      nativeDir: '',
    });
    let started = performance.now();
    for (const name of LIST_INDEXES) db.exec(`DROP INDEX ${name}`);
    seedDirectory(db, {
      users: USERS,
      groups: GROUPS,
      groupsPerUser: 3,
      passwordHash: await hasher.hash('bench'),
    });
    db.transaction(() => migrate0080ListIndexes(db))();
    await createOrResetAdmin({ storage: sqliteWorkRunner(db), hasher, actor: 'bench' }, ADMIN);
    report('seed 100k users, 1k groups, 300k memberships', performance.now() - started, 'ms');

    // The instance server on the same file, signed in to first: a sign-in writes the last sign-in.
    const server = createInstanceServer({
      storage: {
        kind: 'sqlite',
        db: openInstanceDatabase(path.join(folder.path, 'bench.sqlite'), { mode: 'open', nativeDir: '' }),
      },
      hasher,
      log: silentServerLog,
      info: { name: 'bench', version: '0' },
    });
    const { url } = await server.listen(0, '127.0.0.1');
    const signedIn = await fetch(`${url}/api/auth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: ADMIN.username, password: ADMIN.password }),
    });
    const { accessToken } = (await signedIn.json()) as { accessToken: string };
    const directory = createLocalDirectory({
      db,
      instanceId: 'bench',
      hasher,
      keychain: noKeychain,
      actor: 'bench',
    });
    const everyone = UserExportRequestSchema.parse({ filters: {}, columns: [...exportColumns] });

    started = performance.now();
    const all = await drain(directory.exportUsers(everyone));
    report(`export all ${USERS + 1} users, every column, local directory`, performance.now() - started, 'ms');
    report('export size', all / 1024 / 1024, 'MiB');

    started = performance.now();
    await drain(
      directory.exportUsers(
        UserExportRequestSchema.parse({
          filters: { query: 'a', status: 'enabled' },
          sort: 'displayName',
          direction: 'desc',
          columns: [...exportColumns],
        }),
      ),
    );
    report('export of "a", enabled, by display name descending', performance.now() - started, 'ms');
    directory.close();

    // The first export's file again, from the server over HTTP on 127.0.0.1, read as a download reads it.
    started = performance.now();
    const answer = await fetch(`${url}/api/users/export`, {
      headers: { Authorization: `Bearer ${accessToken}` },
    });
    if (!answer.body) throw new Error(`the server answered ${answer.status} without a body`);
    const served = await drain(bodyChunks(answer.body));
    report(`export all ${USERS + 1} users over HTTP (instance server)`, performance.now() - started, 'ms');
    if (served !== all) throw new Error(`HTTP gave ${served} bytes, the directory ${all}`);
    await server.close();
  } finally {
    folder.remove();
  }
}

await main();
