// npm run bench:list — the users list sorted and filtered, local directory, 100,000 users.
import path from 'node:path';
import { migrate0080ListIndexes } from '../../electron/database/migrations/0080-list-indexes';
import { openInstanceDatabase } from '../../electron/database/openDatabase';
import { createPasswordHasher } from '../../electron/secrets/passwordHasher';
import { createLocalDirectory } from '../../electron/services/directory/local/localDirectory';
import { userSortKeys, sortDirections, type UserPageRequest } from '../../shared/domain/userListing';
import { makeTempDir } from '../support/tempDir';
import { report, reportPercentiles, timeEach } from './measure';
import { seedDirectory } from './seedDirectory';
import { noKeychain } from './noKeychain';

const USERS = 100_000;
const GROUPS = 1_000;
const RUNS = 100;
const PAGE = 100;

const TEXTS: Record<string, readonly string[]> = {
  '1-char': ['a', 'e', 'o', 'r', 'n', 'i'],
  '2-char': ['an', 'ro', 'ev', 'ch', 'ma', 'ki'],
  '3-char': ['ann', 'ros', 'eva', 'che', 'mar', 'ova'],
};

/** Migration 0080's indexes. */
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

type Filters = Omit<UserPageRequest, 'query' | 'offset' | 'limit'>;

const FILTERS: Record<string, Filters> = {
  'status enabled': { status: 'enabled' },
  'status disabled': { status: 'disabled' },
  'status invited': { status: 'invited' },
  locked: { locked: true },
  'must change password': { mustChangePassword: true },
  'role user (most)': { role: 'user' },
  'role userManager (few)': { role: 'userManager' },
  'a group': { groupId: 17 },
  'no group': { noGroup: true },
};

/**
 * Values with spread, ties, nulls and rare states for every column the list sorts or filters by:
 * two years of creation times, a quarter never signed in, 2% in other roles, 2.5% invited, 1% to
 * change their password, 0.4% locked now (and as many whose lock has passed), 5% in no group.
 */
function vary(db: ReturnType<typeof openInstanceDatabase>) {
  db.exec(`
    UPDATE users SET
      created_at = strftime('%Y-%m-%dT%H:%M:%fZ', '2024-01-01', ((id * 7919) % 700) || ' days', (id % 86400) || ' seconds'),
      last_sign_in_at = CASE WHEN id % 4 = 0 THEN NULL
        ELSE strftime('%Y-%m-%dT%H:%M:%fZ', '2025-12-01', ((id * 104729) % 300) || ' days', (id % 3600) || ' seconds') END,
      role = CASE WHEN id % 50 <> 3 THEN role WHEN id % 4 = 0 THEN 'administrator' WHEN id % 4 = 1 THEN 'userManager'
        WHEN id % 4 = 2 THEN 'auditor' ELSE 'apiUser' END,
      must_change_password = (id % 100 = 11),
      locked_until = CASE id % 250 WHEN 13 THEN '2999-01-01T00:00:00.000Z' WHEN 17 THEN '2001-01-01T00:00:00.000Z' END;
    UPDATE users SET password_hash = '' WHERE id % 40 = 7;
    DELETE FROM memberships WHERE user_id % 20 = 5;
  `);
}

async function main() {
  const folder = makeTempDir('roster-list-bench-');
  const file = path.join(folder.path, 'bench.sqlite');
  const hasher = createPasswordHasher();
  try {
    const db = openInstanceDatabase(file, { mode: 'create', nativeDir: '' });
    const passwordHash = await hasher.hash('benchmark-password');
    let started = performance.now();
    // The list's indexes are built after the rows, as migration 0080 builds them on an existing
    // instance: one sorted pass each instead of 100,000 inserts into each.
    for (const name of LIST_INDEXES) db.exec(`DROP INDEX ${name}`);
    seedDirectory(db, { users: USERS, groups: GROUPS, groupsPerUser: 3, passwordHash });
    db.transaction(() => vary(db))();
    db.transaction(() => migrate0080ListIndexes(db))();
    report('seed 100k users, 1k groups, 300k memberships, list indexes', performance.now() - started, 'ms');

    const directory = createLocalDirectory({
      db,
      instanceId: 'bench',
      hasher,
      keychain: noKeychain,
      actor: 'bench',
    });
    const search = (filters: Filters & { query?: string; offset?: number }) =>
      directory.searchUsers({ query: '', offset: 0, limit: PAGE, ...filters });

    started = performance.now();
    await search({ query: 'a', status: 'enabled' });
    report('first filtered search (builds the in-memory copy)', performance.now() - started, 'ms');

    started = performance.now();
    await search({ query: 'rosa', status: 'enabled', sort: 'displayName', direction: 'desc' });
    report(
      'first search by display name of many matches (reads its order into memory)',
      performance.now() - started,
      'ms',
    );

    for (const sort of userSortKeys) {
      for (const direction of sortDirections) {
        reportPercentiles(
          `sort ${sort} ${direction}, first page`,
          await timeEach(RUNS, () => search({ sort, direction })),
        );
      }
    }
    for (const [label, filters] of Object.entries(FILTERS)) {
      reportPercentiles(`filter ${label}, no text`, await timeEach(RUNS, () => search(filters)));
      for (const [kind, texts] of Object.entries(TEXTS)) {
        const samples = await timeEach(RUNS, (i) => search({ ...filters, query: texts[i % texts.length] }));
        reportPercentiles(`filter ${label} + ${kind} text`, samples);
      }
    }
    reportPercentiles(
      'status enabled + 1-char text, sorted by display name',
      await timeEach(RUNS, (i) =>
        search({ status: 'enabled', sort: 'displayName', query: TEXTS['1-char']?.[i % 6] }),
      ),
    );
    // As typed into bench:ui's sorted list: one first name, bunched in display-name order.
    for (const query of ['rosa', 'rosa.', 'zoe', 'chen']) {
      reportPercentiles(
        `status enabled + text "${query}", sorted by display name descending`,
        await timeEach(RUNS, () =>
          search({ status: 'enabled', sort: 'displayName', direction: 'desc', query }),
        ),
      );
    }
    for (const [sort, direction] of [
      ['displayName', 'asc'],
      ['lastSignIn', 'desc'],
      ['created', 'asc'],
      ['username', 'desc'],
    ] as const) {
      reportPercentiles(
        `sort ${sort} ${direction}, page at offset 50,000`,
        await timeEach(RUNS, () => search({ sort, direction, offset: 50_000 })),
      );
    }
    directory.close();
  } finally {
    folder.remove();
  }
}

await main();
