import type { Sql } from '../../../database/postgres/sql';
import { runOnPostgres } from '../../../database/portable/postgresRunner';
import { removeOldestThrough, type PruneEnd } from '../portable/auditPrune';
import { AUDIT_RETENTION_SETTING, retentionCutoff, type Pruned } from '../rules/auditRetention';
import { instanceSetting } from './instanceSettingsTable';

const retentionSetting = instanceSetting(AUDIT_RETENTION_SETTING);

export const readAuditRetention = retentionSetting.read;
export const replacedAuditRetention = retentionSetting.replaced;
export const writeAuditRetention = retentionSetting.write;

/**
 * Removes the entries older than the retention allows (portable/auditPrune.ts). Must run inside
 * the write transaction `tx`: after its write lock, a second pruner in any process finds only what
 * the first kept, nothing old enough, and writes nothing. Null when nothing was old enough.
 */
export async function pruneAuditLog(tx: Sql, now: Date): Promise<Pruned | null> {
  const { days } = await readAuditRetention(tx);
  if (days === null) return null;
  const firstKept = await tx.value<number>('SELECT id FROM audit_log WHERE at >= $1 ORDER BY id LIMIT 1', [
    retentionCutoff(now, days),
  ]);
  const last = await tx.row<PruneEnd>(
    'SELECT id, at, hash FROM audit_log WHERE id < $1::bigint ORDER BY id DESC LIMIT 1',
    [firstKept ?? Number.MAX_SAFE_INTEGER],
  );
  if (!last) return null;
  return runOnPostgres(tx, removeOldestThrough(last, now.toISOString(), days));
}
