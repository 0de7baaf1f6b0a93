import SwaggerParser from '@apidevtools/swagger-parser';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_CSV_HEADERS } from '../../../electron/services/directory/local/auditExport';
import {
  auditActionKinds,
  auditExportFileName,
  AuditEntrySchema,
  type AuditAction,
  type AuditEntry,
  type AuditPage,
} from '../../../shared/domain/audit';
import type { GroupSummary, UserDetail } from '../../../shared/domain/directory';
import { DEFAULT_PASSWORD_POLICY } from '../../../shared/domain/passwordPolicy';
import type { Role } from '../../../shared/domain/roles';
import { signIn, type Answer, type ApiError } from './support/api';
import { startLocalServer, type LocalServer } from './support/localServer';
import {
  mediaTypeOf,
  operationsOf,
  schemaValidator,
  type OpenApiDocument,
  type SchemaCheck,
} from './support/openApiDocument';
import { newUserFields } from './support/servedInstance';

/**
 * The audit log's REST routes over real HTTP on 127.0.0.1, against the instance server built in
 * this process with a clock the test moves: who may read it, every filter alone and together
 * against the unfiltered log, keyset pages, the export parsed back, the chain's check, the
 * retention setting, refusals naming the parameter, and every answer as the served OpenAPI
 * document describes it.
 */

let server: LocalServer;
let doc: OpenApiDocument;
let check: SchemaCheck;
const tokens = {} as Record<'admin' | 'auditor' | 'user' | 'manager', string>;
let ann: UserDetail;
let bea: UserDetail;
let team: GroupSummary;
/** The times of two changes in the middle of the history, for the time filters. */
let disabledAt: string;
let renamedAt: string;

const MINUTE = 60_000;

async function must<T>(method: string, path: string, body?: unknown): Promise<T> {
  const answer = await server.api.call<T>(method, path, { token: tokens.admin, body });
  if (answer.status >= 300)
    throw new Error(`${method} ${path} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

async function account(role: Role): Promise<string> {
  const fields = newUserFields(`aud${role.slice(0, 4)}`);
  await must('POST', '/api/users', { ...fields, role });
  return signIn(server.api, fields.username, fields.password);
}

/** The newest entry's time once `change` has run: each change happens a minute after the last. */
async function step(change: () => Promise<unknown>): Promise<string> {
  server.clock.advance(MINUTE);
  await change();
  return new Date(server.clock.now).toISOString();
}

/** The answer is one the served document describes: its status, its media type, a body its schema accepts. */
function expectDocumented(operationId: string, answer: Answer, label = operationId): void {
  const operation = operationsOf(doc).get(operationId)?.operation;
  expect(operation, `${operationId} is documented`).toBeDefined();
  const documented = operation?.responses[String(answer.status)];
  expect(documented, `${label}: status ${answer.status} is documented`).toBeDefined();
  const media = mediaTypeOf(answer.headers.get('content-type'));
  const content = documented?.content?.[media];
  expect(content, `${label}: ${media} is documented for ${answer.status}`).toBeDefined();
  expect(check(content?.schema, answer.body), `${label}: the body against its schema`).toEqual([]);
}

const query = (parameters: Record<string, string>) => new URLSearchParams(parameters).toString();

async function page(parameters: Record<string, string>, token = tokens.auditor): Promise<AuditPage> {
  const answer = await server.api.call<AuditPage>('GET', `/api/audit?${query(parameters)}`, { token });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  expectDocumented('auditPage', answer);
  return answer.body;
}

/** Every entry the parameters match, page by page through `next`. */
async function readAll(parameters: Record<string, string>, limit = 500): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  let before: number | null | undefined;
  do {
    const read = await page({
      ...parameters,
      limit: String(limit),
      ...(before ? { before: String(before) } : {}),
    });
    expect(read.entries.length).toBeLessThanOrEqual(limit);
    entries.push(...read.entries);
    before = read.next;
  } while (before !== null);
  return entries;
}

async function download(parameters: Record<string, string>, token = tokens.auditor) {
  const response = await fetch(`${server.url}/api/audit/export?${query(parameters)}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
  return { response, text };
}

beforeAll(async () => {
  server = await startLocalServer();
  tokens.admin = await server.adminToken();
  doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as OpenApiDocument;
  check = schemaValidator(doc);
  tokens.auditor = await account('auditor');
  tokens.user = await account('user');
  tokens.manager = await account('userManager');

  // A history of every kind, a minute apart.
  ann = await must<UserDetail>('POST', '/api/users', newUserFields('annaudit'));
  await step(async () => (bea = await must<UserDetail>('POST', '/api/users', newUserFields('beaudit'))));
  disabledAt = await step(() => must('POST', `/api/users/${ann.id}/disable`));
  await step(async () => (team = await must<GroupSummary>('POST', '/api/groups', { name: 'Audit team' })));
  await step(() => must('POST', `/api/groups/${team.id}/members`, { userIds: [ann.id, bea.id] }));
  renamedAt = await step(() => must('PATCH', `/api/users/${bea.id}`, { displayName: 'Bea Renamed' }));
  await step(() =>
    server.api.call('POST', '/api/auth/token', { body: { username: bea.username, password: 'wrong-pw-1' } }),
  );
  await step(() => must('PUT', '/api/settings/password-policy', DEFAULT_PASSWORD_POLICY));
  await step(() => must('PUT', `/api/users/${bea.id}/role`, { role: 'auditor' }));
  // Fresh sessions at the clock's time: the earlier ones may be near their end.
  tokens.admin = await server.adminToken();
}, 60_000);
afterAll(() => server.close());

describe('the served OpenAPI document', () => {
  it('is valid OpenAPI 3.1 and describes the audit routes, their parameters and both export formats', async () => {
    await SwaggerParser.validate(
      structuredClone(doc) as unknown as Parameters<typeof SwaggerParser.validate>[0],
    );
    const operations = operationsOf(doc);
    const located = Object.fromEntries(
      ['auditPage', 'exportAudit', 'verifyAudit', 'getAuditRetention', 'setAuditRetention'].map((id) => {
        const found = operations.get(id);
        return [id, found && `${found.method} ${found.path}`];
      }),
    );
    expect(located).toEqual({
      auditPage: 'GET /api/audit',
      exportAudit: 'GET /api/audit/export',
      verifyAudit: 'GET /api/audit/verify',
      getAuditRetention: 'GET /api/settings/audit-retention',
      setAuditRetention: 'PUT /api/settings/audit-retention',
    });
    const names = (id: string) => (operations.get(id)?.operation.parameters ?? []).map((p) => p.name).sort();
    expect(names('auditPage')).toEqual(
      ['action', 'actor', 'before', 'from', 'kind', 'limit', 'q', 'targetId', 'targetType', 'to'].sort(),
    );
    expect(names('exportAudit')).toEqual(
      ['action', 'actor', 'format', 'from', 'kind', 'q', 'targetId', 'targetType', 'to'].sort(),
    );
    expect(Object.keys(operations.get('exportAudit')?.operation.responses['200']?.content ?? {})).toEqual([
      'text/csv',
      'application/jsonl',
    ]);
  });
});

describe('who may read the log', () => {
  const reads = [
    ['GET', '/api/audit'],
    ['GET', '/api/audit/export?format=jsonl'],
    ['GET', '/api/audit/verify'],
    ['GET', '/api/settings/audit-retention'],
  ] as const;
  const operationOf: Record<string, string> = {
    '/api/audit': 'auditPage',
    '/api/audit/export?format=jsonl': 'exportAudit',
    '/api/audit/verify': 'verifyAudit',
    '/api/settings/audit-retention': 'getAuditRetention',
  };

  it.each(['user', 'manager'] as const)(
    'a %s gets 403 naming audit.read on every route, and nothing is written',
    async (who) => {
      // A session notes its use once a minute, a write of its own: that turn is taken first.
      await server.api.call('GET', '/api/auth/me', { token: tokens[who] });
      for (const [method, path] of reads) {
        const before = server.observer.state();
        const answer = await server.api.call<ApiError>(method, path, { token: tokens[who] });
        expect(answer.status, path).toBe(403);
        expect(answer.body.detail, path).toContain('audit.read');
        expectDocumented(operationOf[path] ?? '', answer, `${who} ${path}`);
        expect(server.observer.state(), `${path} wrote nothing`).toEqual(before);
      }
      const put = await server.api.call<ApiError>('PUT', '/api/settings/audit-retention', {
        token: tokens[who],
        body: { days: 1 },
      });
      expect(put.status).toBe(403);
      expect(put.body.detail).toContain('instance.settings');
      expectDocumented('setAuditRetention', put);
    },
  );

  it('answers 401 without a token', async () => {
    for (const [method, path] of reads) {
      const answer = await server.api.call(method, path);
      expect(answer.status, path).toBe(401);
      expectDocumented(operationOf[path] ?? '', answer, `anonymous ${path}`);
    }
  });

  it('lets an Auditor read, export and verify, but not change the retention', async () => {
    for (const [method, path] of reads) {
      const answer = await server.api.call(method, path, { token: tokens.auditor });
      expect(answer.status, path).toBe(200);
      expectDocumented(operationOf[path] ?? '', answer, `auditor ${path}`);
    }
    const put = await server.api.call<ApiError>('PUT', '/api/settings/audit-retention', {
      token: tokens.auditor,
      body: { days: 1 },
    });
    expect(put.status).toBe(403);
    expect(put.body.detail).toContain('instance.settings');
  });
});

describe('bad parameters', () => {
  it.each([
    ['/api/audit?limit=0', 'limit'],
    ['/api/audit?limit=501', 'limit'],
    ['/api/audit?limit=ten', 'limit'],
    ['/api/audit?before=0', 'before'],
    ['/api/audit?before=-3', 'before'],
    ['/api/audit?from=yesterday', 'from'],
    ['/api/audit?to=2030-01-01', 'to'],
    ['/api/audit?kind=users,nonsense', 'kind'],
    ['/api/audit?kind=users&kind=groups', 'kind'],
    ['/api/audit?action=user.fly', 'action'],
    ['/api/audit?targetType=user', 'targetId'],
    ['/api/audit?targetId=3', 'targetType'],
    ['/api/audit?targetType=instance&targetId=1', 'targetType'],
    ['/api/audit?targetType=user&targetId=abc', 'targetId'],
    ['/api/audit?q=', 'q'],
    ['/api/audit?actor=', 'actor'],
    ['/api/audit?q=ann%00lee', 'q'],
    ['/api/audit?actor=ann%00', 'actor'],
    ['/api/audit?text=ann', 'text'],
    ['/api/audit/export?format=xml', 'format'],
    ['/api/audit/export?limit=10', 'limit'],
    ['/api/audit/export?kind=', 'kind'],
    ['/api/audit/verify?deep=true', 'deep'],
    ['/api/settings/audit-retention?days=3', 'days'],
  ])('%s answers 400 problem+json naming %s', async (path, field) => {
    const answer = await server.api.call<ApiError>('GET', path, { token: tokens.auditor });
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    expect(answer.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(answer.body).toMatchObject({ code: 'INVALID_INPUT', field });
    const operationId = path.startsWith('/api/audit/export')
      ? 'exportAudit'
      : path.startsWith('/api/audit/verify')
        ? 'verifyAudit'
        : path.startsWith('/api/settings')
          ? 'getAuditRetention'
          : 'auditPage';
    expectDocumented(operationId, answer, path);
  });

  it.each([
    [{ days: 0 }, 'days'],
    [{ days: 1.5 }, 'days'],
    [{ days: 36_501 }, 'days'],
    [{}, 'days'],
    [{ days: null, forever: true }, 'forever'],
  ])('PUT retention %j answers 400 naming %s, and changes nothing', async (body, field) => {
    const before = server.observer.state();
    const answer = await server.api.call<ApiError>('PUT', '/api/settings/audit-retention', {
      token: tokens.admin,
      body,
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'INVALID_INPUT', field });
    expectDocumented('setAuditRetention', answer);
    expect(server.observer.state()).toEqual(before);
  });
});

describe('reading the log', () => {
  let all: AuditEntry[];
  beforeAll(async () => {
    all = await readAll({});
  });

  const actionsOf = (kinds: (keyof typeof auditActionKinds)[]): AuditAction[] =>
    kinds.flatMap((kind) => [...auditActionKinds[kind]]);
  const time = (entry: AuditEntry) => Date.parse(entry.at);
  /** The same instant, written with a +01:00 offset. */
  const withOffset = (iso: string) =>
    `${new Date(Date.parse(iso) + 3_600_000).toISOString().slice(0, -1)}+01:00`;

  it('holds the whole history, newest first, each entry as the contract describes it', () => {
    expect(all.length).toBeGreaterThan(15);
    for (const entry of all) expect(AuditEntrySchema.safeParse(entry).success).toBe(true);
    const ids = all.map((entry) => entry.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const disabled = all.find((entry) => entry.action === 'user.disable');
    expect(disabled).toMatchObject({
      targetType: 'user',
      targetId: ann.id,
      targetName: ann.username,
      at: disabledAt,
      source: '127.0.0.1',
    });
  });

  it('applies each filter alone as the unfiltered log says', async () => {
    const adminActor = all.find((entry) => entry.action === 'user.disable')?.actor ?? '';
    expect(adminActor).not.toBe('');
    const from = disabledAt;
    const to = renamedAt;
    const cases: [Record<string, string>, (entry: AuditEntry) => boolean][] = [
      [{ kind: 'users' }, (e) => actionsOf(['users']).includes(e.action)],
      [{ kind: 'memberships,roles' }, (e) => actionsOf(['memberships', 'roles']).includes(e.action)],
      [{ kind: 'signIn' }, (e) => actionsOf(['signIn']).includes(e.action)],
      [{ action: 'user.disable' }, (e) => e.action === 'user.disable'],
      [{ action: 'group.create,user.role' }, (e) => ['group.create', 'user.role'].includes(e.action)],
      [{ actor: adminActor }, (e) => e.actor === adminActor],
      [
        { targetType: 'user', targetId: String(ann.id) },
        // Her own entries, and the group's that added her.
        (e) =>
          (e.targetType === 'user' && e.targetId === ann.id) ||
          (e.action === 'group.addMembers' && JSON.stringify(e.after).includes(ann.username)),
      ],
      [
        { targetType: 'group', targetId: String(team.id) },
        (e) => e.targetType === 'group' && e.targetId === team.id,
      ],
      [{ from }, (e) => time(e) >= Date.parse(from)],
      [{ to }, (e) => time(e) < Date.parse(to)],
      [
        { from: withOffset(from), to: withOffset(to) },
        (e) => time(e) >= Date.parse(from) && time(e) < Date.parse(to),
      ],
    ];
    for (const [parameters, matches] of cases) {
      const expected = all.filter(matches);
      expect(expected.length, `${query(parameters)} matches something`).toBeGreaterThan(0);
      expect(expected.length, `${query(parameters)} leaves something out`).toBeLessThan(all.length);
      expect(await readAll(parameters), query(parameters)).toEqual(expected);
    }
  });

  it('combines filters: every one given must match, kinds and actions either', async () => {
    const cases: [Record<string, string>, (entry: AuditEntry) => boolean][] = [
      [
        { kind: 'users', targetType: 'user', targetId: String(ann.id) },
        (e) => actionsOf(['users']).includes(e.action) && e.targetId === ann.id && e.targetType === 'user',
      ],
      [
        { kind: 'memberships', action: 'user.disable' },
        (e) => actionsOf(['memberships']).includes(e.action) || e.action === 'user.disable',
      ],
      [
        { kind: 'users,groups', from: disabledAt, to: renamedAt },
        (e) =>
          actionsOf(['users', 'groups']).includes(e.action) &&
          time(e) >= Date.parse(disabledAt) &&
          time(e) < Date.parse(renamedAt),
      ],
      [
        { targetType: 'user', targetId: String(bea.id), action: 'user.update,user.role' },
        (e) =>
          e.targetId === bea.id && e.targetType === 'user' && ['user.update', 'user.role'].includes(e.action),
      ],
    ];
    for (const [parameters, matches] of cases) {
      const expected = all.filter(matches);
      expect(expected.length, `${query(parameters)} matches something`).toBeGreaterThan(0);
      expect(await readAll(parameters), query(parameters)).toEqual(expected);
    }
    expect(await readAll({ action: 'user.disable', targetType: 'user', targetId: String(bea.id) })).toEqual(
      [],
    );
  });

  it('finds free text, case-insensitively, and combines it with the other filters', async () => {
    const text = bea.username.toUpperCase();
    const found = await readAll({ q: text });
    const named = all.filter((entry) => entry.targetName === bea.username);
    expect(named.length).toBeGreaterThan(2);
    for (const entry of named) expect(found).toContainEqual(entry);
    for (const entry of found)
      expect(JSON.stringify(entry).toLowerCase(), `entry ${entry.id}`).toContain(bea.username.toLowerCase());
    expect(await readAll({ q: text, kind: 'users' })).toEqual(
      found.filter((entry) => actionsOf(['users']).includes(entry.action)),
    );
    expect(await readAll({ q: 'Bea Renamed' })).toContainEqual(
      all.find((entry) => entry.action === 'user.update' && entry.targetId === bea.id),
    );
  });

  it('pages by keyset: small pages through `next` make up the whole, and new entries never shift them', async () => {
    expect(await readAll({}, 2)).toEqual(await readAll({}));
    const filtered = await readAll({ kind: 'users,memberships' });
    expect(await readAll({ kind: 'users,memberships' }, 3)).toEqual(filtered);

    const first = await page({ limit: '4' });
    expect(first.entries).toEqual(all.slice(0, 4));
    expect(first.next).toBe(all[3]?.id);
    // Entries written between two pages are newer than the first: the next page is as it was.
    server.clock.advance(MINUTE);
    const added = await must<UserDetail>('POST', '/api/users', newUserFields('keyset'));
    const second = await page({ limit: '4', before: String(first.next) });
    expect(second.entries).toEqual(all.slice(4, 8));
    const fresh = await page({ limit: '1' });
    expect(fresh.entries[0]).toMatchObject({ action: 'user.create', targetId: added.id });
    all = await readAll({});
  });

  it('answers an empty last page with no next, and a page before the oldest as empty', async () => {
    const oldest = all[all.length - 1];
    if (!oldest) throw new Error('no entries');
    expect(await page({ before: String(oldest.id) })).toEqual({ entries: [], next: null });
    const last = await page({ limit: String(all.length) });
    expect(last.next).toBeNull();
    expect(last.entries).toEqual(all);
  });

  it('exports the filtered log as JSON Lines equal to the pages', async () => {
    const parameters = { kind: 'users,memberships,roles', from: disabledAt };
    const { response, text } = await download({ ...parameters, format: 'jsonl' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/jsonl; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="${auditExportFileName(new Date(server.clock.now), 'jsonl')}"`,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.split('\n').slice(0, -1);
    const parsed = lines.map((line) => AuditEntrySchema.parse(JSON.parse(line)));
    expect(parsed).toEqual(await readAll(parameters));
    expect(parsed.length).toBeGreaterThan(2);
  });

  it('exports the filtered log as CSV (the default) equal to the pages', async () => {
    const parameters = { targetType: 'user', targetId: String(bea.id) };
    const { response, text } = await download(parameters);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="${auditExportFileName(new Date(server.clock.now), 'csv')}"`,
    );
    const records: string[][] = parse(text, { bom: true });
    const [header, ...rows] = records;
    expect(header).toEqual([...AUDIT_CSV_HEADERS]);
    const column = (row: string[], name: (typeof AUDIT_CSV_HEADERS)[number]) =>
      row[AUDIT_CSV_HEADERS.indexOf(name)] ?? '';
    const fields = (cell: string) => (cell === '' ? null : (JSON.parse(cell) as unknown));
    const expected = await readAll(parameters);
    expect(
      rows.map((row) => ({
        id: Number(column(row, 'Id')),
        at: column(row, 'Time'),
        actor: column(row, 'Actor'),
        action: column(row, 'Action'),
        targetId: Number(column(row, 'Target id')),
        targetName: column(row, 'Target name'),
        before: fields(column(row, 'Before')),
        after: fields(column(row, 'After')),
        hash: column(row, 'Hash'),
      })),
    ).toEqual(
      expected.map(({ id, at, actor, action, targetId, targetName, before, after, hash }) => ({
        id,
        at,
        actor,
        action,
        targetId,
        targetName,
        before,
        after,
        hash,
      })),
    );
  });

  it('exports nothing but the header when nothing matches', async () => {
    const { text } = await download({ action: 'audit.prune' });
    expect(parse(text, { bom: true })).toEqual([[...AUDIT_CSV_HEADERS]]);
    expect((await download({ action: 'audit.prune', format: 'jsonl' })).text).toBe('');
  });

  it('verifies the whole chain', async () => {
    const answer = await server.api.call('GET', '/api/audit/verify', { token: tokens.auditor });
    expect(answer.status).toBe(200);
    expectDocumented('verifyAudit', answer);
    expect(answer.body).toEqual({ checked: all.length, firstBroken: null, prunedThrough: null });
  });
});

describe('retention, then a row edited by hand', () => {
  it('keeps everything until an Administrator sets days; pruning is itself an entry, and the chain still verifies', async () => {
    const read = await server.api.call('GET', '/api/settings/audit-retention', { token: tokens.auditor });
    expect(read.status).toBe(200);
    expectDocumented('getAuditRetention', read);
    expect(read.body).toEqual({ days: null });

    const newest = (await page({ limit: '1' })).entries[0];
    if (!newest) throw new Error('no entries');
    // Two days on, a one-day retention prunes everything written so far.
    server.clock.advance(2 * 86_400_000);
    tokens.admin = await server.adminToken();
    tokens.auditor = await account('auditor');
    const set = await server.api.call('PUT', '/api/settings/audit-retention', {
      token: tokens.admin,
      body: { days: 1 },
    });
    expect(set.status).toBe(200);
    expectDocumented('setAuditRetention', set);
    expect(set.body).toEqual({ days: 1 });
    expect(
      (await server.api.call('GET', '/api/settings/audit-retention', { token: tokens.auditor })).body,
    ).toEqual({ days: 1 });

    const kept = await readAll({});
    expect(kept.every((entry) => entry.id > newest.id)).toBe(true);
    expect(kept.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['audit.prune', 'instance.auditRetention']),
    );
    const verified = await server.api.call('GET', '/api/audit/verify', { token: tokens.auditor });
    expect(verified.body).toMatchObject({ checked: kept.length, firstBroken: null });
    expect((verified.body as { prunedThrough: number }).prunedThrough).toBeGreaterThanOrEqual(newest.id);
  });

  it('names the entry whose row was edited by hand', async () => {
    const kept = await readAll({});
    const victim = kept[Math.floor(kept.length / 2)];
    if (!victim) throw new Error('no entries');
    const db = new Database(server.file);
    try {
      db.prepare("UPDATE audit_log SET actor = 'someone else' WHERE id = ?").run(victim.id);
    } finally {
      db.close();
    }
    const verified = await server.api.call<{ firstBroken: { id: number } | null }>(
      'GET',
      '/api/audit/verify',
      {
        token: tokens.auditor,
      },
    );
    expect(verified.status).toBe(200);
    expectDocumented('verifyAudit', verified);
    expect(verified.body.firstBroken?.id).toBe(victim.id);
  });
});
