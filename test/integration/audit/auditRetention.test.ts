import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuditPageRequestSchema, type AuditEntry } from '../../../shared/domain/audit';
import type { Directory } from '../../../electron/services/directory/directory';
import { STORAGE, type TestStorage } from '../directory/support/storage';
import { useTempDirs } from '../directory/support/tempDirs';
import { append, useAuditStorages } from './support/auditStorage';

/**
 * Retention: an Administrator's setting, itself an entry; pruning removes the oldest entries in
 * one transaction, keeps the last removed one's hash for the chain, and says so in an entry of its
 * own. It runs right after a setting, when the directory opens, and daily. On either storage; the
 * log is edited by hand with statements of the test's own.
 */

const { tempDir } = useTempDirs();
const storages = useAuditStorages(tempDir);
const DAY_MS = 86_400_000;
const START = Date.parse('2030-01-01T00:00:00.000Z');
const day = (n: number) => new Date(START + n * DAY_MS);

afterEach(() => vi.useRealTimers());

/** 100 entries, one a day from day 0 to day 99; the clock reads day 100. */
async function hundredDays(clock = { now: day(100) }) {
  const storage = await storages.open({ now: () => clock.now });
  await append(
    storage,
    Array.from({ length: 100 }, (_, n) => ({
      at: day(n).toISOString(),
      actor: 'local:ann',
      action: 'user.update' as const,
      targetType: 'user' as const,
      targetId: 1,
      after: { displayName: `Ann ${n}` },
    })),
  );
  return { storage, clock, directory: storage.directory };
}

/** The first column of a statement's first row, read behind the directory's back. */
const valueOf = async (storage: TestStorage, sql: string): Promise<unknown> => {
  const [row] = await storage.query<Record<string, unknown>>(sql);
  return row ? Object.values(row)[0] : undefined;
};

const newest = async (directory: Directory, limit = 2): Promise<AuditEntry[]> =>
  (await directory.auditPage(AuditPageRequestSchema.parse({ limit }))).entries;

describe('audit log retention', () => {
  it('keeps everything until set; setting it is an entry with before and after', async () => {
    const { directory } = await hundredDays();
    expect(await directory.getAuditRetention()).toEqual({ days: null });
    expect(await directory.setAuditRetention({ days: 365 })).toEqual({ days: 365 });
    expect(await directory.getAuditRetention()).toEqual({ days: 365 });
    const [entry] = await newest(directory, 1);
    expect(entry).toMatchObject({
      action: 'instance.auditRetention',
      actor: 'local:tester',
      targetType: 'instance',
      before: { days: null },
      after: { days: 365 },
    });
    // Nothing is a year old: nothing was pruned, and no prune entry written.
    expect((await directory.verifyAudit()).checked).toBe(101);
  });

  it('prunes the entries older than the days as soon as a shorter setting is saved, and the log still verifies', async () => {
    const { storage, directory } = await hundredDays();
    await directory.setAuditRetention({ days: 30 });
    const [prune, setting] = await newest(directory);
    expect(setting).toMatchObject({ action: 'instance.auditRetention', after: { days: 30 } });
    // Days 0 to 69 are older than 30 days before day 100.
    expect(prune).toMatchObject({
      action: 'audit.prune',
      actor: 'retention',
      targetType: 'instance',
      after: { removed: 70, throughId: 70, throughAt: day(69).toISOString(), retentionDays: 30 },
    });
    expect(await valueOf(storage, 'SELECT min(id) FROM audit_log')).toBe(71);
    expect(await valueOf(storage, 'SELECT pruned_through FROM audit_chain')).toBe(70);
    expect(await directory.verifyAudit()).toEqual({ checked: 32, firstBroken: null, prunedThrough: 70 });
    // The text index forgot them too (SQLite's is a table of its own; PostgreSQL's an index).
    if (STORAGE === 'sqlite')
      await expect(
        storage.query("INSERT INTO audit_fts (audit_fts) VALUES ('integrity-check')"),
      ).resolves.toEqual([]);
    const found = await directory.auditPage(AuditPageRequestSchema.parse({ filters: { text: 'ann 7' } }));
    expect(found.entries.map((entry) => entry.id)).toEqual([80, 79, 78, 77, 76, 75, 74, 73, 72, 71]);
  });

  it('still catches a kept entry edited by hand after pruning, the first kept one included', async () => {
    const { storage, directory } = await hundredDays();
    await directory.setAuditRetention({ days: 30 });
    await storage.query("UPDATE audit_log SET actor = 'local:mallory' WHERE id = 80");
    expect((await directory.verifyAudit()).firstBroken).toMatchObject({ id: 80 });
    await storage.query("UPDATE audit_log SET actor = 'local:mallory' WHERE id = 71");
    expect((await directory.verifyAudit()).firstBroken).toMatchObject({ id: 71 });
  });

  it('catches an anchor edited by hand, and a kept entry removed with the pruned ones', async () => {
    const { storage, directory } = await hundredDays();
    await directory.setAuditRetention({ days: 30 });
    await storage.query('DELETE FROM audit_log WHERE id = 71');
    expect((await directory.verifyAudit()).firstBroken).toMatchObject({
      id: 72,
      reason: expect.stringContaining('missing') as unknown,
    });
    await storage.query('UPDATE audit_chain SET pruned_through = 71');
    expect((await directory.verifyAudit()).firstBroken).toMatchObject({
      id: 72,
      reason: expect.stringContaining('changed') as unknown,
    });
  });

  it('prunes when the directory opens, and does nothing more when nothing is old enough', async () => {
    const { storage, clock, directory } = await hundredDays();
    await directory.setAuditRetention({ days: 30 });
    directory.close();
    clock.now = day(110);
    const reopened = { directory: await storage.reopen({ now: () => clock.now }) };
    const [prune] = await newest(reopened.directory, 1);
    expect(prune).toMatchObject({ action: 'audit.prune', after: { removed: 10, throughId: 80 } });
    expect(await reopened.directory.verifyAudit()).toEqual({
      checked: 23,
      firstBroken: null,
      prunedThrough: 80,
    });
    // A longer setting removes nothing, and says nothing of pruning.
    await reopened.directory.setAuditRetention({ days: 60 });
    expect((await newest(reopened.directory, 1))[0]).toMatchObject({ action: 'instance.auditRetention' });
  });

  it('prunes once when several directories open at once, each in a process of its own', async () => {
    const { storage, directory } = await hundredDays();
    await storage.query(
      "INSERT INTO instance_settings (name, value) VALUES ('auditRetention', '{\"days\":30}')",
    );
    const opened = await Promise.all(Array.from({ length: 4 }, () => storage.reopen()));
    const prunes = await Promise.all(
      opened.map((other) =>
        other.auditPage(AuditPageRequestSchema.parse({ filters: { actions: ['audit.prune'] } })),
      ),
    );
    for (const found of prunes)
      expect(found.entries.map((entry) => entry.after)).toEqual([
        { removed: 70, throughId: 70, throughAt: day(69).toISOString(), retentionDays: 30 },
      ]);
    expect(await directory.verifyAudit()).toEqual({ checked: 31, firstBroken: null, prunedThrough: 70 });
  });

  it('prunes daily while open, until closed', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { clock, directory } = await hundredDays();
    await directory.setAuditRetention({ days: 30 });
    clock.now = day(101);
    vi.advanceTimersByTime(DAY_MS);
    const [prune] = await newest(directory, 1);
    expect(prune).toMatchObject({ action: 'audit.prune', after: { removed: 1, throughId: 71 } });
    expect(vi.getTimerCount()).toBe(1);
    directory.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('reads a damaged setting as BAD_FILE, and setting it again repairs it', async () => {
    const { storage, directory } = await hundredDays();
    await storage.query(
      "INSERT INTO instance_settings (name, value) VALUES ('auditRetention', '{\"days\":-4}')",
    );
    await expect(directory.getAuditRetention()).rejects.toMatchObject({ code: 'BAD_FILE' });
    await directory.setAuditRetention({ days: null });
    expect((await newest(directory, 1))[0]).toMatchObject({
      before: { damaged: true },
      after: { days: null },
    });
    expect(await directory.getAuditRetention()).toEqual({ days: null });
  });
});
