import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { UserDetail } from '../../../shared/domain/directory';
import type { Role } from '../../../shared/domain/roles';
import {
  IMPORT_CHUNK,
  IMPORT_ROWS_MAX,
  type ImportPreview,
  type ImportRow,
  type ImportStatus,
} from '../../../shared/domain/userImport';
import { signIn, type ApiError } from './support/api';
import { ADMIN } from './support/instanceFile';
import { newUserFields } from './support/servedInstance';
import { startStorageServer, type StorageServer } from './support/storageServer';

/**
 * Users from a file's rows through the REST API: the dry run names what each row would do and
 * writes nothing; the import creates, updates and adds to groups in chunks, each row judged on its
 * own, and refuses per row what the caller may not do; new users get a link or a temporary
 * password, shown once; a cancel stops between chunks. On an instance file and on PostgreSQL (the
 * vitest project says which).
 */

// Thousands of users in chunks: on PostgreSQL each user is a few round trips.
vi.setConfig({ testTimeout: 120_000 });

let local: StorageServer;
let admin: string;
beforeAll(async () => {
  local = await startStorageServer();
  admin = await local.adminToken();
});
afterAll(() => local.close());

const call = <T>(method: string, path: string, token: string, body?: unknown) =>
  local.api.call<T>(method, path, { token, body });

async function preview(rows: ImportRow[], token = admin, options?: object): Promise<ImportPreview> {
  const answer = await call<ImportPreview>('POST', '/api/users/import/preview', token, { rows, options });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

async function start(rows: ImportRow[], token = admin, options?: object): Promise<ImportStatus> {
  const answer = await call<ImportStatus>('POST', '/api/users/import', token, { rows, options });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body;
}

async function finished(id: string, token = admin): Promise<ImportStatus> {
  for (;;) {
    const answer = await call<ImportStatus>('GET', `/api/users/import/${id}`, token);
    expect(answer.status).toBe(200);
    if (['done', 'cancelled', 'failed'].includes(answer.body.state)) return answer.body;
    await sleep(10);
  }
}

async function createUser(role: Role, prefix: string) {
  const fields = newUserFields(prefix);
  const answer = await call<UserDetail>('POST', '/api/users', admin, { ...fields, role });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return { ...answer.body, password: fields.password };
}

const userNamed = async (username: string) =>
  (
    await local.query<{
      id: number;
      display_name: string;
      email: string;
      role: Role;
      enabled: number;
      password_hash: string;
      must_change_password: number;
    }>('SELECT * FROM users WHERE username_key = ?', [username.toLowerCase()])
  )[0];

const groupsOf = async (username: string) =>
  (
    await local.query<{ name: string }>(
      `SELECT g.name FROM memberships m JOIN groups g ON g.id = m.group_id JOIN users u ON u.id = m.user_id
       WHERE u.username_key = ? ORDER BY g.name`,
      [username.toLowerCase()],
    )
  ).map((group) => group.name);

/** Row counts and newest ids of what an import writes: equal before and after, nothing was written. */
const state = () =>
  local.query(
    `SELECT (SELECT count(*) FROM users) AS user_count, (SELECT max(id) FROM users) AS last_user,
       (SELECT count(*) FROM groups) AS group_count, (SELECT count(*) FROM memberships) AS member_count,
       (SELECT count(*) FROM audit_log) AS entry_count, (SELECT max(updated_at) FROM users) AS updated`,
  );

let lineCounter = 1;
/** A row with the next line number; fields as given. */
const row = (fields: Omit<ImportRow, 'line'>): ImportRow => ({ line: ++lineCounter, ...fields });

describe('the dry run', () => {
  it('names per row what would happen, with duplicates and new groups, and writes nothing', async () => {
    const existing = await createUser('user', 'dryexisting');
    const untouched = await createUser('user', 'dryuntouched');
    const rows = [
      row({
        username: 'dry-new',
        displayName: 'Dry New',
        email: 'dry-new@example.com',
        groups: 'Dry Team; Dry Ops',
      }),
      row({ username: existing.username, email: 'moved@example.com', role: 'Auditor' }),
      row({ username: untouched.username, displayName: untouched.displayName }),
      row({ username: 'dry-bad', displayName: 'Dry Bad', email: 'not-an-email' }),
      row({ username: 'dry-role', displayName: 'Dry Role', email: 'r@example.com', role: 'wizard' }),
      row({ username: 'dry-noname', email: 'n@example.com' }),
      row({ username: 'DRY-NEW', displayName: 'Dry Again', email: 'again@example.com', groups: 'dry team' }),
      row({ username: 'bad name!' }),
    ];
    const before = await state();
    const answer = await preview(rows);
    expect(answer).toMatchObject({ create: 1, update: 1, unchanged: 1, refused: 5, duplicates: 1 });
    expect(answer.newGroups).toEqual(['Dry Team', 'Dry Ops']);
    const byLine = new Map(answer.rows.map((plan) => [plan.line, plan]));
    expect(byLine.get(rows[0]?.line ?? 0)).toMatchObject({ outcome: 'create', reason: null });
    expect(byLine.get(rows[1]?.line ?? 0)).toMatchObject({ outcome: 'update', changes: ['email', 'role'] });
    expect(byLine.get(rows[2]?.line ?? 0)).toMatchObject({ outcome: 'unchanged' });
    expect(byLine.get(rows[3]?.line ?? 0)?.reason).toBe('Email: Enter a valid email address.');
    expect(byLine.get(rows[4]?.line ?? 0)?.reason).toMatch(/^Role: "wizard" is not a role/);
    expect(byLine.get(rows[5]?.line ?? 0)?.reason).toBe('A new user needs a display name.');
    expect(byLine.get(rows[6]?.line ?? 0)?.reason).toBe(
      `Line ${rows[0]?.line} already names DRY-NEW: this row is a duplicate.`,
    );
    expect(byLine.get(rows[7]?.line ?? 0)?.reason).toMatch(/^Username: /);
    expect(await state()).toEqual(before);
  });

  it('refuses, in order, the rows that would leave no enabled Administrator', async () => {
    const other = await createUser('administrator', 'dryadmin');
    const answer = await preview([
      row({ username: other.username, enabled: 'no' }),
      row({ username: ADMIN.username, role: 'User' }),
    ]);
    expect(answer).toMatchObject({ update: 1, refused: 1 });
    expect(answer.rows[1]?.reason).toBe('That would leave no enabled administrator.');
    await call('DELETE', `/api/users/${other.id}`, admin);
  });
});

describe('an import', () => {
  it('creates invited users with links, updates others, creates groups, and lists each refusal by line', async () => {
    const existing = await createUser('user', 'impexisting');
    const rows = [
      row({
        username: 'imp-ada',
        displayName: 'Ada Import',
        email: 'ada@example.com',
        groups: 'Imp Team;Imp Ops',
        role: 'user manager',
      }),
      row({ username: 'imp-bob', displayName: 'Bob Import', email: 'bob@example.com', enabled: 'disabled' }),
      row({ username: existing.username, displayName: 'Renamed One', groups: 'Imp Team' }),
      row({ username: 'imp-bad', displayName: 'x', email: 'bad@example.com' }),
      row({ username: 'imp-ada', displayName: 'Ada Twice', email: 'ada2@example.com' }),
    ];
    const status = await finished((await start(rows)).id);
    expect(status).toMatchObject({
      state: 'done',
      total: 5,
      processed: 5,
      created: 2,
      updated: 1,
      unchanged: 0,
      refused: 2,
      groupsCreated: ['Imp Team', 'Imp Ops'],
    });
    expect(status.refusals.map((refusal) => refusal.line)).toEqual([rows[3]?.line, rows[4]?.line]);
    expect(status.refusals[0]?.reason).toMatch(/^Display name: /);
    expect(status.secrets.map((secret) => secret.username)).toEqual(['imp-ada', 'imp-bob']);
    for (const secret of status.secrets) {
      expect(secret.link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
      expect(secret.temporaryPassword).toBeUndefined();
    }
    expect(await userNamed('imp-ada')).toMatchObject({ role: 'userManager', enabled: 1, password_hash: '' });
    expect(await userNamed('imp-bob')).toMatchObject({ enabled: 0 });
    expect(await userNamed(existing.username)).toMatchObject({
      display_name: 'Renamed One',
      email: existing.email,
    });
    expect(await groupsOf('imp-ada')).toEqual(['Imp Ops', 'Imp Team']);
    expect(await groupsOf(existing.username)).toEqual(['Imp Team']);
    // The link works: its page asks the invited user for a password.
    const link = new URL(status.secrets[0]?.link ?? '', local.url);
    const page = await fetch(new URL(link.pathname, local.url));
    expect(page.status).toBe(200);

    // The same file again: every row that went in is now unchanged.
    const again = await finished((await start(rows.slice(0, 3))).id);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3, refused: 0, groupsCreated: [] });
  });

  it('gives new users temporary passwords that must be changed at the first sign-in', async () => {
    const status = await finished(
      (
        await start(
          [row({ username: 'imp-temp', displayName: 'Temp Import', email: 't@example.com' })],
          admin,
          {
            newUsers: 'temporaryPassword',
          },
        )
      ).id,
    );
    expect(status).toMatchObject({ state: 'done', created: 1 });
    const password = status.secrets[0]?.temporaryPassword ?? '';
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(await userNamed('imp-temp')).toMatchObject({ must_change_password: 1 });
    const token = await signIn(local.api, 'imp-temp', password);
    const refused = await call<ApiError>('GET', '/api/users', token);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('refuses per row what a User manager may not do, and imports the others', async () => {
    const manager = await createUser('userManager', 'impmanager');
    const token = await signIn(local.api, manager.username, manager.password);
    const target = await createUser('administrator', 'impadmintarget');
    const rows = [
      row({ username: 'imp-m1', displayName: 'Managed One', email: 'm1@example.com' }),
      row({ username: 'imp-m2', displayName: 'Managed Two', email: 'm2@example.com', role: 'Administrator' }),
      row({ username: target.username, displayName: 'Not Yours' }),
      row({ username: 'imp-m3', displayName: 'Managed Three', email: 'm3@example.com' }),
    ];
    expect(await preview(rows, token)).toMatchObject({ create: 2, refused: 2 });
    const status = await finished((await start(rows, token)).id, token);
    expect(status).toMatchObject({ state: 'done', created: 2, refused: 2 });
    expect(status.refusals.map((refusal) => [refusal.line, refusal.reason])).toEqual([
      [rows[1]?.line, 'A User manager may not give the role Administrator.'],
      [rows[2]?.line, `A User manager may not change ${target.username}, who is an Administrator.`],
    ]);
    expect(await userNamed('imp-m2')).toBeUndefined();
    expect((await userNamed(target.username))?.display_name).toBe(target.displayName);
    // The job is its starter's alone.
    expect((await call<ApiError>('GET', `/api/users/import/${status.id}`, admin)).status).toBe(404);
  });

  it('stops between chunks when cancelled: each row in or not, and the status says how many', async () => {
    const rows = Array.from({ length: IMPORT_CHUNK * 6 }, (_, index) =>
      row({ username: `imp-many-${index}`, displayName: `Many ${index}`, email: `many${index}@example.com` }),
    );
    const started = await start(rows);
    await call('DELETE', `/api/users/import/${started.id}`, admin);
    const status = await finished(started.id);
    expect(status.state).toBe('cancelled');
    expect(status.processed % IMPORT_CHUNK).toBe(0);
    expect(status.processed).toBeLessThan(rows.length);
    const made = await local.count("SELECT count(*) FROM users WHERE username_key LIKE 'imp-many-%'");
    expect(made).toBe(status.created);
    expect(status.created).toBe(status.processed);
  });

  it('two imports of the same new users at once create each user once', async () => {
    const rows = Array.from({ length: 300 }, (_, index) =>
      row({ username: `imp-race-${index}`, displayName: `Race ${index}`, email: `race${index}@example.com` }),
    );
    const [first, second] = await Promise.all([start(rows), start(rows)]);
    const [a, b] = await Promise.all([finished(first.id), finished(second.id)]);
    expect(a.created + b.created).toBe(rows.length);
    expect(a.unchanged + b.unchanged).toBe(rows.length);
    expect(a.refused + b.refused).toBe(0);
    expect(await local.count("SELECT count(*) FROM users WHERE username_key LIKE 'imp-race-%'")).toBe(
      rows.length,
    );
  });
});

describe('a wrong request', () => {
  it.each([
    ['no rows', { rows: [] }],
    ['a row without a username', { rows: [{ line: 2 }] }],
    ['line 0', { rows: [{ line: 0, username: 'x' }] }],
    ['an unknown option', { rows: [{ line: 2, username: 'x' }], options: { newUsers: 'mail' } }],
    [
      'too many rows',
      {
        rows: Array.from({ length: IMPORT_ROWS_MAX + 1 }, (_, index) => ({ line: index + 2, username: 'x' })),
      },
    ],
  ])('%s is refused with 400 and writes nothing', async (_label, body) => {
    const before = await state();
    for (const path of ['/api/users/import/preview', '/api/users/import']) {
      const answer = await call<ApiError>('POST', path, admin, body);
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('INVALID_INPUT');
    }
    expect(await state()).toEqual(before);
  });
});
