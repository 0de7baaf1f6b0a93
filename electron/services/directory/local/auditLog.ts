import type { Database } from 'better-sqlite3';
import { runOnSqlite } from '../../../database/portable/sqliteRunner';
import { recordAuditEntry, type AuditRecord } from '../portable/auditLog';

export type { AuditRecord, AuditRelated } from '../portable/auditLog';

/** Appends an entry inside the caller's write transaction (see portable/auditLog.ts). */
export const recordAudit = (db: Database, at: string, record: AuditRecord): void =>
  runOnSqlite(db, recordAuditEntry(at, record));
