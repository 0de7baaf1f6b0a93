import type { Database } from 'better-sqlite3';
import { statement } from '../../../database/statements';

export interface AuditEntry {
  actor: string;
  action: string;
  targetType: 'user' | 'group' | 'instance';
  /** Absent for the instance itself. */
  targetId?: number;
  /** Never a password, hash or token: callers pass the public fields only. */
  before?: object;
  after?: object;
}

export function recordAudit(db: Database, at: string, entry: AuditEntry): void {
  statement(
    db,
    `INSERT INTO audit_log (at, actor, action, target_type, target_id, before, after)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    at,
    entry.actor,
    entry.action,
    entry.targetType,
    entry.targetId ?? null,
    entry.before ? JSON.stringify(entry.before) : null,
    entry.after ? JSON.stringify(entry.after) : null,
  );
}
