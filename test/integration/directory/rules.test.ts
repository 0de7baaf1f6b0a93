import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Result, RosterErrorCode } from '../../../shared/contract/errors';
import type { GroupSummary, UserDetail } from '../../../shared/domain/directory';
import { MemoryKeychain } from './support/memoryKeychain';
import { openTestCore, refusalOf, valueOf, type TestCore } from './support/rosterCore';
import type { StorageLook } from './support/storage';
import { useTempDirs } from './support/tempDirs';

/**
 * Every rule of seed 000, checked on the main side: each call goes through the
 * full contract and the validating dispatcher into the real directory of this
 * run's storage (an SQLite file or a PostgreSQL database, argon2 hasher). Every
 * refusal names its code and field, and leaves the storage and the keychain
 * exactly as they were.
 */

const { tempDir, onCleanup } = useTempDirs();

let t: TestCore;
let keychain: MemoryKeychain;
let look: StorageLook;
let alice: UserDetail;
let bob: UserDetail;
let admins: GroupSummary;

const MISSING_ID = 987_654;

const valid = {
  username: 'carol',
  password: 'secret5',
  displayName: 'Carol Jones',
  email: 'carol@example.com',
};

beforeEach(async () => {
  keychain = new MemoryKeychain();
  t = await openTestCore(tempDir(), { keychain, onRunStorage: true });
  onCleanup(() => t.close());
  alice = valueOf(
    await t.call('directory.users.create', {
      user: {
        username: 'alice',
        password: 'alice-pw',
        displayName: 'Alice Smith',
        email: 'alice@example.com',
      },
    }),
  );
  bob = valueOf(
    await t.call('directory.users.create', {
      user: {
        username: 'bob',
        password: 'bob-pw1',
        displayName: 'Bob Brown',
        email: 'bob@example.com',
        enabled: false,
      },
    }),
  );
  admins = valueOf(await t.call('directory.groups.create', { group: { name: 'Admins' } }));
  valueOf(await t.call('directory.groups.addMembers', { groupId: admins.id, userIds: [alice.id] }));
  valueOf(await t.call('directory.tokens.generate', { userId: alice.id }));
  // Opened once the storage exists; it sees every commit the core's directory makes.
  look = await t.look();
  expect((await look.state()).counts).toEqual({
    users: 2,
    groups: 1,
    memberships: 1,
    tokens: 1,
    audit_log: 5,
  });
});

/** Runs `attempt` and checks the refusal, and that neither the storage nor the keychain changed. */
async function expectRefused(
  attempt: () => Promise<Result<unknown>>,
  code: RosterErrorCode,
  field: string,
  message?: RegExp,
) {
  const before = await look.state();
  const secrets = new Map(keychain.entries);
  const error = refusalOf(await attempt());
  expect(error).toMatchObject({ code, field });
  expect(error.message.length).toBeGreaterThan(0);
  if (message) expect(error.message).toMatch(message);
  expect(await look.state()).toEqual(before);
  expect(keychain.entries).toEqual(secrets);
  return error;
}

const create = (overrides: Partial<typeof valid>) => () =>
  t.call('directory.users.create', { user: { ...valid, ...overrides } });

describe('creating a user: each rule is refused with its field, and nothing is written', () => {
  it.each([
    ['empty', ''],
    ['blank', '    '],
  ])('refuses a %s username as required', async (_label, username) => {
    await expectRefused(create({ username }), 'INVALID_INPUT', 'user.username', /Enter a username/);
  });

  it.each(['has space', 'bad!name', 'ünïcode', 'a/b', 'semi;colon', 'quote"d', 'tab\tbed', 'emoji🎉'])(
    'refuses the username %j for its characters',
    async (username) => {
      await expectRefused(create({ username }), 'INVALID_INPUT', 'user.username', /letters, digits/);
    },
  );

  it('refuses a username over 64 characters, and accepts exactly 64', async () => {
    await expectRefused(create({ username: 'a'.repeat(65) }), 'INVALID_INPUT', 'user.username', /64/);
    const created = valueOf(
      await t.call('directory.users.create', { user: { ...valid, username: 'a'.repeat(64) } }),
    );
    expect(created.username).toBe('a'.repeat(64));
  });

  it.each(['ALICE', 'Alice', 'aLiCe', '  alice  '])(
    'refuses %j as a duplicate of "alice", whatever the case (CONFLICT on username)',
    async (username) => {
      await expectRefused(create({ username }), 'CONFLICT', 'username', /already exists/);
    },
  );

  it('refuses an empty password at the boundary', async () => {
    await expectRefused(create({ password: '' }), 'INVALID_INPUT', 'user.password', /Enter a password/);
  });

  // The instance's password policy (5 to 20 by default) is the directory's to check, inside the write.
  it.each([
    ['4 characters', 'abcd'],
    ['21 characters', 'x'.repeat(21)],
  ])('refuses a password of %s by the default policy', async (_label, password) => {
    await expectRefused(create({ password }), 'INVALID_INPUT', 'password', /5 to 20/);
  });

  it('accepts passwords of exactly 5 and 20 characters, spaces included (never trimmed)', async () => {
    valueOf(
      await t.call('directory.users.create', { user: { ...valid, username: 'five', password: '  a  ' } }),
    );
    valueOf(
      await t.call('directory.users.create', {
        user: { ...valid, username: 'twenty', password: 'p'.repeat(20) },
      }),
    );
    expect((await look.state()).counts.users).toBe(4);
  });

  it.each([
    ['empty', ''],
    ['3 characters', 'Abc'],
    ['3 characters once trimmed', '   Abc   '],
    ['21 characters', 'D'.repeat(21)],
  ])('refuses a display name of %s', async (_label, displayName) => {
    await expectRefused(create({ displayName }), 'INVALID_INPUT', 'user.displayName', /4 to 20/);
  });

  it('accepts display names of exactly 4 and 20 characters', async () => {
    valueOf(
      await t.call('directory.users.create', { user: { ...valid, username: 'd4', displayName: 'Abcd' } }),
    );
    valueOf(
      await t.call('directory.users.create', {
        user: { ...valid, username: 'd20', displayName: 'D'.repeat(20) },
      }),
    );
    expect((await look.state()).counts.users).toBe(4);
  });

  it.each([
    '',
    'not-an-email',
    'carol@',
    '@example.com',
    'carol at example.com',
    'carol@example',
    'a b@example.com',
  ])('refuses the email %j', async (email) => {
    await expectRefused(create({ email }), 'INVALID_INPUT', 'user.email');
  });

  it('refuses a field the contract does not know, such as a password hash', async () => {
    await expectRefused(
      () => t.raw('directory.users.create', { user: { ...valid, passwordHash: '$argon2id$forged' } }),
      'INVALID_INPUT',
      'user',
      /Unexpected field: passwordHash/,
    );
  });
});

describe('editing a user: the same rules, and the username cannot change', () => {
  it.each([
    ['password', { password: '' }, 'changes.password'],
    ['password', { password: 'abcd' }, 'password'],
    ['password', { password: 'x'.repeat(21) }, 'password'],
    ['displayName', { displayName: 'Abc' }, 'changes.displayName'],
    ['displayName', { displayName: 'D'.repeat(21) }, 'changes.displayName'],
    ['email', { email: 'nope' }, 'changes.email'],
  ])('refuses a bad %s', async (_label, changes, field) => {
    await expectRefused(
      () => t.call('directory.users.update', { userId: alice.id, changes }),
      'INVALID_INPUT',
      field,
    );
  });

  it('refuses a username among the changes: the schema has no such field', async () => {
    await expectRefused(
      () => t.raw('directory.users.update', { userId: alice.id, changes: { username: 'mallory' } }),
      'INVALID_INPUT',
      'changes',
      /Unexpected field: username/,
    );
    expect(valueOf(await t.call('directory.users.get', { userId: alice.id })).username).toBe('alice');
  });
});

describe('groups: a name is required and unique regardless of case', () => {
  it.each([
    ['empty', ''],
    ['blank', '   '],
  ])('refuses an %s group name', async (_label, name) => {
    await expectRefused(
      () => t.call('directory.groups.create', { group: { name } }),
      'INVALID_INPUT',
      'group.name',
      /Enter a group name/,
    );
  });

  it('refuses a group name over 64 characters', async () => {
    await expectRefused(
      () => t.call('directory.groups.create', { group: { name: 'g'.repeat(65) } }),
      'INVALID_INPUT',
      'group.name',
    );
  });

  it.each(['Admins', 'admins', 'ADMINS', '  aDmInS '])(
    'refuses %j as a duplicate of "Admins"',
    async (name) => {
      await expectRefused(
        () => t.call('directory.groups.create', { group: { name } }),
        'CONFLICT',
        'name',
        /already exists/,
      );
    },
  );
});

describe('unknown ids are NOT_FOUND and change nothing', () => {
  const userCalls: [string, () => Promise<Result<unknown>>][] = [
    ['users.get', () => t.call('directory.users.get', { userId: MISSING_ID })],
    [
      'users.update',
      () => t.call('directory.users.update', { userId: MISSING_ID, changes: { displayName: 'Nobody Here' } }),
    ],
    [
      'users.update (with a password)',
      () => t.call('directory.users.update', { userId: MISSING_ID, changes: { password: 'new-pass' } }),
    ],
    ['users.setEnabled', () => t.call('directory.users.setEnabled', { userId: MISSING_ID, enabled: false })],
    [
      'users.setGroups',
      () => t.call('directory.users.setGroups', { userId: MISSING_ID, groupIds: [admins.id] }),
    ],
    ['tokens.generate', () => t.call('directory.tokens.generate', { userId: MISSING_ID })],
    ['tokens.read', () => t.call('directory.tokens.read', { userId: MISSING_ID })],
    ['tokens.revoke', () => t.call('directory.tokens.revoke', { userId: MISSING_ID })],
  ];
  it.each(userCalls)('%s of an unknown user', async (_label, attempt) => {
    await expectRefused(attempt, 'NOT_FOUND', 'userId');
  });

  const groupCalls: [string, () => Promise<Result<unknown>>][] = [
    ['groups.delete', () => t.call('directory.groups.delete', { groupId: MISSING_ID })],
    ['groups.members', () => t.call('directory.groups.members', { groupId: MISSING_ID, page: {} })],
    [
      'groups.addMembers',
      () => t.call('directory.groups.addMembers', { groupId: MISSING_ID, userIds: [alice.id] }),
    ],
    [
      'groups.removeMembers',
      () => t.call('directory.groups.removeMembers', { groupId: MISSING_ID, userIds: [alice.id] }),
    ],
  ];
  it.each(groupCalls)('%s of an unknown group', async (_label, attempt) => {
    await expectRefused(attempt, 'NOT_FOUND', 'groupId');
  });

  it('setting a user into an unknown group (with a real one alongside) is refused as a whole', async () => {
    await expectRefused(
      () => t.call('directory.users.setGroups', { userId: bob.id, groupIds: [admins.id, MISSING_ID] }),
      'NOT_FOUND',
      'groupIds',
    );
  });

  it.each(['addMembers', 'removeMembers'] as const)(
    '%s with one unknown user among known ones is refused as a whole',
    async (action) => {
      await expectRefused(
        () => t.call(`directory.groups.${action}`, { groupId: admins.id, userIds: [bob.id, MISSING_ID] }),
        'NOT_FOUND',
        'userIds',
      );
    },
  );

  it('an unknown instance is NOT_FOUND', async () => {
    const before = await look.state();
    const error = refusalOf(
      await t.core.dispatch('directory.users.create', { instanceId: randomUUID(), user: valid }),
    );
    expect(error).toMatchObject({ code: 'NOT_FOUND', field: 'instanceId' });
    expect(await look.state()).toEqual(before);
  });

  it('deleting only users that no longer exist deletes nothing', async () => {
    const before = await look.state();
    expect(
      valueOf(await t.call('directory.users.delete', { userIds: [MISSING_ID, MISSING_ID + 1] })),
    ).toEqual({
      deleted: 0,
    });
    expect(await look.state()).toEqual(before);
  });
});

describe('tokens', () => {
  it('refuses to generate a token for a disabled user', async () => {
    await expectRefused(
      () => t.call('directory.tokens.generate', { userId: bob.id }),
      'CONFLICT',
      'userId',
      /Enable bob/,
    );
  });

  it('refuses it once a user with a token was disabled, whose token is then gone', async () => {
    // Alice, the first user, is the only administrator: another one first, so she may be disabled.
    const carol = valueOf(await t.call('directory.users.create', { user: valid }));
    valueOf(await t.call('directory.users.setRole', { userId: carol.id, role: 'administrator' }));
    valueOf(await t.call('directory.users.setEnabled', { userId: alice.id, enabled: false }));
    expect((await look.state()).counts.tokens).toBe(0);
    expect(keychain.entries.size).toBe(0);
    await expectRefused(
      () => t.call('directory.tokens.generate', { userId: alice.id }),
      'CONFLICT',
      'userId',
    );
  });
});

describe('the last enabled administrator', () => {
  // Alice was created first, so she is the instance's administrator; bob is disabled.
  it.each<[string, () => Promise<Result<unknown>>, string]>([
    ['disabled', () => t.call('directory.users.setEnabled', { userId: alice.id, enabled: false }), 'userId'],
    [
      'disabled through an update',
      () => t.call('directory.users.update', { userId: alice.id, changes: { enabled: false } }),
      'userId',
    ],
    ['demoted', () => t.call('directory.users.setRole', { userId: alice.id, role: 'user' }), 'userId'],
    [
      'made a User manager',
      () => t.call('directory.users.setRole', { userId: alice.id, role: 'userManager' }),
      'userId',
    ],
    ['deleted', () => t.call('directory.users.delete', { userIds: [alice.id] }), 'userId'],
    [
      'deleted among others',
      () => t.call('directory.users.delete', { userIds: [bob.id, alice.id] }),
      'userIds',
    ],
  ])('cannot be %s: CONFLICT, nothing written', async (_label, attempt, field) => {
    await expectRefused(attempt, 'CONFLICT', field, /no enabled administrator/);
  });
});

describe('the nothing-written check itself', () => {
  it('notices a write that leaves every row count as it was', async () => {
    const before = await look.state();
    valueOf(
      await t.call('directory.users.update', { userId: alice.id, changes: { displayName: 'Alice Jones' } }),
    );
    const after = await look.state();
    expect(after.marker).not.toBe(before.marker);
    expect(after.counts).toEqual({ ...before.counts, audit_log: before.counts.audit_log + 1 });
  });
});
