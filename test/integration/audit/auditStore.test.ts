import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { AUDIT_CSV_HEADERS } from '../../../electron/services/directory/local/auditExport';
import type { AuditRecord, AuditRelated } from '../../../electron/services/directory/local/auditLog';
import {
  auditActionKinds,
  auditActions,
  AuditExportRequestSchema,
  AuditPageRequestSchema,
  type AuditAction,
  type AuditEntry,
  type AuditFilters,
} from '../../../shared/domain/audit';
import type { Directory } from '../../../electron/services/directory/directory';
import { useTempDirs } from '../directory/support/tempDirs';
import { append, useAuditStorages } from './support/auditStorage';

/**
 * Reading the log of a real instance, on either storage: pages newest first with every filter and their
 * combinations (checked against the same filter applied by hand to every entry), keyset paging
 * while entries are written, who may read, and the export in both formats.
 */

const { tempDir } = useTempDirs();
const storages = useAuditStorages(tempDir);

const START = Date.parse('2030-01-01T00:00:00.000Z');
const minute = (n: number) => new Date(START + n * 60_000).toISOString();
const ACTORS = ['local:ann', 'api:Émile', 'api:bob', 'login from 10.0.0.1', '=HYPERLINK("x")'];
const NAMES = ['ann', 'Émile Zola', 'bob', 'ÇA VA', 'zoë', 'Sales 100%'];

/**
 * A deterministic mix (mulberry32): every action, users, groups and the instance, names with
 * accents, times a minute apart (some equal); a membership entry relates users or groups.
 */
function sampleEntries(count: number, seed = 7): (AuditRecord & { at: string })[] {
  let state = seed;
  const random = (below: number) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * below);
  };
  return Array.from({ length: count }, (_, n) => {
    const kind = random(11) === 0 ? 'instance' : random(3) === 0 ? 'group' : 'user';
    const entry: AuditRecord & { at: string } = {
      at: minute(n - (n % 5 === 1 ? 1 : 0)),
      actor: ACTORS[random(ACTORS.length)] as string,
      action: auditActions[random(auditActions.length)] as AuditAction,
      targetType: kind,
      ...(kind === 'instance' ? {} : { targetId: 1 + random(17), targetName: NAMES[random(NAMES.length)] }),
      ...(random(4) === 0
        ? { before: { displayName: `Ünïcode ${n}`, enabled: true, nested: { city: 'Zürich' } } }
        : {}),
      ...(random(4) !== 3
        ? { after: { displayName: `Name ${n}`, enabled: n % 2 === 0, groups: ['Ops', 'Sales'] } }
        : {}),
      ...(random(13) === 0 ? { detail: 'Wrong password' } : {}),
    };
    if (kind !== 'instance' && (auditActionKinds.memberships as readonly string[]).includes(entry.action))
      entry.related = { type: kind === 'group' ? 'user' : 'group', ids: [1 + random(17), 1 + random(17)] };
    return entry;
  });
}

/** Each entry's related targets by its id, as `append` wrote them into a new file. */
const relatedOf = (entries: readonly AuditRecord[]): Map<number, AuditRelated> =>
  new Map(entries.flatMap((entry, index) => (entry.related ? [[index + 1, entry.related]] : [])));

/** The filter as the log promises it, applied by hand; a target by its own entries and those relating it. */
function matches(
  entry: AuditEntry,
  filters: AuditFilters,
  related: ReadonlyMap<number, AuditRelated> = new Map(),
): boolean {
  const iso = (time: string) => new Date(time).toISOString();
  if (filters.from !== undefined && entry.at < iso(filters.from)) return false;
  if (filters.to !== undefined && entry.at >= iso(filters.to)) return false;
  if (filters.actor !== undefined && entry.actor !== filters.actor) return false;
  const { target } = filters;
  if (target) {
    const others = related.get(entry.id);
    const own = entry.targetType === target.type && entry.targetId === target.id;
    if (!own && !(others?.type === target.type && others.ids.includes(target.id))) return false;
  }
  if (filters.kinds || filters.actions) {
    const allowed = new Set<string>([
      ...(filters.actions ?? []),
      ...(filters.kinds ?? []).flatMap((kind) => auditActionKinds[kind]),
    ]);
    if (!allowed.has(entry.action)) return false;
  }
  const { text } = filters;
  if (text !== undefined) {
    const values: string[] = [];
    const visit = (value: unknown): void => {
      if (value !== null && typeof value === 'object') Object.values(value).forEach(visit);
      else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
        values.push(String(value));
    };
    visit(entry.before);
    visit(entry.after);
    const haystack = [entry.actor, entry.action, entry.targetName ?? '', entry.detail ?? '', ...values];
    if (!haystack.some((part) => part.toLowerCase().includes(text.toLowerCase()))) return false;
  }
  return true;
}

async function walk(directory: Directory, filters: AuditFilters, limit: number): Promise<number[]> {
  const ids: number[] = [];
  let before: number | undefined;
  do {
    const page = await directory.auditPage(
      AuditPageRequestSchema.parse({ filters, limit, ...(before === undefined ? {} : { before }) }),
    );
    expect(page.entries.length).toBeLessThanOrEqual(limit);
    ids.push(...page.entries.map((entry) => entry.id));
    before = page.next ?? undefined;
  } while (before !== undefined);
  return ids;
}

async function seeded(count: number) {
  const storage = await storages.open();
  const entries = sampleEntries(count);
  await append(storage, entries);
  return { storage, directory: storage.directory, related: relatedOf(entries) };
}

describe('a page of the audit log', () => {
  it('maps each row to an entry, newest first, and continues below `next`', async () => {
    const { directory } = await seeded(5);
    const written = sampleEntries(5);
    const first = await directory.auditPage(AuditPageRequestSchema.parse({ limit: 2 }));
    expect(first.entries.map((entry) => entry.id)).toEqual([5, 4]);
    expect(first.next).toBe(4);
    const [, , , fourth] = written;
    if (!fourth) throw new Error('five entries were written');
    expect(first.entries[1]).toEqual({
      id: 4,
      at: fourth.at,
      actor: fourth.actor,
      actorId: null,
      source: null,
      action: fourth.action,
      targetType: fourth.targetType,
      targetId: fourth.targetId ?? null,
      targetName: fourth.targetName ?? null,
      before: fourth.before ?? null,
      after: fourth.after ?? null,
      detail: fourth.detail ?? null,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
    });
    const last = await directory.auditPage(AuditPageRequestSchema.parse({ limit: 3, before: 4 }));
    expect(last.entries.map((entry) => entry.id)).toEqual([3, 2, 1]);
    expect(last.entries.map((entry) => entry.after)).toEqual(
      [written[2], written[1], written[0]].map((entry) => entry?.after ?? null),
    );
    expect(last.next).toBeNull();
  });

  it('answers every filter and every combination of them as the filter applied by hand', async () => {
    const { directory, related } = await seeded(2600);
    const all = await fullLog(directory);
    expect(all).toHaveLength(2600);
    // A field's name is not its value: "enabled" is in every before/after, and matches none.
    const empty: AuditFilters[] = [{ from: minute(5000) }, { actor: 'nobody' }, { text: 'enabled' }];
    const cases: AuditFilters[] = [
      ...empty,
      {},
      { from: minute(100) },
      { to: minute(100) },
      { from: minute(500), to: minute(900) },
      { from: '2030-01-01T03:00:00+02:00', to: '2030-01-01T04:00:00+01:00' },
      { actor: 'api:Émile' },
      { target: { type: 'user', id: 3 } },
      { target: { type: 'group', id: 16 } },
      { kinds: ['signIn'] },
      { kinds: ['settings', 'passwords'] },
      { actions: ['user.delete'] },
      { kinds: ['groups'], actions: ['user.delete', 'signIn.failure'] },
      { kinds: Object.keys(auditActionKinds) as (keyof typeof auditActionKinds)[] },
      { text: 'émile' },
      { text: 'ÉMILE ZO' },
      { text: 'zürich' },
      { text: 'wrong pass' },
      { text: 'Ops' },
      { text: 'z' },
      { text: 'çA' },
      { text: 'true' },
      { text: 'user.del' },
      { text: '"x"' },
      { text: '%' },
      { actor: 'api:bob', kinds: ['users', 'memberships'] },
      { actor: 'local:ann', target: { type: 'user', id: 5 }, text: 'name' },
      { target: { type: 'user', id: 2 }, kinds: ['users'], from: minute(300), to: minute(2000) },
      { text: 'name 1', actions: ['user.update', 'group.update'], actor: 'api:Émile' },
      { text: 'an', kinds: ['signIn'], to: minute(1500) },
      { text: 'zoë', target: { type: 'user', id: 5 }, actor: 'login from 10.0.0.1', from: minute(10) },
      { target: { type: 'user', id: 4 }, kinds: ['memberships'] },
      { target: { type: 'group', id: 9 }, kinds: ['memberships', 'users'], text: 'name' },
      { target: { type: 'group', id: 2 }, actions: ['group.addMembers', 'user.groups'], from: minute(700) },
      { target: { type: 'user', id: 11 }, text: 'sales', from: minute(200), to: minute(2200) },
      { target: { type: 'group', id: 13 }, actor: 'api:bob', to: minute(2400) },
    ];
    // Some of a target's entries are found only by what they relate.
    const byRelated = all.filter(
      (entry) =>
        matches(entry, { target: { type: 'user', id: 4 } }, related) &&
        !(entry.targetType === 'user' && entry.targetId === 4),
    );
    expect(byRelated.length).toBeGreaterThan(5);
    for (const filters of cases) {
      const expected = all.filter((entry) => matches(entry, filters, related)).map((entry) => entry.id);
      expect(await walk(directory, filters, 37), JSON.stringify(filters)).toEqual(expected);
      // A target's pages merge its own entries with those relating it: short pages test the seams.
      if (filters.target)
        expect(await walk(directory, filters, 3), JSON.stringify(filters)).toEqual(expected);
      // Every case but the empty ones finds something, or it would prove little.
      expect(expected.length > 0, JSON.stringify(filters)).toBe(!empty.includes(filters));
    }
    // Some ten thousand pages: each a statement over the network on PostgreSQL.
  }, 60_000);

  it('keeps its pages while entries are written: no entry twice, none missed', async () => {
    const { storage, directory } = await seeded(300);
    const filters: AuditFilters = { kinds: ['users', 'signIn'] };
    const before = (await fullLog(directory))
      .filter((entry) => matches(entry, filters))
      .map((entry) => entry.id);
    const seen: number[] = [];
    let next: number | undefined;
    let round = 0;
    do {
      const page = await directory.auditPage(
        AuditPageRequestSchema.parse({ filters, limit: 20, ...(next === undefined ? {} : { before: next }) }),
      );
      seen.push(...page.entries.map((entry) => entry.id));
      next = page.next ?? undefined;
      // Between pages, new entries of the same kinds arrive.
      await append(
        storage,
        sampleEntries(40, round).map((entry, n) => ({ ...entry, at: minute(1000 + round * 40 + n) })),
      );
      round++;
    } while (next !== undefined);
    expect(round).toBeGreaterThan(3);
    expect(seen).toEqual(before);
  });

  it('lets Administrators and Auditors read, export and verify, and refuses anyone else', async () => {
    const admin = await storages.open();
    await append(admin, sampleEntries(3));
    for (const role of ['administrator', 'auditor'] as const) {
      const directory = await storages.as(admin, role);
      expect((await directory.auditPage(AuditPageRequestSchema.parse({}))).entries).toHaveLength(3);
      expect((await directory.verifyAudit()).checked).toBe(3);
      expect(await directory.getAuditRetention()).toEqual({ days: null });
      let text = '';
      for await (const chunk of directory.exportAudit(AuditExportRequestSchema.parse({ format: 'jsonl' })))
        text += chunk;
      expect(text.trim().split('\n')).toHaveLength(3);
    }
    for (const role of ['userManager', 'user', 'apiUser'] as const) {
      const directory = await storages.as(admin, role);
      const forbidden = { code: 'FORBIDDEN' };
      await expect(directory.auditPage(AuditPageRequestSchema.parse({}))).rejects.toMatchObject(forbidden);
      await expect(directory.verifyAudit()).rejects.toMatchObject(forbidden);
      await expect(directory.getAuditRetention()).rejects.toMatchObject(forbidden);
      await expect(directory.setAuditRetention({ days: 30 })).rejects.toMatchObject(forbidden);
      expect(() => directory.exportAudit(AuditExportRequestSchema.parse({ format: 'csv' }))).toThrow(
        expect.objectContaining(forbidden) as Error,
      );
    }
    const auditor = await storages.as(admin, 'auditor');
    await expect(auditor.setAuditRetention({ days: 30 })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await admin.directory.getAuditRetention()).toEqual({ days: null });
  });
});

async function fullLog(directory: Directory): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  let before: number | undefined;
  do {
    const page = await directory.auditPage(
      AuditPageRequestSchema.parse({ limit: 500, ...(before === undefined ? {} : { before }) }),
    );
    entries.push(...page.entries);
    before = page.next ?? undefined;
  } while (before !== undefined);
  return entries;
}

describe('the export of the audit log', () => {
  it('writes CSV with a byte order mark, CRLF, a header and guarded cells, and reads back as the log', async () => {
    const { directory } = await seeded(1234);
    const filters: AuditFilters = { kinds: ['users', 'signIn', 'settings'] };
    let csv = '';
    for await (const chunk of directory.exportAudit(
      AuditExportRequestSchema.parse({ filters, format: 'csv' }),
    ))
      csv += chunk;
    expect(csv.startsWith('\uFEFFId,Time,Actor,')).toBe(true);
    expect(csv.split('\r\n')[0]).toBe(`\uFEFF${AUDIT_CSV_HEADERS.join(',')}`);
    expect(csv.replaceAll('\r\n', '')).not.toContain('\n');
    const rows = parse<Record<string, string>>(csv.slice(1), { columns: true });
    const expected = (await fullLog(directory)).filter((entry) => matches(entry, filters));
    expect(rows).toHaveLength(expected.length);
    expected.forEach((entry, index) => {
      const row = rows[index] ?? {};
      expect(row.Id).toBe(String(entry.id));
      expect(row.Time).toBe(entry.at);
      // A cell that a spreadsheet would run as a formula is written as text.
      expect(row.Actor).toBe(entry.actor.startsWith('=') ? `'${entry.actor}` : entry.actor);
      expect(row.Action).toBe(entry.action);
      expect(row['Target id']).toBe(entry.targetId === null ? '' : String(entry.targetId));
      expect(row.Before).toBe(entry.before === null ? '' : JSON.stringify(entry.before));
      expect(row.After === '' ? null : JSON.parse(row.After ?? '')).toEqual(entry.after);
      expect(row.Hash).toBe(entry.hash);
    });
  });

  it('writes JSON Lines, one entry a line, newest first, equal to the pages', async () => {
    const { directory } = await seeded(1100);
    const filters: AuditFilters = { text: 'name' };
    let text = '';
    for await (const chunk of directory.exportAudit(
      AuditExportRequestSchema.parse({ filters, format: 'jsonl' }),
    ))
      text += chunk;
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    const expected = (await fullLog(directory)).filter((entry) => matches(entry, filters));
    expect(expected.length).toBeGreaterThan(500);
    expect(lines.map((line) => JSON.parse(line) as AuditEntry)).toEqual(expected);
  });
});
