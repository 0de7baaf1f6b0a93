import type { Database } from 'better-sqlite3';
import path from 'node:path';
import { openInstanceDatabase } from '../../electron/database/openDatabase';
import { createPasswordHasher } from '../../electron/secrets/passwordHasher';
import { createLocalDirectory } from '../../electron/services/directory/local/localDirectory';
import { makeTempDir } from '../support/tempDir';
import { noKeychain } from './noKeychain';
import { seedDirectory } from './seedDirectory';

/**
 * A local directory over a new instance file of 100,000 users, 1,000 groups and 300,000
 * memberships, as the bulk and import benchmarks start from; `remove` closes it and deletes the file.
 */
export async function seededLocalDirectory(
  prefix: string,
): Promise<{ db: Database; directory: ReturnType<typeof createLocalDirectory>; remove: () => void }> {
  const folder = makeTempDir(prefix);
  const hasher = createPasswordHasher();
  const db = openInstanceDatabase(path.join(folder.path, 'bench.sqlite'), { mode: 'create', nativeDir: '' });
  seedDirectory(db, {
    users: 100_000,
    groups: 1_000,
    groupsPerUser: 3,
    passwordHash: await hasher.hash('bench'),
  });
  const directory = createLocalDirectory({
    db,
    instanceId: 'bench',
    hasher,
    keychain: noKeychain,
    actor: 'bench',
  });
  return {
    db,
    directory,
    remove() {
      directory.close();
      folder.remove();
    },
  };
}
