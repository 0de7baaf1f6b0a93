import { describe, expect, it } from 'vitest';
import { auditEntryHash } from '../../../electron/services/directory/local/auditChain';
import type { AuditRow } from '../../../electron/services/directory/local/auditTable';
import { auditColumns } from '../../../electron/services/directory/local/auditTable';
import { useTempDirs } from '../directory/support/tempDirs';
import { append, useAuditStorages } from './support/auditStorage';

/**
 * The log's rows edited by hand, with statements on a connection of the test's own, while the
 * directory holds the instance open: verify names the first entry that no longer chains. On either
 * storage.
 */

const { tempDir } = useTempDirs();
const storages = useAuditStorages(tempDir);
const ENTRIES = 10;

async function tenEntries() {
  const storage = await storages.open();
  await append(
    storage,
    Array.from({ length: ENTRIES }, (_, n) => ({
      at: new Date(Date.UTC(2030, 0, 1, 0, n)).toISOString(),
      actor: 'local:ann',
      action: 'user.disable' as const,
      targetType: 'user' as const,
      targetId: n + 1,
      targetName: `user${n + 1}`,
      before: { enabled: true },
      after: { enabled: false },
    })),
  );
  const rowOf = async (id: number): Promise<AuditRow> => {
    const [row] = await storage.query<AuditRow>(`SELECT ${auditColumns()} FROM audit_log WHERE id = ?`, [id]);
    if (!row) throw new Error(`entry ${id} is not there`);
    return row;
  };
  return { storage, directory: storage.directory, rowOf, edit: (sql: string) => storage.query(sql) };
}

describe('verify after the log was edited by hand', () => {
  it('passes an untouched log', async () => {
    const { directory } = await tenEntries();
    expect(await directory.verifyAudit()).toEqual({
      checked: ENTRIES,
      firstBroken: null,
      prunedThrough: null,
    });
  });

  it.each([
    ['actor', "actor = 'local:mallory'"],
    ['time', "at = '2029-12-31T00:00:00.000Z'"],
    ['after', `after = '{"enabled":true}'`],
    ['target', 'target_id = 99'],
  ])('names the entry whose %s was changed', async (_field, change) => {
    const { directory, rowOf, edit } = await tenEntries();
    await edit(`UPDATE audit_log SET ${change} WHERE id = 5`);
    const result = await directory.verifyAudit();
    expect(result.firstBroken).toEqual({
      id: 5,
      at: (await rowOf(5)).at,
      reason: expect.stringContaining('changed') as unknown,
    });
    expect(result.checked).toBe(5);
  });

  it('names the entry after one deleted from the middle', async () => {
    const { directory, rowOf, edit } = await tenEntries();
    await edit('DELETE FROM audit_log WHERE id = 5');
    expect((await directory.verifyAudit()).firstBroken).toEqual({
      id: 6,
      at: (await rowOf(6)).at,
      reason: 'Entry 5, just before it, is missing.',
    });
  });

  it('names the first entry when the oldest were deleted', async () => {
    const { directory, edit } = await tenEntries();
    await edit('DELETE FROM audit_log WHERE id <= 2');
    expect((await directory.verifyAudit()).firstBroken).toMatchObject({
      id: 3,
      reason: expect.stringContaining('missing') as unknown,
    });
  });

  it('names the next entry when a change came with a hash made to fit', async () => {
    const { directory, rowOf, edit } = await tenEntries();
    const forged = { ...(await rowOf(5)), actor: 'local:mallory' };
    const hash = auditEntryHash((await rowOf(4)).hash, forged);
    await edit(`UPDATE audit_log SET actor = 'local:mallory', hash = '${hash}' WHERE id = 5`);
    const result = await directory.verifyAudit();
    expect(result.firstBroken).toMatchObject({
      id: 6,
      reason: expect.stringContaining('changed') as unknown,
    });
    expect(result.checked).toBe(6);
  });

  it('names the first of two entries that swapped places', async () => {
    const { directory, edit } = await tenEntries();
    await edit('UPDATE audit_log SET id = -5 WHERE id = 5');
    await edit('UPDATE audit_log SET id = 5 WHERE id = 6');
    await edit('UPDATE audit_log SET id = 6 WHERE id = -5');
    expect((await directory.verifyAudit()).firstBroken).toMatchObject({ id: 5 });
  });
});
