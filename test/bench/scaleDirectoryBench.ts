import type { Directory } from '../../electron/services/directory/directory';
import type { UserPageRequest } from '../../shared/domain/userListing';
import { timeEach } from './measure';
import { reportSamples } from './scaleReport';

const RUNS = 100;
const WARM_UP = 10;
const PAGE = 100;

const SEARCHES: Record<string, readonly string[]> = {
  '1-char': ['a', 'e', 'o', 'r', 'n', 'i'],
  '2-char': ['an', 'ro', 'ev', 'ch', 'ma', 'ki'],
  '4-char': ['anna', 'rosa', 'evan', 'chen', 'mare', 'kowa'],
  'no-match': ['qqxz', 'zzqj', 'xqvw', 'jjqz', 'vvxq', 'qzqz'],
};

const SORTS: readonly Pick<UserPageRequest, 'sort' | 'direction'>[] = [
  { sort: 'username', direction: 'asc' },
  { sort: 'displayName', direction: 'asc' },
  { sort: 'created', direction: 'desc' },
  { sort: 'lastSignIn', direction: 'desc' },
];

/** Timed after a warm-up, so that the figures are of a running server, not of its first query. */
async function measure(storage: string, name: string, run: (i: number) => Promise<unknown>) {
  await timeEach(WARM_UP, run);
  reportSamples(storage, name, await timeEach(RUNS, run));
}

/** Searches, sorted first pages, a deep page and user creation, through the Directory interface. */
export async function benchDirectory(storage: string, directory: Directory, users: number): Promise<void> {
  const page = (request: Partial<UserPageRequest>) =>
    directory.searchUsers({ query: '', offset: 0, limit: PAGE, ...request });

  for (const [kind, texts] of Object.entries(SEARCHES))
    await measure(storage, `search ${kind}, first page`, (i) => page({ query: texts[i % texts.length] }));
  for (const sort of SORTS)
    await measure(storage, `sort ${sort.sort} ${sort.direction}, first page`, () => page(sort));
  const deep = Math.floor(users * 0.9);
  for (const sort of SORTS.slice(0, 2))
    await measure(storage, `sort ${sort.sort} ${sort.direction}, page at offset ${deep}`, () =>
      page({ ...sort, offset: deep }),
    );
  let created = 0;
  await measure(storage, 'create user', () =>
    directory.createUser({
      username: `scale.new${++created}`,
      displayName: 'Scale New',
      email: `scale.new${created}@example.com`,
      password: 'bench-password-1',
      enabled: true,
    }),
  );
}
