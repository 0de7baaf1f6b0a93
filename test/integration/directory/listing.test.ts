import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Directory } from '../../../electron/services/directory/directory';
import type { UserStatus } from '../../../shared/domain/directory';
import { roles, type Role } from '../../../shared/domain/roles';
import {
  sortDirections,
  userSortKeys,
  type UserPageRequest,
  type UserSortKey,
} from '../../../shared/domain/userListing';
import { MemoryKeychain } from './support/memoryKeychain';
import { newUser } from './support/instanceDb';
import { openTestCore, refusalOf, valueOf } from './support/rosterCore';
import { seedStorage, twoDigits } from './support/seedStorage';
import { openTestStorage, type TestStorage } from './support/storage';
import { useTempDirs } from './support/tempDirs';

/**
 * The users list in every order and under every filter, on this run's storage, compared with the
 * same list computed here in plain TypeScript from every row of the table: by the spec, not by the
 * code's design. The instance is large enough that each road the SQLite directory takes (a group or the locked accounts read
 * through their index, the trigram index, the in-memory copy with few or many matches, the sort's
 * index walked) is taken by some of the cases.
 */

const SEEDED = 6_000;
const EVERYONE_GROUP = 'everyone';

interface Everyone {
  id: number;
  username: string;
  display_name: string;
  email: string;
  enabled: 0 | 1;
  password_hash: string;
  role: Role;
  created_at: string;
  last_sign_in_at: string | null;
  locked_until: string | null;
  must_change_password: 0 | 1;
  groups: string | null;
}

type Filters = Omit<UserPageRequest, 'offset' | 'limit'>;

/** SQLite compares text as UTF-8 bytes (code points), not as UTF-16 units as JavaScript's < does. */
const compareText = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

const statusRank = (user: Everyone) => (user.password_hash === '' ? 2 : 0) + (user.enabled === 0 ? 1 : 0);

/** The spec of each order: its first key, then the username; "never" signed in sorts as the oldest. */
const KEYS: Readonly<Record<UserSortKey, (user: Everyone) => string | number>> = {
  username: (user) => user.username.toLowerCase(),
  displayName: (user) => user.display_name.toLowerCase(),
  email: (user) => user.email.toLowerCase(),
  role: (user) => roles.indexOf(user.role),
  status: statusRank,
  lastSignIn: (user) => user.last_sign_in_at ?? '',
  created: (user) => user.created_at,
};

function compareBy(sort: UserSortKey) {
  const key = KEYS[sort];
  return (a: Everyone, b: Everyone) => {
    const [x, y] = [key(a), key(b)];
    const first = typeof x === 'number' && typeof y === 'number' ? x - y : compareText(String(x), String(y));
    return first !== 0 ? first : compareText(a.username.toLowerCase(), b.username.toLowerCase());
  };
}

const matchesStatus = (user: Everyone, status: UserStatus) =>
  status === 'any' ||
  (status === 'enabled' && user.enabled === 1 && user.password_hash !== '') ||
  (status === 'disabled' && user.enabled === 0) ||
  (status === 'invited' && user.password_hash === '');

let storage: TestStorage;

/** Every user with their groups, read again after a test writes. */
let snapshot: Everyone[] = [];
const reread = async () => {
  const groups = new Map<number, number[]>();
  for (const { user_id: userId, group_id: groupId } of await storage.query<{
    user_id: number;
    group_id: number;
  }>('SELECT user_id, group_id FROM memberships'))
    groups.set(userId, [...(groups.get(userId) ?? []), groupId]);
  snapshot = (await storage.query<Omit<Everyone, 'groups'>>('SELECT * FROM users')).map((user) => ({
    ...user,
    groups: groups.get(user.id)?.join(',') ?? null,
  }));
};

function expected(filters: Filters): number[] {
  const now = new Date().toISOString();
  const text = filters.query.trim().toLowerCase();
  const users = snapshot;
  const ordered = users
    .filter(
      (user) =>
        [user.username, user.email, user.display_name].some((field) => field.toLowerCase().includes(text)) &&
        matchesStatus(user, filters.status ?? 'any') &&
        (!filters.locked || (user.locked_until !== null && user.locked_until > now)) &&
        (!filters.mustChangePassword || user.must_change_password === 1) &&
        (filters.role === undefined || user.role === filters.role) &&
        (filters.groupId === undefined || (user.groups ?? '').split(',').includes(String(filters.groupId))) &&
        (!filters.noGroup || user.groups === null),
    )
    .sort(compareBy(filters.sort ?? 'username'));
  if (filters.direction === 'desc') ordered.reverse();
  return ordered.map((user) => user.id);
}

let dir: string;
let directory: Directory;
const groupIds = new Map<string, number>();

const want = (filters: Filters) => expected(filters);

/** Every page of a list, checked against the expected one: each user exactly once, totals exact. */
async function expectAllPages(filters: Filters, limit: number) {
  const all = want(filters);
  const seen: number[] = [];
  for (let offset = 0; offset < all.length + limit; offset += limit) {
    const page = await directory.searchUsers({ ...filters, offset, limit });
    expect({ filters, offset, total: page.total }).toEqual({ filters, offset, total: all.length });
    seen.push(...page.items.map((item) => item.id));
  }
  expect(seen).toEqual(all);
  expect(new Set(seen).size).toBe(seen.length);
  return all.length;
}

async function expectFirstPage(filters: Filters, limit = 60) {
  const all = want(filters);
  const page = await directory.searchUsers({ ...filters, offset: 0, limit });
  expect({ filters, total: page.total }).toEqual({ filters, total: all.length });
  expect(page.items.map((item) => item.id)).toEqual(all.slice(0, limit));
  return all.length;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'roster-listing-'));
  storage = await openTestStorage(dir);
  ({ directory } = storage);
  await seedStorage(storage, {
    users: SEEDED,
    groups: 20,
    groupsPerUser: 2,
    passwordHash: '$argon2id$seeded',
  });
  // Every column the list sorts or filters by gets values with ties, nulls and rare states.
  for (const statement of [
    `UPDATE users SET
      created_at = '2024-01-' || ${twoDigits('1 + id % 28')} || 'T10:00:00.000Z',
      last_sign_in_at = CASE WHEN id % 3 = 0 THEN NULL
        ELSE '2025-0' || (1 + id % 9) || '-15T08:00:00.000Z' END,
      role = CASE id % 40 WHEN 1 THEN 'administrator' WHEN 2 THEN 'userManager'
        WHEN 3 THEN 'auditor' WHEN 4 THEN 'apiUser' ELSE 'user' END,
      must_change_password = CASE WHEN id % 97 = 5 THEN 1 ELSE 0 END,
      locked_until = CASE id % 150 WHEN 7 THEN '2999-01-01T00:00:00.000Z'
        WHEN 8 THEN '2001-01-01T00:00:00.000Z' ELSE NULL END`,
    "UPDATE users SET password_hash = '' WHERE id % 33 = 4",
    // Users in no group at all: a few hundred.
    'DELETE FROM memberships WHERE user_id % 17 = 3',
  ])
    await storage.query(statement);
  // Display names and emails that differ only in case, or only beyond ASCII.
  for (const [username, displayName, email] of [
    ['emile1', 'Émile Zola', 'EMILE@example.com'],
    ['emile2', 'émile Arnaud', 'emile@Example.com'],
    ['emile3', 'EMILE', 'Emile@example.com'],
    ['zed', 'Éa', 'a@b.example'],
    ['Ángel', 'ÁNGEL', 'angel@example.com'],
  ] as const) {
    await directory.createUser(newUser(username, { displayName, email }));
  }
  for (const { name, id } of await storage.query<{ name: string; id: number }>('SELECT name, id FROM groups'))
    groupIds.set(name, id);
  const everyone = await directory.createGroup(EVERYONE_GROUP);
  groupIds.set(EVERYONE_GROUP, everyone.id);
  await storage.query(
    'INSERT INTO memberships (group_id, user_id) SELECT CAST(? AS integer), id FROM users WHERE id % 17 <> 3',
    [everyone.id],
  );
  await reread();
}, 120_000);

afterAll(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sorting', () => {
  it.each(userSortKeys.flatMap((sort) => sortDirections.map((direction) => [sort, direction] as const)))(
    'by %s, %s: every page in the order computed here, ties by username',
    async (sort, direction) => {
      await expectAllPages({ query: '', sort, direction }, 1_000);
    },
  );

  it('ignores case in display names and emails, beyond ASCII too', async () => {
    const page = await directory.searchUsers({ query: 'emile', sort: 'displayName', offset: 0, limit: 10 });
    expect(page.items.map((user) => user.username)).toEqual(['emile3', 'emile2', 'emile1']);
    const byEmail = await directory.searchUsers({ query: 'emile@', sort: 'email', offset: 0, limit: 10 });
    expect(byEmail.items.map((user) => user.username)).toEqual(['emile1', 'emile2', 'emile3']);
  });

  it('puts "never signed in" first in ascending order and last in descending', async () => {
    const asc = await directory.searchUsers({ query: '', sort: 'lastSignIn', offset: 0, limit: 5 });
    expect(asc.items.every((user) => user.lastSignInAt === null)).toBe(true);
    const desc = await directory.searchUsers({
      query: '',
      sort: 'lastSignIn',
      direction: 'desc',
      offset: asc.total - 5,
      limit: 5,
    });
    expect(desc.items.every((user) => user.lastSignInAt === null)).toBe(true);
  });

  it('orders statuses enabled, disabled, invited, invited and disabled; roles by their power', async () => {
    const byStatus = await directory.searchUsers({ query: '', sort: 'status', offset: 0, limit: 10_000 });
    const ranks = byStatus.items.map((user) => (user.invited ? 2 : 0) + (user.enabled ? 0 : 1));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set(ranks)).toEqual(new Set([0, 1, 2, 3]));
    const byRole = await directory.searchUsers({ query: '', sort: 'role', offset: 0, limit: 10_000 });
    const seen = [...new Set(byRole.items.map((user) => user.role))];
    expect(seen).toEqual([...roles]);
  });
});

const TEXTS = ['', 'a', 'ch', 'anna', 'example.com', 'rossi1'] as const;

describe('filters', () => {
  const single: [string, Filters][] = [
    ['enabled', { query: '', status: 'enabled' }],
    ['disabled', { query: '', status: 'disabled' }],
    ['invited', { query: '', status: 'invited' }],
    ['locked', { query: '', locked: true }],
    ['must change password', { query: '', mustChangePassword: true }],
    ...roles.map((role): [string, Filters] => [`role ${role}`, { query: '', role }]),
    ['a group', { query: '', groupId: 3 }],
    ['a group of nearly everyone', { query: '', groupId: -1 }],
    ['no group', { query: '', noGroup: true }],
  ];
  const resolved = (filters: Filters): Filters =>
    filters.groupId === -1 ? { ...filters, groupId: groupIds.get(EVERYONE_GROUP) } : filters;

  it.each(single)(
    '%s: alone, and with texts of 1, 2 and 3+ characters, in two orders',
    async (_label, filters) => {
      for (const query of TEXTS) {
        await expectFirstPage(resolved({ ...filters, query }));
        await expectFirstPage(resolved({ ...filters, query, sort: 'displayName', direction: 'desc' }));
      }
    },
  );

  it.each(single)('%s: with each other filter', async (_label, filters) => {
    for (const [, other] of single) {
      const both = resolved({ ...resolved(other), ...filters, query: 'e', sort: 'created' });
      if (both.groupId !== undefined && both.noGroup) continue;
      if (other.status !== undefined && filters.status !== undefined) continue;
      if (other.role !== undefined && filters.role !== undefined) continue;
      await expectFirstPage(both, 40);
    }
  });

  it('visits every matching user exactly once, paging a sorted, filtered list', async () => {
    expect(
      await expectAllPages({ query: 'a', status: 'enabled', sort: 'email', direction: 'desc' }, 700),
    ).toBeGreaterThan(2_000);
    expect(
      await expectAllPages({ query: 'o', role: 'user', noGroup: true, sort: 'lastSignIn' }, 50),
    ).toBeGreaterThan(20);
    await expectAllPages(
      { query: '', groupId: groupIds.get(EVERYONE_GROUP), status: 'disabled', sort: 'role' },
      97,
    );
    await expectAllPages({ query: 'example', locked: true, sort: 'status', direction: 'desc' }, 3);
    // Username order, the in-memory copy's own, cut from either end.
    await expectAllPages({ query: 'e', status: 'disabled', direction: 'desc' }, 37);
    await expectAllPages({ query: '', noGroup: true, role: 'user', direction: 'desc' }, 41);
    await expectAllPages({ query: 'o', mustChangePassword: true }, 7);
    await expectAllPages({ query: 'anna', mustChangePassword: false, status: 'invited', sort: 'created' }, 5);
  });

  it('answers an empty page past the end, with the total', async () => {
    const total = want({ query: 'a', status: 'enabled' }).length;
    const page = await directory.searchUsers({
      query: 'a',
      status: 'enabled',
      offset: total + 10,
      limit: 10,
    });
    expect(page).toEqual({ total, offset: total + 10, items: [] });
  });
});

describe('after writes', () => {
  it('follows writes made through the directory and straight to the table on its connection', async () => {
    const query = { query: 'a', role: 'auditor', sort: 'displayName' } as const;
    await expectFirstPage(query);
    const [first] = want({ query: 'a', role: 'user' });
    // Another writer on this connection (the sign-in service, a migration) reports nothing.
    await storage.query("UPDATE users SET role = 'auditor' WHERE id = ?", [first]);
    await reread();
    expect(want(query)).toContain(first);
    await expectFirstPage(query);
    await directory.updateUser(first as number, { displayName: 'Aaaa First', enabled: false });
    await reread();
    await expectFirstPage({ ...query, status: 'disabled' });
    const noGroup = { query: 'a', noGroup: true, sort: 'username' } as const;
    await expectFirstPage(noGroup);
    await storage.query('DELETE FROM memberships WHERE user_id = ?', [first]);
    await reread();
    expect(want(noGroup)).toContain(first);
    await expectFirstPage(noGroup);
    await storage.query("UPDATE users SET locked_until = '2999-01-01T00:00:00.000Z' WHERE id = ?", [first]);
    await reread();
    await expectFirstPage({ query: '', locked: true, sort: 'displayName' });
    await directory.deleteUser(first as number);
    await reread();
    await expectFirstPage(query);
  });

  it('keeps the orders held in memory in step with writes that move users in them, both ways', async () => {
    // Nearly everyone matches: each page is picked out of the order held in memory.
    const text = 'e';
    const kept = ['displayName', 'email', 'role', 'status', 'created'] as const;
    const everyOrder = async () => {
      await reread();
      for (const sort of kept) {
        for (const direction of sortDirections) {
          expect(await expectAllPages({ query: text, sort, direction }, 1_500)).toBeGreaterThan(2_000);
        }
      }
    };
    await everyOrder();
    const [first, second, third, fourth, fifth] = want({ query: text, sort: 'displayName' }) as [
      number,
      number,
      number,
      number,
      number,
    ];
    await directory.updateUser(first, { displayName: 'Zzzz Last' });
    await directory.updateUser(second, { email: 'aaaa-first@example.com', enabled: false });
    await directory.setRole(third, 'administrator');
    // Writes nobody reports, one leaving an empty display name, which only such a write can.
    await storage.query("UPDATE users SET role = 'auditor', enabled = 0 WHERE id = ?", [fourth]);
    const [{ search_text: searchText } = { search_text: '' }] = await storage.query<{ search_text: string }>(
      'SELECT search_text FROM users WHERE id = ?',
      [fifth],
    );
    await storage.query("UPDATE users SET display_name = '', search_text = ? WHERE id = ?", [
      searchText.slice(0, searchText.lastIndexOf('\n') + 1),
      fifth,
    ]);
    const created = await directory.createUser(newUser('aaaa-new', { displayName: 'Mmm Middle' }));
    await directory.deleteUser(want({ query: text, sort: 'email', direction: 'desc' })[0] as number);
    await everyOrder();
    expect(want({ query: text, sort: 'displayName' })[0]).toBe(fifth);
    expect(want({ query: text, sort: 'username' })[0]).toBe(created.id);
  });
});

describe('refusals through the contract', () => {
  const { tempDir, onCleanup } = useTempDirs();

  it('refuses a group together with "in no group", and an unknown order, as invalid input', async () => {
    const t = await openTestCore(tempDir(), { keychain: new MemoryKeychain(), onRunStorage: true });
    onCleanup(() => t.close());
    const page = { query: '', offset: 0, limit: 10 };
    expect(valueOf(await t.call('directory.users.search', { page: { ...page, noGroup: true } })).total).toBe(
      0,
    );
    for (const refused of [
      { ...page, groupId: 1, noGroup: true },
      { ...page, sort: 'password' },
      { ...page, direction: 'up' },
      { ...page, role: 'owner' },
      { ...page, locked: 'yes' },
    ]) {
      expect(refusalOf(await t.raw('directory.users.search', { page: refused })).code).toBe('INVALID_INPUT');
    }
  });
});
