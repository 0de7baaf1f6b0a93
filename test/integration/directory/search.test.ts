import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Directory } from '../../../electron/services/directory/directory';
import type { UserSummary } from '../../../shared/domain/directory';
import { hasher, newUser } from './support/instanceDb';
import { seedStorage } from './support/seedStorage';
import { openTestStorage, STORAGE, type TestStorage } from './support/storage';
import { useTempDirs } from './support/tempDirs';

/**
 * The Users tab filter: a substring of username, email or display name, in any
 * case, sorted by username, paged with an exact total, on this run's storage. The
 * SQLite directory takes several roads (the username index when unfiltered; an
 * in-memory scan under three characters; the FTS5 trigram index at three or more
 * with few matches; the in-memory copy again with many), PostgreSQL its trigram
 * index, so every answer here is compared with a plain scan of every user, for
 * queries that take each road.
 */

const SEEDED = 6_000;

/** Users whose text holds characters that mean something to FTS5, LIKE or a shell. */
const SPECIAL = [
  newUser('quoted', { displayName: 'Ann "Q" Lee' }),
  newUser('starry', { displayName: 'Star*Gazer' }),
  newUser('cartoon', { displayName: 'Tom AND Jerry' }),
  newUser('jean-luc', { displayName: 'Jean-Luc Picard', email: 'jean-luc+tag@example.com' }),
  newUser('nearby', { displayName: 'NEAR(a b) OR c' }),
  newUser('colons', { displayName: 'x:y ^z NOT w' }),
  newUser('under_score', { displayName: '100% Sure' }),
  newUser('apostrophe', { displayName: "O'Brien \\ Back" }),
  newUser('Party', { displayName: 'Zoe🎉Fun' }),
];

interface Everyone {
  id: number;
  username: string;
  email: string;
  display_name: string;
}

/** What the filter must return: a plain scan of every user, by the spec rather than by the code's design. */
async function expected(storage: TestStorage, query: string): Promise<number[]> {
  const text = query.trim().toLowerCase();
  return (await storage.query<Everyone>('SELECT id, username, email, display_name FROM users'))
    .filter((user) =>
      [user.username, user.email, user.display_name].some((field) => field.toLowerCase().includes(text)),
    )
    .sort((a, b) => (a.username.toLowerCase() < b.username.toLowerCase() ? -1 : 1))
    .map((user) => user.id);
}

/** Pages through a whole result and checks each page against the expected list and total. */
async function expectAllPages(directory: Directory, storage: TestStorage, query: string, limit: number) {
  const want = await expected(storage, query);
  const seen: number[] = [];
  for (let offset = 0; offset < want.length + limit; offset += limit) {
    const page = await directory.searchUsers({ query, offset, limit });
    expect(page.total).toBe(want.length);
    expect(page.offset).toBe(offset);
    expect(page.items.map((item) => item.id)).toEqual(want.slice(offset, offset + limit));
    seen.push(...page.items.map((item) => item.id));
  }
  expect(seen).toEqual(want);
  return want.length;
}

const { tempDir } = useTempDirs();

const opened: TestStorage[] = [];
afterEach(async () => {
  for (const storage of opened.splice(0).reverse()) await storage.close();
});

describe('on a seeded instance of 6,000+ users', () => {
  let dir: string;
  let storage: TestStorage;
  let directory: Directory;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'roster-search-'));
    storage = await openTestStorage(dir);
    directory = storage.directory;
    const passwordHash = await hasher.hash('seeded-password');
    await seedStorage(storage, { users: SEEDED, groups: 20, groupsPerUser: 2, passwordHash });
    for (const user of SPECIAL) await directory.createUser(user);
  }, 120_000);

  afterAll(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const firstPage = async (query: string, limit = 50) => {
    const page = await directory.searchUsers({ query, offset: 0, limit });
    const want = await expected(storage, query);
    expect({ query, total: page.total }).toEqual({ query, total: want.length });
    expect(page.items.map((item) => item.id)).toEqual(want.slice(0, limit));
    return page;
  };

  it('lists everyone, sorted by username, when the filter is empty or blank', async () => {
    const total = await expectAllPages(directory, storage, '', 500);
    expect(total).toBe(SEEDED + SPECIAL.length);
    await firstPage('   ');
  });

  it.each([
    ['1 character, many matches', 'a'],
    ['1 character, upper case', 'Z'],
    ['1 character, few matches', 'q'],
    ['2 characters', 'ch'],
    ['2 characters, mixed case', 'ZO'],
    ['2 characters across a dot', '.c'],
    ['3+ characters, few matches (a first name)', 'anna'],
    ['3+ characters, few matches, upper case', 'TANAKA'],
    ['3+ characters in display names only', 'Dubois'],
    ['3+ characters, over a thousand matches', 'example.com'],
    ['3+ characters, over two thousand matches', 'example'],
    ['3+ characters in every email', '.example'],
    ['3+ characters spanning a username', 'zoe.adams'],
    ['an exact email', 'anna.adams0@example.com'],
    ['padded with spaces', '   Anna   '],
    ['matching nothing', 'qqqqq'],
  ])('matches a substring in any field, in any case: %s (%j)', async (_label, query) => {
    await firstPage(query);
  });

  it('takes sparse and dense roads for 3+ characters, and both agree with a scan', async () => {
    // Sizes chosen to sit on each side of the sparse limit (1,000 in userSearch.ts) and well above it.
    expect((await expected(storage, 'anna')).length).toBeLessThan(1_000);
    expect((await expected(storage, 'example.com')).length).toBeGreaterThan(1_000);
    expect((await expected(storage, 'example.com')).length).toBeLessThan(2_000);
    expect((await expected(storage, 'example')).length).toBeGreaterThan(2_000);
    await expectAllPages(directory, storage, 'anna', 97);
    await expectAllPages(directory, storage, 'example.com', 250);
    await expectAllPages(directory, storage, 'EXAMPLE', 500);
  });

  it('pages 1- and 2-character results consistently with the total', async () => {
    await expectAllPages(directory, storage, 'a', 500);
    await expectAllPages(directory, storage, 'ch', 113);
  });

  it('returns an empty page past the end, with the same total', async () => {
    for (const query of ['', 'a', 'anna', 'example']) {
      const total = (await expected(storage, query)).length;
      const page = await directory.searchUsers({ query, offset: total + 10, limit: 20 });
      expect(page).toEqual({ total, offset: total + 10, items: [] });
      const last = await directory.searchUsers({ query, offset: total - 1, limit: 20 });
      expect(last.items).toHaveLength(1);
    }
  });

  it.each([
    '"',
    'q" l',
    '"q"',
    'ann "q',
    '*',
    'star*',
    'r*g',
    'AND',
    'and jerry',
    'tom and',
    '-',
    '-luc',
    'jean-luc+tag',
    '+',
    'OR',
    'or c',
    'NOT',
    'not w',
    'NEAR(',
    'near(a b)',
    '(a',
    ')',
    ':',
    'x:y',
    '^',
    '^z',
    '%',
    '100%',
    '_',
    'under_',
    "'",
    "o'brien",
    '\\',
    '\\ back',
  ])('treats %j literally', async (query) => {
    const page = await firstPage(query);
    // Each was picked to find one of the special users, so an empty answer would prove nothing.
    expect(page.total).toBeGreaterThan(0);
  });

  // "🎉" is one character but two UTF-16 code units: "e🎉" is two characters in three code units,
  // too short for a trigram, so it must not be sent to the trigram index.
  it.each(['🎉', 'e🎉', '🎉f', 'zoe🎉', 'e🎉f'])(
    'finds %j, text around a character outside the Basic Multilingual Plane',
    async (query) => {
      const page = await firstPage(query);
      expect(page.items.map((item) => item.username)).toEqual(['Party']);
    },
  );

  it('keeps the trigram index in step with the table after writes', async () => {
    const user = await directory.createUser(newUser('transient', { displayName: 'Kept Briefly' }));
    await firstPage('briefly');
    await directory.updateUser(user.id, { displayName: 'Renamed Later' });
    await firstPage('briefly');
    await firstPage('renamed');
    await directory.deleteUsers([user.id]);
    await firstPage('renamed');
    if (STORAGE === 'sqlite')
      await storage.query("INSERT INTO users_fts (users_fts, rank) VALUES ('integrity-check', 1)");
  });

  it('keeps the in-memory copy in step with its own writes, one at a time and many at once', async () => {
    // Short queries read the copy; build it first, so that the writes below patch a copy that exists.
    await firstPage('q');
    const created = await directory.createUser(newUser('aaa-first', { displayName: 'Qx Early' }));
    const last = await directory.createUser(newUser('zzz-last', { displayName: 'Qx Late' }));
    const middle = await directory.createUser(newUser('mmm-middle', { displayName: 'Plain Name' }));
    for (const query of ['qx', 'q', 'ai', 'mm']) await expectAllPages(directory, storage, query, 40);

    await directory.updateUser(middle.id, { displayName: 'Qx Now', email: 'qx-now@example.com' });
    await directory.setEnabled(created.id, false);
    for (const query of ['qx', 'pl', 'q']) await expectAllPages(directory, storage, query, 40);

    await directory.deleteUsers([created.id, last.id, middle.id]);
    for (const query of ['qx', 'q', 'zz']) await expectAllPages(directory, storage, query, 40);

    // Many at once take the other road: the texts are joined again rather than patched one by one.
    const many = Array.from({ length: 100 }, (_, i) => 2_000 + i * 7);
    await directory.deleteUsers(many);
    for (const query of ['a', 'o', 'qx']) await expectAllPages(directory, storage, query, 500);
  });
});

describe('writes by another connection to the same instance', () => {
  async function twoConnections(seeded: number) {
    const storage = await openTestStorage(tempDir());
    opened.push(storage);
    const passwordHash = await hasher.hash('seeded-password');
    await seedStorage(storage, { users: seeded, groups: 5, groupsPerUser: 1, passwordHash });
    const first = { directory: storage.directory };
    const second = { directory: await storage.reopen() };
    const ids = async (directory: Directory, query: string) =>
      (await directory.searchUsers({ query, offset: 0, limit: 500 })).items.map(
        (item: UserSummary) => item.username,
      );
    return { storage, first, second, ids };
  }

  it('are seen by a short query on the first connection (its in-memory copy is refreshed)', async () => {
    const { storage, first, second, ids } = await twoConnections(300);
    // Build the first connection's in-memory copy with short queries.
    expect(await ids(first.directory, 'zq')).toEqual([]);
    expect((await first.directory.searchUsers({ query: 'q', offset: 0, limit: 1 })).total).toBe(
      (await expected(storage, 'q')).length,
    );

    const created = await second.directory.createUser(newUser('zqx', { displayName: 'Zq Newcomer' }));
    expect(await ids(first.directory, 'zq')).toEqual(['zqx']);
    const usernames = new Map(
      (await storage.query<{ id: number; username: string }>('SELECT id, username FROM users')).map((row) => [
        row.id,
        row.username,
      ]),
    );
    expect(await ids(first.directory, 'Q')).toEqual(
      (await expected(storage, 'q')).map((id) => usernames.get(id)),
    );

    const [victim] = (await first.directory.searchUsers({ query: 'anna', offset: 0, limit: 1 })).items;
    if (!victim) throw new Error('the seed has an anna');
    await second.directory.updateUser(victim.id, { displayName: 'Zq Renamed' });
    expect(await ids(first.directory, 'zq')).toEqual([victim.username, 'zqx'].sort());

    await second.directory.deleteUsers([created.id]);
    expect(await ids(first.directory, 'zq')).toEqual([victim.username]);
  });

  it('are seen by a long query that matches many users (the dense road also uses the copy)', async () => {
    const { first, second } = await twoConnections(2_500);
    const total = async () =>
      (await first.directory.searchUsers({ query: 'example', offset: 0, limit: 5 })).total;
    const before = await total();
    expect(before).toBeGreaterThan(2_000);
    await second.directory.createUser(newUser('aaa.late', { email: 'late@example.com' }));
    expect(await total()).toBe(before + 1);
    const page = await first.directory.searchUsers({ query: 'example', offset: 0, limit: 1 });
    expect(page.items[0]?.username).toBe('aaa.late');
  });
});
