import { beforeEach, describe, expect, it } from 'vitest';
import type { GroupSummary } from '../../../shared/domain/directory';
import { newUser } from './support/instanceDb';
import { MemoryKeychain } from './support/memoryKeychain';
import { openTestCore, refusalOf, valueOf, type TestCore } from './support/rosterCore';
import { openTestStorage, STORAGE, type StorageLook } from './support/storage';
import { useTempDirs } from './support/tempDirs';

/**
 * Groups as the dialog manages them: a description, renaming (unique names, versions) and deleting
 * several at once, through the contract into this run's storage (a real file or PostgreSQL
 * database), and over two connections to one instance.
 */

const { tempDir, onCleanup } = useTempDirs();

let t: TestCore;
let observer: StorageLook;

beforeEach(async () => {
  t = await openTestCore(tempDir(), { keychain: new MemoryKeychain(), onRunStorage: true });
  onCleanup(() => t.close());
  valueOf(await t.call('directory.users.nextUsername', {}));
  observer = await t.look();
});

const createGroup = async (name: string, description?: string) =>
  valueOf(
    await t.call('directory.groups.create', {
      group: description === undefined ? { name } : { name, description },
    }),
  );
const createUser = async (username: string) =>
  valueOf(
    await t.call('directory.users.create', {
      user: {
        username,
        password: `${username}-pw`,
        displayName: `The ${username}`,
        email: `${username}@example.com`,
        enabled: true,
      },
    }),
  );
const groupAudit = (action: string) =>
  observer.query<{ target_id: number; before: string | null; after: string | null }>(
    'SELECT target_id, before, after FROM audit_log WHERE action = ? ORDER BY id',
    [action],
  );
const groupNames = async () =>
  (await observer.query<{ name: string }>('SELECT name FROM groups ORDER BY name_key')).map(
    (row) => row.name,
  );

describe('a group description', () => {
  it('is empty unless given, trimmed when given, and listed with the group', async () => {
    expect(await createGroup('Plain')).toMatchObject({ name: 'Plain', description: '' });
    const described = await createGroup('Ops', '  Runs the servers  ');
    expect(described.description).toBe('Runs the servers');
    const listed = valueOf(await t.call('directory.groups.search', { page: { query: 'ops' } }));
    expect(listed.items).toEqual([described]);
    expect(JSON.parse((await groupAudit('group.create'))[1]?.after ?? '{}')).toEqual({
      name: 'Ops',
      description: 'Runs the servers',
    });
  });

  it('is saved trimmed, takes a new version, and is audited before and after', async () => {
    const group = await createGroup('Ops');
    const saved = valueOf(
      await t.call('directory.groups.update', {
        groupId: group.id,
        changes: { description: '\u00a0Keeps the lights on ' },
        ifVersion: group.version,
      }),
    );
    expect(saved).toMatchObject({ name: 'Ops', description: 'Keeps the lights on' });
    expect(saved.version).toBeGreaterThan(group.version);
    const [entry] = await groupAudit('group.update');
    expect(entry?.target_id).toBe(group.id);
    // Only what changed: the name stayed.
    expect(JSON.parse(entry?.before ?? '{}')).toEqual({ description: '' });
    expect(JSON.parse(entry?.after ?? '{}')).toEqual({ description: 'Keeps the lights on' });
  });

  it('saved unchanged writes nothing: same version, no audit entry', async () => {
    const group = await createGroup('Ops', 'Same');
    const before = await observer.state();
    const saved = valueOf(
      await t.call('directory.groups.update', {
        groupId: group.id,
        changes: { name: 'Ops', description: 'Same' },
        ifVersion: group.version,
      }),
    );
    expect(saved).toEqual(group);
    expect(await observer.state()).toEqual(before);
  });

  it.each([
    ['a line break', 'first\nsecond', /control characters/],
    ['a tab', 'a\tb', /control characters/],
    ['a bidirectional override', 'abc\u202Edef', /text-direction/],
    ['a zero-width space', 'a\u200Bb', /invisible/],
    ['501 characters', 'x'.repeat(501), /at most 500/],
  ])('refuses %s, on create and on update, writing nothing', async (_label, description, message) => {
    const group = await createGroup('Ops');
    const before = await observer.state();
    const onCreate = refusalOf(
      await t.call('directory.groups.create', { group: { name: 'New', description } }),
    );
    expect(onCreate).toMatchObject({ code: 'INVALID_INPUT', field: 'group.description' });
    expect(onCreate.message).toMatch(message);
    const onUpdate = refusalOf(
      await t.call('directory.groups.update', { groupId: group.id, changes: { description } }),
    );
    expect(onUpdate).toMatchObject({ code: 'INVALID_INPUT', field: 'changes.description' });
    expect(await observer.state()).toEqual(before);
  });

  it('accepts exactly 500 characters', async () => {
    expect((await createGroup('Long', 'y'.repeat(500))).description).toHaveLength(500);
  });
});

describe('renaming a group', () => {
  it('refuses a name another group holds, in any case, as CONFLICT on name', async () => {
    await createGroup('Support');
    const group = await createGroup('Sales');
    const before = await observer.state();
    const refusal = refusalOf(
      await t.call('directory.groups.update', {
        groupId: group.id,
        changes: { name: 'SUPPORT' },
        ifVersion: group.version,
      }),
    );
    expect(refusal).toMatchObject({ code: 'CONFLICT', field: 'name' });
    expect(refusal.message).toContain('SUPPORT');
    expect(await observer.state()).toEqual(before);
  });

  it('changes only the case of its own name', async () => {
    const group = await createGroup('sales');
    const renamed = valueOf(
      await t.call('directory.groups.update', { groupId: group.id, changes: { name: 'Sales' } }),
    );
    expect(renamed.name).toBe('Sales');
  });

  it('refuses a stale version as STALE, keeping the newer name', async () => {
    const group = await createGroup('Sales');
    valueOf(await t.call('directory.groups.update', { groupId: group.id, changes: { description: 'new' } }));
    const refusal = refusalOf(
      await t.call('directory.groups.update', {
        groupId: group.id,
        changes: { name: 'Revenue' },
        ifVersion: group.version,
      }),
    );
    expect(refusal.code).toBe('STALE');
    expect(await groupNames()).toEqual(['Sales']);
  });
});

describe('deleting several groups', () => {
  it('deletes them with their memberships, keeps the users, and audits each group', async () => {
    const ann = await createUser('ann');
    const bob = await createUser('bob');
    const groups: GroupSummary[] = [];
    for (const name of ['Alpha', 'Beta', 'Gamma']) groups.push(await createGroup(name));
    const [alpha, beta, gamma] = groups as [GroupSummary, GroupSummary, GroupSummary];
    valueOf(await t.call('directory.groups.addMembers', { groupId: alpha.id, userIds: [ann.id, bob.id] }));
    valueOf(await t.call('directory.groups.addMembers', { groupId: beta.id, userIds: [ann.id] }));

    const result = valueOf(await t.call('directory.groups.deleteMany', { groupIds: [alpha.id, beta.id] }));
    expect(result).toEqual({ deleted: 2 });
    expect(await groupNames()).toEqual(['Gamma']);
    expect((await observer.state()).counts).toMatchObject({ users: 2, memberships: 0 });
    const audited = (await groupAudit('group.delete')).map((entry) => ({
      id: entry.target_id,
      before: JSON.parse(entry.before ?? '{}') as unknown,
    }));
    expect(audited).toEqual([
      { id: alpha.id, before: { name: 'Alpha', description: '', memberCount: 2 } },
      { id: beta.id, before: { name: 'Beta', description: '', memberCount: 1 } },
    ]);
    expect(gamma.name).toBe('Gamma');
  });

  it('skips ids of groups already gone, and counts a repeated id once', async () => {
    const alpha = await createGroup('Alpha');
    const beta = await createGroup('Beta');
    valueOf(await t.call('directory.groups.delete', { groupId: beta.id }));
    const result = valueOf(
      await t.call('directory.groups.deleteMany', { groupIds: [alpha.id, beta.id, 999_999, alpha.id] }),
    );
    expect(result).toEqual({ deleted: 1 });
    expect(await groupNames()).toEqual([]);
    expect((await groupAudit('group.delete')).map((entry) => entry.target_id)).toEqual([beta.id, alpha.id]);
  });

  it('refuses an empty list at the contract', async () => {
    expect(refusalOf(await t.call('directory.groups.deleteMany', { groupIds: [] })).code).toBe(
      'INVALID_INPUT',
    );
  });

  it('deletes all or none: a failure at the last group leaves every group and no audit entry', async () => {
    const storage = await openTestStorage(tempDir());
    onCleanup(() => storage.close());
    const { directory } = storage;
    const first = await directory.createGroup('First');
    const second = await directory.createGroup('Second');
    const doomed = await directory.createGroup('Doomed');
    // Only the delete of this one group fails (on SQLite, only on the directory's own connection).
    if (STORAGE === 'sqlite')
      await storage.query(
        `CREATE TEMP TRIGGER refuse_doomed BEFORE DELETE ON groups WHEN old.name = 'Doomed'
         BEGIN SELECT RAISE(ABORT, 'refused for the test'); END`,
      );
    else {
      await storage.query(
        `CREATE FUNCTION refuse_doomed() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN IF OLD.name = 'Doomed' THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN OLD; END $$`,
      );
      await storage.query(
        'CREATE TRIGGER refuse_doomed BEFORE DELETE ON groups FOR EACH ROW EXECUTE FUNCTION refuse_doomed()',
      );
    }
    // However the directory fails (thrown at once or rejected), the call fails.
    const attempt = Promise.resolve().then(() => directory.deleteGroups([first.id, second.id, doomed.id]));
    await expect(attempt).rejects.toThrow(/refused/);
    expect(await storage.query('SELECT name FROM groups ORDER BY name')).toEqual([
      { name: 'Doomed' },
      { name: 'First' },
      { name: 'Second' },
    ]);
    expect(await storage.query("SELECT count(*) AS n FROM audit_log WHERE action = 'group.delete'")).toEqual([
      { n: 0 },
    ]);
  });
});

describe('two connections deleting overlapping groups', () => {
  it('deletes each group once: the counts add up to the union, one audit entry per group', async () => {
    const storage = await openTestStorage(tempDir(), { actor: 'first-window' });
    onCleanup(() => storage.close());
    const first = storage.directory;
    const second = await storage.reopen({ actor: 'second-window' });
    await first.createUser(newUser('owner'));
    for (let round = 0; round < 5; round++) {
      const ids: number[] = [];
      for (const name of ['a', 'b', 'c', 'd', 'e']) ids.push((await first.createGroup(`${name}${round}`)).id);
      const results = await Promise.all([
        first.deleteGroups(ids.slice(0, 3)),
        second.deleteGroups(ids.slice(1)),
        first.deleteGroups([ids[2] ?? 0]),
      ]);
      expect(results.reduce((sum, count) => sum + count, 0)).toBe(5);
    }
    expect(await storage.query('SELECT count(*) AS n FROM groups')).toEqual([{ n: 0 }]);
    // SQLite reuses ids once the highest row is gone: a group is its id and its name.
    const audited = await storage.query<{ n: number }>(
      "SELECT target_id, before, count(*) AS n FROM audit_log WHERE action = 'group.delete' GROUP BY target_id, before",
    );
    expect(audited).toHaveLength(25);
    expect(audited.every((entry) => entry.n === 1)).toBe(true);
  });
});
