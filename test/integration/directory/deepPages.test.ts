import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openInstanceDatabase } from '../../../electron/database/openDatabase';
import type { Directory } from '../../../electron/services/directory/directory';
import { DEEP_OFFSET } from '../../../electron/services/directory/local/userListing';
import { orderBy } from '../../../electron/services/directory/local/userListingQuery';
import type { UserPageRequest } from '../../../shared/domain/userListing';
import { seedDirectory } from '../../bench/seedDirectory';
import { NATIVE_DIR, newUser, openDirectory, type OpenedDirectory } from './support/instanceDb';
import { useTempDirs } from './support/tempDirs';

/**
 * A page of the whole users list far into it (from DEEP_OFFSET on) is cut out of the order the
 * SQLite directory keeps in memory, not walked to in the sort's index: it must be the very page the
 * index gives, in every kept order and both directions, and still after writes that move users.
 */

const USERS = DEEP_OFFSET + 120;
const { tempDir } = useTempDirs();

let opened: OpenedDirectory;
let directory: Directory;

beforeAll(() => {
  const file = path.join(tempDir(), 'deep.sqlite');
  const db = openInstanceDatabase(file, { mode: 'create', nativeDir: NATIVE_DIR });
  seedDirectory(db, { users: USERS, groups: 3, groupsPerUser: 1, passwordHash: 'not-a-hash' });
  db.close();
  opened = openDirectory(file, { mode: 'open' });
  directory = opened.directory;
}, 60_000);

type Sorted = Required<Pick<UserPageRequest, 'sort' | 'direction'>>;

const ORDERS: readonly Sorted[] = [
  { sort: 'username', direction: 'asc' },
  { sort: 'username', direction: 'desc' },
  { sort: 'displayName', direction: 'asc' },
  { sort: 'email', direction: 'desc' },
  { sort: 'created', direction: 'desc' },
  { sort: 'role', direction: 'asc' },
  { sort: 'status', direction: 'desc' },
];

/** The page as the sort's index gives it, read straight from the table. */
function indexPage(order: Sorted, offset: number, limit: number): number[] {
  return opened.db
    .prepare(`SELECT id FROM users ORDER BY ${orderBy(order, '')} LIMIT ? OFFSET ?`)
    .pluck()
    .all(limit, offset) as number[];
}

async function directoryPage(order: Sorted, offset: number, limit: number) {
  const page = await directory.searchUsers({ query: '', offset, limit, ...order });
  return { total: page.total, ids: page.items.map((user) => user.id) };
}

async function expectIndexPages(total: number) {
  for (const order of ORDERS) {
    for (const offset of [DEEP_OFFSET - 30, DEEP_OFFSET, total - 50]) {
      const page = await directoryPage(order, offset, 40);
      expect(page.total).toBe(total);
      expect(page.ids, `${order.sort} ${order.direction} at ${offset}`).toEqual(indexPage(order, offset, 40));
    }
  }
}

describe('deep pages of the whole users list', () => {
  it('are the pages the index gives, in every kept order and both directions', async () => {
    await expectIndexPages(USERS);
  });

  it('stay so after users are created, changed and deleted', async () => {
    await directory.createUser(newUser('aaa.first'));
    await directory.createUser(newUser('zzz.last', { displayName: 'Aaron Early' }));
    const [someone] = (await directory.searchUsers({ query: 'bruno', offset: 0, limit: 1 })).items;
    if (!someone) throw new Error('no seeded bruno');
    await directory.updateUser(someone.id, { displayName: 'Zed Late', email: 'zed@example.com' });
    const [other] = (await directory.searchUsers({ query: 'carla', offset: 0, limit: 1 })).items;
    if (!other) throw new Error('no seeded carla');
    await directory.deleteUser(other.id);
    await expectIndexPages(USERS + 1);
  });
});
