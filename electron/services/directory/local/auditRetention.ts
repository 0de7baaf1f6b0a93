import type { Database } from 'better-sqlite3';
import { AuditRetentionSchema, DEFAULT_AUDIT_RETENTION } from '../../../../shared/domain/audit';
import { statement } from '../../../database/statements';
import { recordAudit } from './auditLog';
import { instanceSetting } from './instanceSettingsTable';

const DAY_MS = 86_400_000;
/** Who the log names for its own pruning. */
export const RETENTION_ACTOR = 'retention';

/** How long the instance keeps its audit log; everything until an Administrator sets a limit. */
const retentionSetting = instanceSetting(
  'auditRetention',
  AuditRetentionSchema,
  DEFAULT_AUDIT_RETENTION,
  "This instance file's audit log retention is damaged: set it again.",
);

export const readAuditRetention = retentionSetting.read;
export const replacedAuditRetention = retentionSetting.replaced;
export const writeAuditRetention = retentionSetting.write;

/** What one prune removed. */
export interface Pruned {
  removed: number;
  throughId: number;
  throughAt: string;
}

/**
 * Removes the entries older than the retention allows, oldest first, their related targets with
 * them, and leaves the log verifiable: `audit_chain` keeps the id and hash of the last one
 * removed, which the first kept entry chains to, and an `audit.prune` entry says what went. Only a
 * run of the oldest entries is removed, never one from the middle, which would break the chain.
 * Must run inside a write transaction; null when nothing was old enough.
 */
export function pruneAuditLog(db: Database, now: Date): Pruned | null {
  const { days } = readAuditRetention(db);
  if (days === null) return null;
  const cutoff = new Date(now.getTime() - days * DAY_MS).toISOString();
  // From the oldest up: as many rows are read as are removed.
  const firstKept = statement<[string], number>(
    db,
    'SELECT id FROM audit_log WHERE +at >= ? ORDER BY id LIMIT 1',
  )
    .pluck()
    .get(cutoff);
  const last = statement<[number], { id: number; at: string; hash: string }>(
    db,
    'SELECT id, at, hash FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT 1',
  ).get(firstKept ?? Number.MAX_SAFE_INTEGER);
  if (!last) return null;
  const { changes: removed } = statement<[number]>(db, 'DELETE FROM audit_log WHERE id <= ?').run(last.id);
  statement<[number]>(db, 'DELETE FROM audit_related WHERE entry_id <= ?').run(last.id);
  statement<[number, string]>(
    db,
    `INSERT INTO audit_chain (id, pruned_through, pruned_hash) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET pruned_through = excluded.pruned_through, pruned_hash = excluded.pruned_hash`,
  ).run(last.id, last.hash);
  const pruned = { removed, throughId: last.id, throughAt: last.at };
  recordAudit(db, now.toISOString(), {
    actor: RETENTION_ACTOR,
    action: 'audit.prune',
    targetType: 'instance',
    after: { ...pruned, retentionDays: days },
  });
  return pruned;
}
