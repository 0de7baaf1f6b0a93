import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { insertUser } from '../../../electron/services/directory/portable/usersTable';
import { BULK_CHUNK, BulkRequestSchema, isFinished, type BulkRequest } from '../../../shared/domain/bulk';
import type { UserId } from '../../../shared/domain/directory';
import type { Role } from '../../../shared/domain/roles';
import type { ImportOptions, ImportRow } from '../../../shared/domain/userImport';
import { newUser } from './support/instanceDb';
import { openTestStorage, type TestDirectory, type TestStorage } from './support/storage';
import { useTempDirs } from './support/tempDirs';

/**
 * Bulk actions and CSV import through the directory, on this run's storage: chunks of one write
 * each, every user or row changed, unchanged or refused on their own with the reason, the same
 * audit entries on both storages, a job seen and cancelled only by whoever started it.
 */

const { tempDir, onCleanup } = useTempDirs();

async function opened(options: Parameters<typeof openTestStorage>[1] = {}): Promise<TestStorage> {
  const storage = await openTestStorage(tempDir(), options);
  onCleanup(() => storage.close());
  // An instance's first user is its Administrator.
  await storage.directory.createUser({ ...newUser('root'), role: 'administrator' });
  return storage;
}

/** Many users at once, behind the directory's back (no password hashing): `prefix-00000`… */
function seed(storage: TestStorage, prefix: string, count: number, role: Role = 'user'): Promise<UserId[]> {
  const now = new Date().toISOString();
  return storage.write(function* () {
    const ids: UserId[] = [];
    for (let index = 0; index < count; index++) {
      const username = `${prefix}-${String(index).padStart(5, '0')}`;
      ids.push(
        yield* insertUser({
          username,
          displayName: `Bulk ${index}`,
          email: `${username}@example.com`,
          passwordHash: 'not-a-hash',
          enabled: true,
          role,
          now,
        }),
      );
    }
    return ids;
  });
}

async function finished<T extends { state: Parameters<typeof isFinished>[0]['state'] }>(
  status: () => Promise<T>,
): Promise<T> {
  for (;;) {
    const now = await status();
    if (isFinished(now)) return now;
    await sleep(10);
  }
}

async function bulk(directory: TestDirectory, request: BulkRequest) {
  const started = await directory.startBulk(request);
  return finished(() => directory.bulkStatus(started.id));
}

async function imported(
  directory: TestDirectory,
  rows: ImportRow[],
  options: ImportOptions = { newUsers: 'invite', expiresInHours: 72, sendEmail: false },
) {
  const started = await directory.startImport({ rows, options });
  return finished(() => directory.importStatus(started.id));
}

const ids = (userIds: readonly UserId[]) => ({ kind: 'ids' as const, userIds: [...userIds] });

async function enabledCount(storage: TestStorage, userIds: readonly UserId[]): Promise<number> {
  const rows = await storage.query<{ id: number }>('SELECT id FROM users WHERE enabled = 1');
  const wanted = new Set(userIds);
  return rows.filter((row) => wanted.has(row.id)).length;
}

/** What the audit log says of a user, oldest first. */
const entriesOf = (storage: TestStorage, userId: UserId) =>
  storage.query<{ action: string; detail: string | null }>(
    "SELECT action, detail FROM audit_log WHERE target_type = 'user' AND target_id = ? ORDER BY id",
    [userId],
  );

interface Entry {
  id: number;
  action: string;
  target_type: string;
  target_id: number | null;
  target_name: string | null;
  before: unknown;
  after: unknown;
  detail: string | null;
}

/** The entries written after entry `after`, oldest first, their before and after parsed. */
async function entriesAfter(storage: TestStorage, after: number): Promise<Entry[]> {
  const rows = await storage.query<Entry & { before: string | null; after: string | null }>(
    `SELECT id, action, target_type, target_id, target_name, before, after, detail
     FROM audit_log WHERE id > ? ORDER BY id`,
    [after],
  );
  return rows.map((row) => ({
    ...row,
    before: row.before === null ? null : (JSON.parse(row.before) as unknown),
    after: row.after === null ? null : (JSON.parse(row.after) as unknown),
  }));
}

const lastEntry = async (storage: TestStorage): Promise<number> =>
  Number(
    (await storage.query<{ last: number }>('SELECT coalesce(max(id), 0) AS last FROM audit_log'))[0]?.last,
  );

let line = 1;
const row = (fields: Omit<ImportRow, 'line'>): ImportRow => ({ line: ++line, ...fields });

describe('a bulk job', () => {
  it('disables a selection in chunks, one entry per user, and ends with a summary', async () => {
    const storage = await opened();
    const users = await seed(storage, 'chunky', BULK_CHUNK + 7);
    const started = await storage.directory.startBulk({ action: { kind: 'disable' }, selection: ids(users) });
    expect(started).toMatchObject({ state: 'running', total: users.length, processed: 0 });
    const done = await finished(() => storage.directory.bulkStatus(started.id));
    expect(done).toMatchObject({
      state: 'done',
      total: users.length,
      processed: users.length,
      changed: users.length,
      unchanged: 0,
      refused: 0,
      refusals: [],
      error: null,
    });
    expect(await enabledCount(storage, users)).toBe(0);
    expect(await entriesOf(storage, users[0] ?? 0)).toEqual([
      { action: 'user.disable', detail: 'In a bulk action.' },
    ]);
    // Once more: nothing left to change, and nothing written.
    expect(
      await bulk(storage.directory, { action: { kind: 'disable' }, selection: ids(users) }),
    ).toMatchObject({
      changed: 0,
      unchanged: users.length,
    });
    expect(await entriesOf(storage, users[0] ?? 0)).toHaveLength(1);
  });

  it('refuses, user by user, what the caller may not do, and goes on with the others', async () => {
    const storage = await opened();
    const [admin] = await seed(storage, 'bulkadmin', 1, 'administrator');
    const users = await seed(storage, 'managed', 3);
    const manager = await storage.reopen({ actor: 'manager', callerRole: () => 'userManager' });
    const status = await bulk(manager, {
      action: { kind: 'disable' },
      selection: ids([...users, admin ?? 0]),
    });
    expect(status).toMatchObject({ state: 'done', changed: 3, refused: 1 });
    expect(status.refusals).toEqual([
      {
        userId: admin,
        username: 'bulkadmin-00000',
        reason: expect.stringMatching(/User manager may not change/) as unknown,
      },
    ]);
    // A job is seen by whoever started it only.
    await expect(storage.directory.bulkStatus(status.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(storage.directory.cancelBulk(status.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('leaves an enabled Administrator, and refuses a group that is gone before anything runs', async () => {
    const storage = await opened();
    const [root] = (await storage.query<{ id: number }>("SELECT id FROM users WHERE username = 'root'")).map(
      (found) => found.id,
    );
    const status = await bulk(storage.directory, { action: { kind: 'delete' }, selection: ids([root ?? 0]) });
    expect(status.refusals).toEqual([
      { userId: root, username: 'root', reason: 'That would leave no enabled administrator.' },
    ]);
    await expect(
      storage.directory.startBulk({
        action: { kind: 'addToGroup', groupId: 9999 },
        selection: ids([root ?? 0]),
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('takes a list’s matches but the excepted, adds to and removes from a group, sets a role, deletes', async () => {
    const storage = await opened();
    const { directory } = storage;
    const users = await seed(storage, 'team', 5);
    await seed(storage, 'other', 2);
    const group = await directory.createGroup('Team');
    const joined = await bulk(
      directory,
      BulkRequestSchema.parse({
        action: { kind: 'addToGroup', groupId: group.id },
        selection: { kind: 'matching', filters: { query: 'team-' }, except: [users[0]] },
      }),
    );
    expect(joined).toMatchObject({ total: 4, changed: 4 });
    const members = async () =>
      (
        await storage.query<{ user_id: number }>('SELECT user_id FROM memberships WHERE group_id = ?', [
          group.id,
        ])
      )
        .map((member) => member.user_id)
        .sort((a, b) => a - b);
    expect(await members()).toEqual(users.slice(1));
    const left = await bulk(directory, {
      action: { kind: 'removeFromGroup', groupId: group.id },
      selection: ids(users.slice(0, 2)),
    });
    expect(left).toMatchObject({ changed: 1, unchanged: 1 });
    expect(await members()).toEqual(users.slice(2));
    expect(await entriesOf(storage, users[1] ?? 0)).toEqual([
      { action: 'user.groups', detail: 'In a bulk action.' },
      { action: 'user.groups', detail: 'In a bulk action.' },
    ]);

    const roles = await bulk(directory, {
      action: { kind: 'setRole', role: 'auditor' },
      selection: ids(users),
    });
    expect(roles).toMatchObject({ changed: 5 });
    expect((await directory.getUser(users[0] ?? 0)).role).toBe('auditor');
    expect((await entriesOf(storage, users[0] ?? 0)).at(-1)).toEqual({
      action: 'user.role',
      detail: 'In a bulk action.',
    });

    const deleted = await bulk(directory, { action: { kind: 'delete' }, selection: ids(users) });
    expect(deleted).toMatchObject({ changed: 5 });
    expect((await storage.counts()).users).toBe(3);
    expect((await entriesOf(storage, users[0] ?? 0)).at(-1)).toEqual({
      action: 'user.delete',
      detail: 'In a bulk action.',
    });
  });

  it('resets passwords and re-sends invitations, the one-time secrets in the status, refusing the others', async () => {
    const storage = await opened();
    const { directory } = storage;
    const member = await directory.createUser(newUser('member'));
    const invited = await directory.inviteUser({
      username: 'invitee',
      displayName: 'Invitee',
      email: 'invitee@example.com',
      role: 'user',
      expiresInHours: 24,
      sendEmail: false,
    });
    const reset = await bulk(directory, {
      action: { kind: 'resetPassword' },
      selection: ids([member.id, invited.user.id]),
    });
    expect(reset).toMatchObject({ changed: 1, refused: 1 });
    expect(reset.secrets).toEqual([
      { userId: member.id, username: 'member', temporaryPassword: expect.any(String) as unknown },
    ]);
    expect((await directory.getUser(member.id)).mustChangePassword).toBe(true);
    const resent = await bulk(directory, {
      action: { kind: 'resendInvitation', expiresInHours: 48, sendEmail: false },
      selection: ids([member.id, invited.user.id]),
    });
    expect(resent).toMatchObject({ changed: 1, refused: 1 });
    expect(resent.refusals[0]?.reason).toContain('has a password already');
    expect(resent.secrets[0]?.link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
    // The old link ended with the new one.
    expect(await directory.invitationFor(invited.link.slice(invited.link.lastIndexOf('/') + 1))).toBeNull();
  });

  it('stops between chunks when cancelled: what ran is whole chunks, all of it written', async () => {
    const storage = await opened();
    const users = await seed(storage, 'cancel', BULK_CHUNK * 3);
    const started = await storage.directory.startBulk({ action: { kind: 'disable' }, selection: ids(users) });
    const cancelling = await storage.directory.cancelBulk(started.id);
    expect(['cancelling', 'cancelled', 'done']).toContain(cancelling.state);
    const status = await finished(() => storage.directory.bulkStatus(started.id));
    expect(status.state).toBe('cancelled');
    expect(status.processed % BULK_CHUNK).toBe(0);
    expect(status.processed).toBeLessThan(users.length);
    expect(users.length - (await enabledCount(storage, users))).toBe(status.processed);
  });
});

describe('the audit entries of bulk jobs and imports', () => {
  it('one per user changed, saying so, with what changed; none for those left as they were', async () => {
    const storage = await opened();
    const { directory } = storage;
    const bea = await directory.createUser(newUser('bea'));
    const bob = await directory.createUser(newUser('bob'));
    const bud = await directory.createUser(newUser('bud', { enabled: false }));
    let mark = await lastEntry(storage);
    await bulk(directory, { action: { kind: 'disable' }, selection: ids([bea.id, bob.id, bud.id]) });
    const disabled = await entriesAfter(storage, mark);
    expect(disabled.map((entry) => [entry.action, entry.target_name])).toEqual([
      ['user.disable', 'bea'],
      ['user.disable', 'bob'],
    ]);
    for (const entry of disabled)
      expect(entry).toMatchObject({
        before: { enabled: true },
        after: { enabled: false },
        detail: 'In a bulk action.',
      });

    const group = await directory.createGroup('Bulk');
    mark = await lastEntry(storage);
    await bulk(directory, {
      action: { kind: 'addToGroup', groupId: group.id },
      selection: ids([bea.id, bob.id]),
    });
    expect(
      (await entriesAfter(storage, mark)).map((entry) => [entry.target_name, entry.before, entry.after]),
    ).toEqual([
      ['bea', { groups: [] }, { groups: ['Bulk'] }],
      ['bob', { groups: [] }, { groups: ['Bulk'] }],
    ]);
  });

  it('an import: the new user, their groups, an update and a role, each once, from an import', async () => {
    const storage = await opened();
    const { directory } = storage;
    const olga = await directory.createUser(newUser('olga'));
    const mark = await lastEntry(storage);
    await imported(directory, [
      row({ username: 'nina', displayName: 'Nina New', email: 'nina@example.com', groups: 'Imported' }),
      row({ username: 'olga', displayName: 'Olga Changed', role: 'auditor' }),
    ]);
    const written = await entriesAfter(storage, mark);
    expect(written.map((entry) => [entry.action, entry.target_type, entry.target_name])).toEqual([
      ['user.invite', 'user', 'nina'],
      ['group.create', 'group', 'Imported'],
      ['user.groups', 'user', 'nina'],
      ['user.role', 'user', 'olga'],
      ['user.update', 'user', 'olga'],
    ]);
    for (const entry of written) expect(entry.detail).toBe('From an import.');
    expect(written[2]).toMatchObject({ before: { groups: [] }, after: { groups: ['Imported'] } });
    expect(written[3]).toMatchObject({
      target_id: olga.id,
      before: { role: 'user' },
      after: { role: 'auditor' },
    });
    expect(written[4]).toMatchObject({
      before: { displayName: olga.displayName },
      after: { displayName: 'Olga Changed' },
    });
  });
});

describe('a CSV import', () => {
  it('previews without writing, then creates, updates and refuses row by row, from an import', async () => {
    const storage = await opened();
    const { directory } = storage;
    const existing = await directory.createUser(newUser('existing'));
    await directory.createGroup('Dev');
    const rows = [
      row({
        username: 'ada',
        displayName: 'Ada Lovelace',
        email: 'ada@example.com',
        groups: 'Dev; New Team',
      }),
      row({ username: 'existing', email: 'moved@example.com', role: 'Auditor' }),
      row({ username: 'root' }),
      row({ username: 'bad', displayName: 'Bad Email', email: 'not-an-email' }),
      row({ username: 'ADA', displayName: 'Ada Again', email: 'again@example.com' }),
    ];
    const before = await storage.counts();
    const preview = await directory.previewImport({
      rows,
      options: { newUsers: 'invite', expiresInHours: 72, sendEmail: false },
    });
    expect(preview).toMatchObject({ create: 1, update: 1, unchanged: 1, refused: 2, duplicates: 1 });
    expect(preview.newGroups).toEqual(['New Team']);
    expect(preview.rows.map((plan) => plan.outcome)).toEqual([
      'create',
      'update',
      'unchanged',
      'refused',
      'refused',
    ]);
    expect(preview.rows[1]?.changes).toEqual(['email', 'role']);
    expect(preview.rows[3]?.reason).toBe('Email: Enter a valid email address.');
    expect(preview.rows[4]?.reason).toBe(`Line ${rows[0]?.line} already names ADA: this row is a duplicate.`);
    expect(await storage.counts()).toEqual(before);

    const status = await imported(directory, rows);
    expect(status).toMatchObject({
      state: 'done',
      created: 1,
      updated: 1,
      unchanged: 1,
      refused: 2,
      groupsCreated: ['New Team'],
    });
    expect(status.refusals.map((refusal) => refusal.line)).toEqual([rows[3]?.line, rows[4]?.line]);
    const [secret] = status.secrets;
    expect(secret).toMatchObject({ username: 'ada', link: expect.stringMatching(/\/invite\//) as unknown });
    const ada = await directory.getUser(secret?.userId ?? 0);
    expect(ada.groups.map((group) => group.name)).toEqual(['Dev', 'New Team']);
    expect(await directory.getUser(existing.id)).toMatchObject({
      email: 'moved@example.com',
      role: 'auditor',
    });
    expect(await entriesOf(storage, ada.id)).toEqual([
      { action: 'user.invite', detail: 'From an import.' },
      { action: 'user.groups', detail: 'From an import.' },
    ]);
    expect((await entriesOf(storage, existing.id)).slice(1)).toEqual([
      { action: 'user.role', detail: 'From an import.' },
      { action: 'user.update', detail: 'From an import.' },
    ]);
    const groupEntries = await storage.query<{ action: string; detail: string | null }>(
      "SELECT action, detail FROM audit_log WHERE target_type = 'group' ORDER BY id",
    );
    expect(groupEntries).toEqual([
      { action: 'group.create', detail: null },
      { action: 'group.create', detail: 'From an import.' },
    ]);

    // The same file again: every row that went in is now unchanged.
    expect(await imported(directory, rows.slice(0, 3))).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 3,
    });
  });

  it('gives new users temporary passwords, and never disables the last enabled Administrator', async () => {
    const storage = await opened();
    const { directory } = storage;
    const status = await imported(
      directory,
      [
        row({ username: 'temp', displayName: 'Temporary', email: 'temp@example.com' }),
        row({ username: 'root', enabled: 'no' }),
      ],
      { newUsers: 'temporaryPassword', expiresInHours: 72, sendEmail: false },
    );
    expect(status).toMatchObject({ created: 1, refused: 1 });
    expect(status.refusals[0]?.reason).toBe('That would leave no enabled administrator.');
    const [secret] = status.secrets;
    expect(secret?.temporaryPassword).toEqual(expect.any(String));
    expect(await directory.getUser(secret?.userId ?? 0)).toMatchObject({ mustChangePassword: true });
    expect(await entriesOf(storage, secret?.userId ?? 0)).toEqual([
      { action: 'user.create', detail: 'From an import.' },
    ]);
  });
});
