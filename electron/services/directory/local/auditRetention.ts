import type { Database } from 'better-sqlite3';
import { runOnSqlite } from '../../../database/portable/sqliteRunner';
import { statement } from '../../../database/statements';
import { removeOldestThrough, type PruneEnd } from '../portable/auditPrune';
import { AUDIT_RETENTION_SETTING, retentionCutoff, type Pruned } from '../rules/auditRetention';
import { instanceSetting } from './instanceSettingsTable';

const { name, schema, fallback, damaged } = AUDIT_RETENTION_SETTING;
const retentionSetting = instanceSetting(name, schema, fallback, damaged);

export const readAuditRetention = retentionSetting.read;
export const replacedAuditRetention = retentionSetting.replaced;
export const writeAuditRetention = retentionSetting.write;

/**
 * Removes the entries older than the retention allows (portable/auditPrune.ts). Must run inside a
 * write transaction; null when nothing was old enough.
 */
export function pruneAuditLog(db: Database, now: Date): Pruned | null {
  const { days } = readAuditRetention(db);
  if (days === null) return null;
  // From the oldest up: as many rows are read as are removed.
  const firstKept = statement<[string], number>(
    db,
    'SELECT id FROM audit_log WHERE +at >= ? ORDER BY id LIMIT 1',
  )
    .pluck()
    .get(retentionCutoff(now, days));
  const last = statement<[number], PruneEnd>(
    db,
    'SELECT id, at, hash FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT 1',
  ).get(firstKept ?? Number.MAX_SAFE_INTEGER);
  if (!last) return null;
  return runOnSqlite(db, removeOldestThrough(last, now.toISOString(), days));
}
