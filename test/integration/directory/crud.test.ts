import { beforeEach, describe, expect, it } from 'vitest';
import { tokenAccount } from '../../../electron/secrets/keychain';
import { hashToken } from '../../../electron/secrets/tokenSecrets';
import type { GroupSummary, TokenPair, UserDetail } from '../../../shared/domain/directory';
import { TEST_ARGON2ID } from '../../support/testHasher';
import { hasher } from './support/instanceDb';
import { MemoryKeychain } from './support/memoryKeychain';
import { ACTOR, openTestCore, refusalOf, valueOf, type TestCore } from './support/rosterCore';
import type { StorageLook } from './support/storage';
import { useTempDirs } from './support/tempDirs';

/** Create, read, update, enable, delete, membership and audit, through the contract into real storage. */

const { tempDir, onCleanup } = useTempDirs();

let t: TestCore;
let keychain: MemoryKeychain;
let look: StorageLook;

const DETAIL_KEYS = [
  'createdAt',
  'displayName',
  'email',
  'enabled',
  'groups',
  'id',
  'invited',
  'lastSignInAt',
  'mayResetOwnPassword',
  'mustChangePassword',
  'role',
  'token',
  'updatedAt',
  'username',
  'version',
];
const SUMMARY_KEYS = [
  'createdAt',
  'displayName',
  'email',
  'enabled',
  'id',
  'invited',
  'lastSignInAt',
  'role',
  'username',
];
/**
 * PHC string of argon2id at the parameters of the hasher the directory was given (the tests' own,
 * testHasher.ts), m,t,p in the spec's order: the directory stores what its hasher makes, nothing else.
 */
const { memoryKiB, iterations, parallelism } = TEST_ARGON2ID;
const ARGON2ID = new RegExp(
  `^\\$argon2id\\$v=19\\$m=${memoryKiB},t=${iterations},p=${parallelism}\\$[A-Za-z0-9+/]{16,}\\$[A-Za-z0-9+/]{32,}$`,
);

beforeEach(async () => {
  keychain = new MemoryKeychain();
  t = await openTestCore(tempDir(), { keychain, onRunStorage: true });
  onCleanup(() => t.close());
  // The storage exists once the directory was first used.
  valueOf(await t.call('directory.users.nextUsername', {}));
  look = await t.look();
  // The first user becomes the administrator, and the last enabled administrator may not be
  // disabled or deleted: the users under test come after it.
  await createUser('admin');
});

const createUser = async (username: string, password = `${username}-pw`, enabled = true) =>
  valueOf(
    await t.call('directory.users.create', {
      user: {
        username,
        password,
        displayName: `The ${username}`.padEnd(4, '_'),
        email: `${username}@example.com`,
        enabled,
      },
    }),
  );
const createGroup = async (name: string) =>
  valueOf(await t.call('directory.groups.create', { group: { name } }));
const storedHash = async (id: number) => {
  const [row] = await look.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = ?', [
    id,
  ]);
  if (!row) throw new Error(`No user ${id} is stored.`);
  return row.password_hash;
};
const membershipsOf = async (userId: number) =>
  (
    await look.query<{ group_id: number }>(
      'SELECT group_id FROM memberships WHERE user_id = ? ORDER BY group_id',
      [userId],
    )
  ).map((row) => row.group_id);
const groupNames = (detail: UserDetail) => detail.groups.map((group) => group.name);

describe('creating a user', () => {
  it('returns the detail, with no password or hash among its keys', async () => {
    const created = await createUser('dana', 'hunter2!');
    expect(Object.keys(created).sort()).toEqual(DETAIL_KEYS);
    expect(created).toMatchObject({
      username: 'dana',
      displayName: 'The dana',
      email: 'dana@example.com',
      enabled: true,
      role: 'user',
      groups: [],
      token: null,
      invited: false,
      lastSignInAt: null,
      mustChangePassword: false,
      mayResetOwnPassword: true,
    });
    const serialized = JSON.stringify(created);
    expect(serialized).not.toContain('hunter2!');
    expect(serialized).not.toContain('argon2');
    expect(serialized).not.toContain(await storedHash(created.id));

    const read = valueOf(await t.call('directory.users.get', { userId: created.id }));
    expect(read).toEqual(created);
    const listed = valueOf(await t.call('directory.users.search', { page: { query: 'dana' } }));
    expect(listed.items.map((item) => Object.keys(item).sort())).toEqual([SUMMARY_KEYS]);
  });

  it('stores an argon2id hash that verifies, never the password, salted per user', async () => {
    const first = await createUser('erin', 'same-secret');
    const second = await createUser('frank', 'same-secret');
    const hash = await storedHash(first.id);
    expect(hash).toMatch(ARGON2ID);
    expect(hash).not.toContain('same-secret');
    expect(await hasher.verify(hash, 'same-secret')).toBe(true);
    expect(await hasher.verify(hash, 'other-secret')).toBe(false);
    expect(await storedHash(second.id)).not.toBe(hash);
    const [row] = await look.query<Record<string, unknown>>('SELECT * FROM users WHERE id = ?', [first.id]);
    expect(row).toBeDefined();
    expect(Object.values(row ?? {})).not.toContain('same-secret');
  });

  it('trims the username, display name and email, and keeps the username case', async () => {
    const created = valueOf(
      await t.call('directory.users.create', {
        user: {
          username: '  MixedCase ',
          password: 'pass-word',
          displayName: '  Mixed Case  ',
          email: ' m@x.io ',
        },
      }),
    );
    expect(created).toMatchObject({ username: 'MixedCase', displayName: 'Mixed Case', email: 'm@x.io' });
  });
});

describe('updating a user', () => {
  it('changes the display name, email and password; the username stays', async () => {
    const user = await createUser('gina', 'old-pass');
    const oldHash = await storedHash(user.id);
    const updated = valueOf(
      await t.call('directory.users.update', {
        userId: user.id,
        changes: { displayName: 'Gina Lollo', email: 'gina@corp.example', password: 'new-pass' },
      }),
    );
    expect(updated).toMatchObject({
      id: user.id,
      username: 'gina',
      displayName: 'Gina Lollo',
      email: 'gina@corp.example',
    });
    expect(updated.createdAt).toBe(user.createdAt);
    expect(updated.updatedAt >= user.updatedAt).toBe(true);
    expect(valueOf(await t.call('directory.users.get', { userId: user.id }))).toEqual(updated);

    const newHash = await storedHash(user.id);
    expect(newHash).not.toBe(oldHash);
    expect(newHash).toMatch(ARGON2ID);
    expect(await hasher.verify(newHash, 'new-pass')).toBe(true);
    expect(await hasher.verify(newHash, 'old-pass')).toBe(false);

    // The search follows the new values, not the old ones.
    const search = async (query: string) =>
      valueOf(await t.call('directory.users.search', { page: { query } })).items.map((item) => item.id);
    expect(await search('corp.example')).toEqual([user.id]);
    expect(await search('lollo')).toEqual([user.id]);
    expect(await search('gina@example.com')).toEqual([]);
  });

  it('keeps the password hash when the password is not among the changes', async () => {
    const user = await createUser('hank');
    const hash = await storedHash(user.id);
    valueOf(await t.call('directory.users.update', { userId: user.id, changes: { email: 'hank@x.io' } }));
    expect(await storedHash(user.id)).toBe(hash);
  });

  it('refuses a username change as an unknown field, and writes nothing', async () => {
    const user = await createUser('ivan');
    const before = await look.state();
    const error = refusalOf(
      await t.raw('directory.users.update', {
        userId: user.id,
        changes: { username: 'ivan2', email: 'i@x.io' },
      }),
    );
    expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'changes' });
    expect(await look.state()).toEqual(before);
    expect(valueOf(await t.call('directory.users.get', { userId: user.id }))).toMatchObject({
      username: 'ivan',
      email: 'ivan@example.com',
    });
  });

  it('disables and enables again; the list shows it', async () => {
    const user = await createUser('jane');
    const disabled = valueOf(await t.call('directory.users.setEnabled', { userId: user.id, enabled: false }));
    expect(disabled.enabled).toBe(false);
    expect(
      valueOf(await t.call('directory.users.search', { page: { query: 'jane' } })).items[0]?.enabled,
    ).toBe(false);
    expect(await look.query('SELECT enabled FROM users WHERE id = ?', [user.id])).toEqual([{ enabled: 0 }]);
    const enabled = valueOf(await t.call('directory.users.setEnabled', { userId: user.id, enabled: true }));
    expect(enabled.enabled).toBe(true);
    expect(valueOf(await t.call('directory.users.get', { userId: user.id })).enabled).toBe(true);
  });
});

describe('deleting users', () => {
  it('deletes several at once with their memberships (cascade), token rows and keychain entries', async () => {
    const [u1, u2, u3, u4] = [
      await createUser('kim'),
      await createUser('lee'),
      await createUser('max'),
      await createUser('ned'),
    ];
    const [g1, g2] = [await createGroup('Ops'), await createGroup('Dev')];
    valueOf(await t.call('directory.groups.addMembers', { groupId: g1.id, userIds: [u1.id, u2.id, u4.id] }));
    valueOf(await t.call('directory.groups.addMembers', { groupId: g2.id, userIds: [u2.id, u3.id, u4.id] }));
    valueOf(await t.call('directory.tokens.generate', { userId: u1.id }));
    valueOf(await t.call('directory.tokens.generate', { userId: u2.id }));
    valueOf(await t.call('directory.tokens.generate', { userId: u4.id }));
    // Five users: the administrator and these four.
    expect((await look.state()).counts).toMatchObject({ users: 5, memberships: 6, tokens: 3 });

    const result = valueOf(await t.call('directory.users.delete', { userIds: [u1.id, u2.id, u3.id] }));
    expect(result).toEqual({ deleted: 3 });
    expect((await look.state()).counts).toMatchObject({ users: 2, groups: 2, memberships: 2, tokens: 1 });
    const orphans = await look.query(
      'SELECT count(*) AS n FROM memberships WHERE user_id NOT IN (SELECT id FROM users) OR user_id IN (?, ?, ?)',
      [u1.id, u2.id, u3.id],
    );
    expect(orphans).toEqual([{ n: 0 }]);
    expect([...keychain.entries.keys()]).toEqual([tokenAccount(t.instanceId, u4.id)]);
    for (const gone of [u1, u2, u3])
      expect(refusalOf(await t.call('directory.users.get', { userId: gone.id })).code).toBe('NOT_FOUND');

    const survivor = valueOf(await t.call('directory.users.get', { userId: u4.id }));
    expect(groupNames(survivor)).toEqual(['Dev', 'Ops']);
    expect(survivor.groups.map((group) => group.memberCount)).toEqual([1, 1]);
    expect(survivor.token).not.toBeNull();
  });
});

describe('group membership', () => {
  it('setUserGroups replaces the groups with exactly the given ones', async () => {
    const user = await createUser('olga');
    const [g1, g2, g3] = [await createGroup('Alpha'), await createGroup('Beta'), await createGroup('Gamma')];
    const first = valueOf(
      await t.call('directory.users.setGroups', { userId: user.id, groupIds: [g1.id, g2.id] }),
    );
    expect(groupNames(first)).toEqual(['Alpha', 'Beta']);
    expect(await membershipsOf(user.id)).toEqual([g1.id, g2.id]);

    const second = valueOf(
      await t.call('directory.users.setGroups', { userId: user.id, groupIds: [g3.id, g2.id] }),
    );
    expect(groupNames(second)).toEqual(['Beta', 'Gamma']);
    expect(await membershipsOf(user.id)).toEqual([g2.id, g3.id].sort((a, b) => a - b));

    const none = valueOf(await t.call('directory.users.setGroups', { userId: user.id, groupIds: [] }));
    expect(none.groups).toEqual([]);
    expect(await membershipsOf(user.id)).toEqual([]);
  });

  it('adds and removes members from the group side, with member counts on both sides', async () => {
    const [pam, quinn, rita] = [await createUser('pam'), await createUser('Quinn'), await createUser('rita')];
    const group = await createGroup('Support');
    const members = (query = '') =>
      t.call('directory.groups.members', { groupId: group.id, page: { query } }).then(valueOf);

    let summary: GroupSummary = valueOf(
      await t.call('directory.groups.addMembers', {
        groupId: group.id,
        userIds: [rita.id, pam.id, quinn.id],
      }),
    );
    expect(summary).toEqual({
      id: group.id,
      name: 'Support',
      description: '',
      memberCount: 3,
      version: expect.any(Number) as number,
    });
    // A membership change is a write to the group: its version moves.
    expect(summary.version).toBeGreaterThan(group.version);
    // Adding someone who is already a member changes nothing.
    summary = valueOf(await t.call('directory.groups.addMembers', { groupId: group.id, userIds: [pam.id] }));
    expect(summary.memberCount).toBe(3);
    const page = await members();
    expect(page.total).toBe(3);
    expect(page.items.map((item) => item.username)).toEqual(['pam', 'Quinn', 'rita']);
    expect((await members('QUI')).items.map((item) => item.username)).toEqual(['Quinn']);
    expect(groupNames(valueOf(await t.call('directory.users.get', { userId: pam.id })))).toEqual(['Support']);

    summary = valueOf(
      await t.call('directory.groups.removeMembers', { groupId: group.id, userIds: [pam.id] }),
    );
    expect(summary.memberCount).toBe(2);
    const removedAt = summary.version;
    expect((await members()).items.map((item) => item.username)).toEqual(['Quinn', 'rita']);
    expect(valueOf(await t.call('directory.users.get', { userId: pam.id })).groups).toEqual([]);
    const listed = valueOf(await t.call('directory.groups.search', { page: { query: 'supp' } }));
    expect(listed).toEqual({
      total: 1,
      offset: 0,
      items: [{ id: group.id, name: 'Support', description: '', memberCount: 2, version: removedAt }],
    });
  });

  it('deleting a group removes its memberships and keeps its users', async () => {
    const user = await createUser('sam');
    const group = await createGroup('Temp');
    valueOf(await t.call('directory.groups.addMembers', { groupId: group.id, userIds: [user.id] }));
    expect(valueOf(await t.call('directory.groups.delete', { groupId: group.id }))).toBeNull();
    // The user and the administrator.
    expect((await look.state()).counts).toMatchObject({ users: 2, groups: 0, memberships: 0 });
    expect(valueOf(await t.call('directory.users.get', { userId: user.id })).groups).toEqual([]);
  });
});

describe('the audit log', () => {
  interface AuditRow {
    actor: string;
    action: string;
    target_type: string;
    target_id: number;
    before: string | null;
    after: string | null;
  }

  it('records every change with actor, action, target and before/after, and never a secret', async () => {
    // Only the rows written after the administrator was created in beforeEach.
    const start = (await look.query<{ start: number }>('SELECT max(id) AS start FROM audit_log'))[0]?.start;
    const passwords = ['first-pass', 'second-pass', 'third-pass'];
    const user = await createUser('tess', passwords[0]);
    const hashes = [await storedHash(user.id)];
    const other = await createUser('uma', passwords[2], false);
    hashes.push(await storedHash(other.id));
    valueOf(
      await t.call('directory.users.update', {
        userId: user.id,
        changes: { displayName: 'Tess Tower', password: passwords[1] },
      }),
    );
    hashes.push(await storedHash(user.id));
    const group = await createGroup('Audit');
    valueOf(await t.call('directory.users.setGroups', { userId: user.id, groupIds: [group.id] }));
    valueOf(await t.call('directory.groups.addMembers', { groupId: group.id, userIds: [other.id] }));
    valueOf(await t.call('directory.groups.removeMembers', { groupId: group.id, userIds: [other.id] }));
    const pairs: TokenPair[] = [
      valueOf(await t.call('directory.tokens.generate', { userId: user.id })),
      valueOf(await t.call('directory.tokens.generate', { userId: user.id })),
    ];
    valueOf(await t.call('directory.tokens.revoke', { userId: user.id }));
    valueOf(await t.call('directory.users.setEnabled', { userId: other.id, enabled: true }));
    valueOf(await t.call('directory.groups.delete', { groupId: group.id }));
    valueOf(await t.call('directory.users.delete', { userIds: [user.id, other.id] }));

    const rows = await look.query<AuditRow>(
      'SELECT actor, action, target_type, target_id, before, after FROM audit_log WHERE id > ? ORDER BY id',
      [start],
    );
    expect(rows.map((row) => [row.action, row.target_type, row.target_id])).toEqual([
      ['user.create', 'user', user.id],
      ['user.create', 'user', other.id],
      ['user.update', 'user', user.id],
      ['group.create', 'group', group.id],
      ['user.groups', 'user', user.id],
      ['group.addMembers', 'group', group.id],
      ['group.removeMembers', 'group', group.id],
      ['token.generate', 'user', user.id],
      ['token.generate', 'user', user.id],
      ['token.revoke', 'user', user.id],
      ['user.enable', 'user', other.id],
      ['group.delete', 'group', group.id],
      ['user.delete', 'user', user.id],
      ['user.delete', 'user', other.id],
    ]);
    expect(new Set(rows.map((row) => row.actor))).toEqual(new Set([ACTOR]));

    const json = (text: string | null) => (text === null ? null : (JSON.parse(text) as unknown));
    const byAction = (action: string) => rows.filter((row) => row.action === action);
    expect(json(rows[0]?.after ?? null)).toEqual({
      username: 'tess',
      displayName: 'The tess',
      email: 'tess@example.com',
      enabled: true,
      mayResetOwnPassword: true,
      role: 'user',
    });
    const [update] = byAction('user.update');
    expect(json(update?.before ?? null)).toEqual({ displayName: 'The tess' });
    expect(json(update?.after ?? null)).toEqual({
      displayName: 'Tess Tower',
      passwordChanged: true,
      sessionsEnded: 0,
    });
    expect(json(byAction('user.enable')[0]?.before ?? null)).toEqual({ enabled: false });
    expect(json(byAction('user.enable')[0]?.after ?? null)).toEqual({ enabled: true });
    expect(json(byAction('user.groups')[0]?.after ?? null)).toEqual({ groups: ['Audit'] });
    expect(json(byAction('group.addMembers')[0]?.after ?? null)).toEqual({ added: ['uma'] });
    expect(json(byAction('group.removeMembers')[0]?.after ?? null)).toEqual({ removed: ['uma'] });
    expect(json(byAction('user.delete')[0]?.before ?? null)).toMatchObject({ username: 'tess' });

    // Grep every before/after text for anything secret.
    const audit = rows.map((row) => `${row.before ?? ''}\n${row.after ?? ''}`).join('\n');
    const secrets = [
      ...passwords,
      ...hashes,
      ...pairs.flatMap((pair) => [pair.accessToken, pair.refreshToken]),
      ...pairs.flatMap((pair) => [hashToken(pair.accessToken), hashToken(pair.refreshToken)]),
    ];
    for (const secret of secrets) expect(audit).not.toContain(secret);
    expect(audit).not.toMatch(/argon2|password_hash|passwordHash|accessToken|refreshToken|access_hash/i);
  });

  it('writes no audit row for a refused change', async () => {
    const user = await createUser('vera');
    const before = await look.state();
    refusalOf(await t.call('directory.users.update', { userId: user.id, changes: { displayName: 'No' } }));
    refusalOf(
      await t.call('directory.users.create', {
        user: { username: 'VERA', password: 'abcdef', displayName: 'Vera Two', email: 'v@x.io' },
      }),
    );
    expect(await look.state()).toEqual(before);
  });
});
