// npm run bench:directory — the local directory at 100,000 users and 1,000 groups.
import { statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openInstanceDatabase } from '../../electron/database/openDatabase';
import { createPasswordHasher } from '../../electron/secrets/passwordHasher';
import { createLocalDirectory } from '../../electron/services/directory/local/localDirectory';
import { makeTempDir } from '../support/tempDir';
import { report, reportPercentiles, timeEach } from './measure';
import { seedDirectory } from './seedDirectory';
import { noKeychain } from './noKeychain';

const USERS = 100_000;
const GROUPS = 1_000;
const RUNS = 200;
const PAGE = 100;

const QUERIES: Record<string, readonly string[]> = {
  '1-char': ['a', 'e', 'o', 'r', 'z', 'x', '7', '.'],
  '2-char': ['an', 'ro', 'ev', 'qu', 'zo', '42', 'ki', 'mx'],
  '4-char': ['anna', 'chen', 'rosa', 'r123', 'mple', 'weber', 'okaf', 'ta99'],
  'no-match': ['qqqq', 'xyzzy', 'jjjj', 'wvwv', 'zzq', 'q9q9', 'vvvvv', 'kkkk'],
};

async function main() {
  const folder = makeTempDir('roster-bench-');
  const file = path.join(folder.path, 'bench.sqlite');
  const hasher = createPasswordHasher();
  try {
    const db = openInstanceDatabase(file, { mode: 'create', nativeDir: '' });
    const passwordHash = await hasher.hash('benchmark-password');
    let started = performance.now();
    seedDirectory(db, { users: USERS, groups: GROUPS, groupsPerUser: 3, passwordHash });
    report('seed 100k users, 1k groups, 300k memberships', performance.now() - started, 'ms');

    const directory = createLocalDirectory({
      db,
      instanceId: 'bench',
      hasher,
      keychain: noKeychain,
      actor: 'bench',
    });
    started = performance.now();
    await directory.searchUsers({ query: 'a', offset: 0, limit: PAGE });
    report('first short search (builds the in-memory scan copy)', performance.now() - started, 'ms');

    for (const [kind, queries] of Object.entries(QUERIES)) {
      const samples = await timeEach(RUNS, (i) =>
        directory.searchUsers({ query: queries[i % queries.length] as string, offset: 0, limit: PAGE }),
      );
      reportPercentiles(`search ${kind}`, samples);
    }
    for (const offset of [0, 90_000]) {
      const samples = await timeEach(RUNS, () => directory.searchUsers({ query: '', offset, limit: PAGE }));
      reportPercentiles(`page at offset ${offset}`, samples);
    }
    const creates = await timeEach(50, (i) =>
      directory.createUser({
        username: `bench.new${i}`,
        password: 'secret-pass',
        displayName: `Bench User ${i}`,
        email: `bench.new${i}@example.com`,
        enabled: true,
      }),
    );
    reportPercentiles('create user (argon2id included)', creates);
    // Saving a user and then typing in the filter: the copy is patched, not read again.
    const afterWrite: number[] = [];
    for (let i = 0; i < 50; i++) {
      await directory.updateUser(1 + i, { displayName: `Edited Name ${i}` });
      const typed = performance.now();
      await directory.searchUsers({ query: 'e', offset: 0, limit: PAGE });
      afterWrite.push(performance.now() - typed);
    }
    reportPercentiles('short search after a save', afterWrite);
    directory.close();

    const bytes = ['', '-wal'].reduce(
      (sum, suffix) => sum + (statSync(file + suffix, { throwIfNoEntry: false })?.size ?? 0),
      0,
    );
    report('database size', bytes / (1024 * 1024), 'MiB');
    report('machine', os.cpus().length, `cores (${os.cpus()[0]?.model ?? 'unknown'})`);
  } finally {
    folder.remove();
  }
}

void main();
