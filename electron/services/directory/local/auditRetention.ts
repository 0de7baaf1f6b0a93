import type { Database } from 'better-sqlite3';
import { RosterError } from '../../../../shared/contract/errors';
import {
  AuditRetentionSchema,
  DEFAULT_AUDIT_RETENTION,
  type AuditRetention,
} from '../../../../shared/domain/audit';
import { statement } from '../../../database/statements';
import { recordAudit } from './auditLog';

const NAME = 'auditRetention';
const DAY_MS = 86_400_000;
/** Who the log names for its own pruning. */
export const RETENTION_ACTOR = 'retention';

/**
 * How long the instance keeps its audit log, from instance_settings; everything until an
 * Administrator sets a limit. A stored value that no longer parses is a damaged file.
 */
export function readAuditRetention(db: Database): AuditRetention {
  const value = statement<[string], string>(db, 'SELECT value FROM instance_settings WHERE name = ?')
    .pluck()
    .get(NAME);
  if (value === undefined) return DEFAULT_AUDIT_RETENTION;
  let stored: unknown;
  try {
    stored = JSON.parse(value);
  } catch {
    stored = undefined;
  }
  const parsed = AuditRetentionSchema.safeParse(stored);
  if (!parsed.success)
    throw new RosterError('BAD_FILE', "This instance file's audit log retention is damaged: set it again.");
  return parsed.data;
}

/** The setting a new one replaces, for the log; a damaged one reads as such, so that setting it repairs it. */
export function replacedAuditRetention(db: Database): AuditRetention | { damaged: true } {
  try {
    return readAuditRetention(db);
  } catch (error) {
    if (error instanceof RosterError && error.code === 'BAD_FILE') return { damaged: true };
    throw error;
  }
}

export function writeAuditRetention(db: Database, retention: AuditRetention): void {
  statement(
    db,
    'INSERT INTO instance_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
  ).run(NAME, JSON.stringify(retention));
}

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
