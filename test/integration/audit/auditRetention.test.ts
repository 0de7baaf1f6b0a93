import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuditPageRequestSchema, type AuditEntry } from '../../../shared/domain/audit';
import type { Directory } from '../../../electron/services/directory/directory';
import { useTempDirs } from '../directory/support/tempDirs';
import { append, newFile, openAuditDirectory } from './support/auditFile';
import { sqliteShell } from './support/sqliteShell';

/**
 * Retention: an Administrator's setting, itself an entry; pruning removes the oldest entries in
 * one transaction, keeps the last removed one's hash for the chain, and says so in an entry of its
 * own. It runs right after a setting, when the directory opens, and daily.
 */

const { tempDir, onCleanup } = useTempDirs();
const DAY_MS = 86_400_000;
const START = Date.parse('2030-01-01T00:00:00.000Z');
const day = (n: number) => new Date(START + n * DAY_MS);

afterEach(() => vi.useRealTimers());

/** 100 entries, one a day from day 0 to day 99; the clock reads day 100. */
function hundredDays(clock = { now: day(100) }) {
  const file = newFile(tempDir('roster-audit-retention-'));
  const opened = openAuditDirectory(file, { mode: 'create', now: () => clock.now });
  onCleanup(() => opened.directory.close());
  append(
    opened.db,
    Array.from({ length: 100 }, (_, n) => ({
      at: day(n).toISOString(),
      actor: 'local:ann',
      action: 'user.update' as const,
      targetType: 'user' as const,
      targetId: 1,
      after: { displayName: `Ann ${n}` },
    })),
  );
  return { file, clock, ...opened };
}

const newest = async (directory: Directory, limit = 2): Promise<AuditEntry[]> =>
  (await directory.auditPage(AuditPageRequestSchema.parse({ limit }))).entries;

describe('audit log retention', () => {
  it('keeps everything until set; setting it is an entry with before and after', async () => {
    const { directory } = hundredDays();
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
    const { db, directory } = hundredDays();
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
    expect(db.prepare('SELECT min(id) FROM audit_log').pluck().get()).toBe(71);
    expect(db.prepare('SELECT pruned_through FROM audit_chain').pluck().get()).toBe(70);
    expect(await directory.verifyAudit()).toEqual({ checked: 32, firstBroken: null, prunedThrough: 70 });
    // The text index forgot them too.
    expect(() => db.exec("INSERT INTO audit_fts (audit_fts) VALUES ('integrity-check')")).not.toThrow();
    const found = await directory.auditPage(AuditPageRequestSchema.parse({ filters: { text: 'ann 7' } }));
    expect(found.entries.map((entry) => entry.id)).toEqual([80, 79, 78, 77, 76, 75, 74, 73, 72, 71]);
  });

  it('still catches a kept entry edited by hand after pruning, the first kept one included', async () => {
    const { file, directory } = hundredDays();
    await directory.setAuditRetention({ days: 30 });
    sqliteShell(file, "UPDATE audit_log SET actor = 'local:mallory' WHERE id = 80");
    expect((await directory.verifyAudit()).firstBroken).toMatchObject({ id: 80 });
    sqliteShell(file, "UPDATE audit_log SET actor = 'local:mallory' WHERE id = 71");
    expect((await directory.verifyAudit()).firstBroken).toMatchObject({ id: 71 });
  });

  it('catches an anchor edited by hand, and a kept entry removed with the pruned ones', async () => {
    const { file, directory } = hundredDays();
    await directory.setAuditRetention({ days: 30 });
    sqliteShell(file, 'DELETE FROM audit_log WHERE id = 71');
    expect((await directory.verifyAudit()).firstBroken).toMatchObject({
      id: 72,
      reason: expect.stringContaining('missing') as unknown,
    });
    sqliteShell(file, 'UPDATE audit_chain SET pruned_through = 71');
    expect((await directory.verifyAudit()).firstBroken).toMatchObject({
      id: 72,
      reason: expect.stringContaining('changed') as unknown,
    });
  });

  it('prunes when the directory opens, and does nothing more when nothing is old enough', async () => {
    const { file, clock, directory } = hundredDays();
    await directory.setAuditRetention({ days: 30 });
    directory.close();
    clock.now = day(110);
    const reopened = openAuditDirectory(file, { now: () => clock.now });
    onCleanup(() => reopened.directory.close());
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

  it('prunes daily while open, until closed', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { clock, directory } = hundredDays();
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
    const { file, directory } = hundredDays();
    sqliteShell(
      file,
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
