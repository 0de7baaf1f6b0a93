import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Directory } from '../../../electron/services/directory/directory';
import { isFinished } from '../../../shared/domain/bulk';
import { AuditPageRequestSchema, type AuditEntry, type AuditFilters } from '../../../shared/domain/audit';
import { newUser } from '../directory/support/instanceDb';
import { useTempDirs } from '../directory/support/tempDirs';
import { append, useAuditStorages } from './support/auditStorage';

/**
 * A membership changed from either side is in both sides' entries: a group's members added or
 * removed are on each of those users' pages, a user's groups set (by the editor, a bulk job or an
 * import) on each group joined or left. Pages by target stay keyset pages with the other filters,
 * and retention removes an entry's related targets with it. On either storage.
 */

const { tempDir } = useTempDirs();
const storages = useAuditStorages(tempDir);
const DAY_MS = 86_400_000;

async function opened(clock = { now: new Date('2030-01-01T00:00:00.000Z') }) {
  const storage = await storages.open({ now: () => clock.now });
  return { storage, directory: storage.directory, clock };
}

async function users(directory: Directory, ...names: string[]) {
  // An instance's first user is its Administrator: the users the tests change come after.
  await directory.createUser(newUser('root'));
  const created = [];
  for (const name of names) created.push(await directory.createUser(newUser(name)));
  return created;
}

async function page(directory: Directory, filters: AuditFilters, limit = 100, before?: number) {
  return directory.auditPage(
    AuditPageRequestSchema.parse({ filters, limit, ...(before === undefined ? {} : { before }) }),
  );
}

const actionsOf = async (directory: Directory, filters: AuditFilters): Promise<string[]> =>
  (await page(directory, filters)).entries.map((entry) => entry.action);

async function finished(status: () => Promise<{ state: Parameters<typeof isFinished>[0]['state'] }>) {
  for (;;) {
    const now = await status();
    if (isFinished(now)) return now;
    await sleep(20);
  }
}

const userTarget = (id: number): AuditFilters => ({ target: { type: 'user', id } });
const groupTarget = (id: number): AuditFilters => ({ target: { type: 'group', id } });

describe('entries relating a membership’s other side', () => {
  it('a group’s members added and removed: on the page of each user actually changed', async () => {
    const { directory } = await opened();
    const [ann, ben, cat] = await users(directory, 'ann', 'ben', 'cat');
    if (!ann || !ben || !cat) throw new Error('three users were created');
    const ops = await directory.createGroup('Ops');

    await directory.addMembers(ops.id, [ann.id, ben.id]);
    await directory.removeMembers(ops.id, [ben.id]);
    // Ann is a member already: only Cat is added, and only Cat's page says so.
    await directory.addMembers(ops.id, [ann.id, cat.id]);

    expect(await actionsOf(directory, userTarget(ann.id))).toEqual(['group.addMembers', 'user.create']);
    expect(await actionsOf(directory, userTarget(ben.id))).toEqual([
      'group.removeMembers',
      'group.addMembers',
      'user.create',
    ]);
    expect(await actionsOf(directory, userTarget(cat.id))).toEqual(['group.addMembers', 'user.create']);
    const [catAdded] = (await page(directory, userTarget(cat.id))).entries;
    expect(catAdded).toMatchObject({ targetType: 'group', targetId: ops.id, after: { added: ['cat'] } });
    // The group's own page is as before: each entry once.
    expect(await actionsOf(directory, groupTarget(ops.id))).toEqual([
      'group.addMembers',
      'group.removeMembers',
      'group.addMembers',
      'group.create',
    ]);
  });

  it('a user’s groups set in the editor: on the page of each group joined or left, not of one kept', async () => {
    const { directory } = await opened();
    const [ann] = await users(directory, 'ann');
    if (!ann) throw new Error('a user was created');
    const [ops, dev, sales] = [
      await directory.createGroup('Ops'),
      await directory.createGroup('Dev'),
      await directory.createGroup('Sales'),
    ];

    await directory.setUserGroups(ann.id, [ops.id, dev.id]);
    await directory.setUserGroups(ann.id, [dev.id, sales.id]);

    const onPage = async (groupId: number) =>
      (await page(directory, { ...groupTarget(groupId), kinds: ['memberships'] })).entries.map((entry) => ({
        after: entry.after,
        targetId: entry.targetId,
      }));
    const joined = { targetId: ann.id, after: { groups: ['Dev', 'Ops'] } };
    const moved = { targetId: ann.id, after: { groups: ['Dev', 'Sales'] } };
    expect(await onPage(ops.id)).toEqual([moved, joined]);
    expect(await onPage(dev.id)).toEqual([joined]);
    expect(await onPage(sales.id)).toEqual([moved]);
  });

  it('a bulk job’s and an import’s groups: on the group’s page, one entry per user', async () => {
    const { directory } = await opened();
    const [bea, bob] = await users(directory, 'bea', 'bob');
    if (!bea || !bob) throw new Error('two users were created');
    const team = await directory.createGroup('Team');

    const joined = await directory.startBulk({
      action: { kind: 'addToGroup', groupId: team.id },
      selection: { kind: 'ids', userIds: [bea.id, bob.id] },
    });
    await finished(() => directory.bulkStatus(joined.id));
    const left = await directory.startBulk({
      action: { kind: 'removeFromGroup', groupId: team.id },
      selection: { kind: 'ids', userIds: [bob.id] },
    });
    await finished(() => directory.bulkStatus(left.id));
    const imported = await directory.startImport({
      rows: [
        { line: 2, username: 'nina', displayName: 'Nina', email: 'nina@example.com', groups: 'Team; New' },
      ],
      options: { newUsers: 'invite', expiresInHours: 24, sendEmail: false },
    });
    await finished(() => directory.importStatus(imported.id));

    const entries = (await page(directory, groupTarget(team.id))).entries;
    expect(entries.map((entry) => [entry.action, entry.targetName, entry.detail])).toEqual([
      ['user.groups', 'nina', 'From an import.'],
      ['user.groups', 'bob', 'In a bulk action.'],
      ['user.groups', 'bob', 'In a bulk action.'],
      ['user.groups', 'bea', 'In a bulk action.'],
      ['group.create', 'Team', null],
    ]);
    // The import's new group relates Nina's entry too.
    const created = (await page(directory, { actions: ['group.create'], text: 'New' })).entries[0];
    if (!created?.targetId) throw new Error('the import created a group');
    expect(await actionsOf(directory, groupTarget(created.targetId))).toEqual([
      'user.groups',
      'group.create',
    ]);
  });
});

describe('pages of a target with its related entries', () => {
  /** Every page of the filter, each page's `next` checked: the last entry of a full page, else null. */
  async function walk(directory: Directory, filters: AuditFilters, limit: number): Promise<number[]> {
    const seen: number[] = [];
    let before: number | undefined;
    for (;;) {
      const { entries, next } = await page(directory, filters, limit, before);
      seen.push(...entries.map((entry) => entry.id));
      if (next === null) return seen;
      expect(entries, JSON.stringify({ filters, limit })).toHaveLength(limit);
      expect(next).toBe(entries.at(-1)?.id);
      before = next;
    }
  }

  it('pages through own and related entries with the other filters, none missed, none twice', async () => {
    const { storage, directory, clock } = await opened();
    // Sign-ins of another account first: enough ids that a page is read through the target's own
    // and related entries; a time range narrows them to few enough to be read through the id.
    await append(
      storage,
      Array.from({ length: 1200 }, (_, n) => ({
        at: new Date(Date.UTC(2029, 0, 1) + n * 60_000).toISOString(),
        actor: 'login from 10.0.0.9',
        action: 'signIn.success' as const,
        targetType: 'user' as const,
        targetId: 1,
        targetName: 'root',
      })),
    );
    const [ann, ben] = await users(directory, 'ann', 'ben');
    if (!ann || !ben) throw new Error('two users were created');
    const ops = await directory.createGroup('Ops');
    // Ann in and out of Ops from both sides, her own edits and Ben's in between, an hour apart.
    for (let n = 0; n < 24; n++) {
      clock.now = new Date(clock.now.getTime() + 3_600_000);
      if (n % 4 === 0) await directory.addMembers(ops.id, [ann.id, ben.id]);
      if (n % 4 === 1) await directory.removeMembers(ops.id, [ann.id]);
      if (n % 4 === 2) await directory.setUserGroups(ann.id, [ops.id]);
      if (n % 4 === 3) await directory.setUserGroups(ann.id, []);
      await directory.updateUser(n % 2 === 0 ? ann.id : ben.id, { displayName: `Edit ${n}` });
    }
    const all = (await walk(directory, {}, 500)).length;
    const log: AuditEntry[] = (await page(directory, {}, 500)).entries;
    expect(all).toBeGreaterThan(log.length);
    const on = (type: 'user' | 'group', id: number) => (entry: AuditEntry) =>
      entry.targetType === type && entry.targetId === id;
    const isAnn = on('user', ann.id);
    const isBen = on('user', ben.id);
    const membership = (entry: AuditEntry) =>
      ['user.groups', 'group.addMembers', 'group.removeMembers'].includes(entry.action);
    // Every membership entry here is Ann's; Ben's only one, his first.
    const firstAdded = log.filter((entry) => entry.action === 'group.addMembers').at(-1);
    const inDay = (entry: AuditEntry) =>
      entry.at >= '2030-01-01T06:00:00.000Z' && entry.at < '2030-01-01T18:00:00.000Z';
    const cases: [AuditFilters, (entry: AuditEntry) => boolean][] = [
      [userTarget(ann.id), (entry) => isAnn(entry) || membership(entry)],
      [userTarget(ben.id), (entry) => isBen(entry) || entry === firstAdded],
      [{ ...userTarget(ann.id), kinds: ['memberships'] }, membership],
      [{ ...userTarget(ann.id), kinds: ['users'] }, (entry) => isAnn(entry) && !membership(entry)],
      [{ ...userTarget(ann.id), text: 'ops' }, membership],
      [{ ...userTarget(ann.id), text: 'ben' }, (entry) => entry === firstAdded],
      [{ ...userTarget(ben.id), actions: ['group.removeMembers'] }, () => false],
      [{ ...groupTarget(ops.id), kinds: ['memberships'] }, membership],
      [
        { ...groupTarget(ops.id), from: '2030-01-01T06:00:00Z', to: '2030-01-01T18:00:00Z' },
        (entry) => inDay(entry) && membership(entry),
      ],
      [
        {
          ...userTarget(ann.id),
          actor: 'local:tester',
          kinds: ['memberships'],
          from: '2030-01-01T06:00:00Z',
        },
        (entry) => entry.at >= '2030-01-01T06:00:00.000Z' && membership(entry),
      ],
    ];
    for (const [filters, matches] of cases) {
      const expected = log.filter(matches).map((entry) => entry.id);
      for (const limit of [1, 5, 7, 100])
        expect(await walk(directory, filters, limit), JSON.stringify({ filters, limit })).toEqual(expected);
    }
  });
});

describe('retention', () => {
  it('removes the related targets of the entries it prunes, and keeps those of the entries kept', async () => {
    const { storage, directory, clock } = await opened();
    const [ann, ben] = await users(directory, 'ann', 'ben');
    if (!ann || !ben) throw new Error('two users were created');
    const ops = await directory.createGroup('Ops');
    await directory.addMembers(ops.id, [ann.id, ben.id]);
    await directory.setUserGroups(ann.id, []);
    clock.now = new Date(clock.now.getTime() + 10 * DAY_MS);
    await directory.addMembers(ops.id, [ann.id]);
    const kept = (await page(directory, {}, 1)).entries[0]?.id;
    expect(await storage.query('SELECT count(*) AS related FROM audit_related')).toEqual([{ related: 4 }]);

    await directory.setAuditRetention({ days: 5 });
    const prunedThrough = (await directory.verifyAudit()).prunedThrough;
    expect(prunedThrough).toBe((kept ?? 0) - 1);
    expect(
      await storage.query('SELECT target_type, target_id, entry_id FROM audit_related ORDER BY entry_id'),
    ).toEqual([{ target_type: 'user', target_id: ann.id, entry_id: kept }]);
    expect(await actionsOf(directory, userTarget(ann.id))).toEqual(['group.addMembers']);
    expect(await actionsOf(directory, userTarget(ben.id))).toEqual([]);
  });
});
