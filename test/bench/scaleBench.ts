// npm run bench:scale [-- --users N] — a million users on SQLite and on PostgreSQL: seeding, searches,
// sorted and deep pages, creation through the Directory interface, then HTTP load on PostgreSQL.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openInstanceDatabase } from '../../electron/database/openDatabase';
import { createPasswordHasher } from '../../electron/secrets/passwordHasher';
import { copyInstance } from '../../electron/server/instanceCopy';
import {
  closeInstanceStorage,
  directoryOf,
  openInstanceStorage,
  type InstanceStorage,
} from '../../electron/server/instanceStorage';
import { createDatabase, startPostgresCluster } from '../support/postgresCluster';
import { makeTempDir } from '../support/tempDir';
import { noKeychain } from './noKeychain';
import { benchDirectory } from './scaleDirectoryBench';
import { benchLoad } from './scaleLoadBench';
import { reportValue } from './scaleReport';
import { seedDirectory } from './seedDirectory';

const { values } = parseArgs({ options: { users: { type: 'string', default: '1000000' } } });
const USERS = Number(values.users);
const GROUPS = Math.max(1, Math.round(USERS / 100));
const GROUPS_PER_USER = 3;
const SIZE = `${USERS} users, ${GROUPS} groups, ${USERS * GROUPS_PER_USER} memberships`;

async function timed<T>(storage: string, name: string, work: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  const result = await work();
  reportValue(storage, name, performance.now() - started, 'ms');
  return result;
}

async function main() {
  const folder = makeTempDir('roster-scale-bench-');
  const cluster = await startPostgresCluster({ autovacuum: true });
  const hasher = createPasswordHasher();
  const deps = { instanceId: 'bench', hasher, keychain: noKeychain, actor: 'bench' };
  try {
    const db = openInstanceDatabase(path.join(folder.path, 'bench.sqlite'), {
      mode: 'create',
      nativeDir: '',
    });
    const passwordHash = await hasher.hash('bench-password');
    await timed('sqlite', `seed ${SIZE}`, () =>
      seedDirectory(db, { users: USERS, groups: GROUPS, groupsPerUser: GROUPS_PER_USER, passwordHash }),
    );
    const sqlite: InstanceStorage = { kind: 'sqlite', db };

    const url = await createDatabase(cluster.url, 'roster_scale');
    const postgres = await openInstanceStorage(url, { nativeDir: '' });
    if (postgres.kind !== 'postgres') throw new Error('Not a PostgreSQL location.');
    await timed('postgres', `seed ${SIZE} (copied from the SQLite file)`, () =>
      copyInstance(sqlite, postgres),
    );
    // Autovacuum would get to the new rows in its own time, in the middle of the measurements; the
    // bench measures the settled state (visibility map set, statistics current) from the start.
    await timed('postgres', 'VACUUM ANALYZE after the seed', () =>
      postgres.database.sql.run('VACUUM ANALYZE', []),
    );

    const local = directoryOf(sqlite, deps);
    await benchDirectory('sqlite', local, USERS);
    local.close();
    const remote = directoryOf(postgres, deps);
    await benchDirectory('postgres', remote, USERS);
    await closeInstanceStorage(postgres);

    await benchLoad(url, USERS);
  } finally {
    await cluster.stop();
    folder.remove();
  }
}

await main();
