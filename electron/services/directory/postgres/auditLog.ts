import { runOnPostgres } from '../../../database/portable/postgresRunner';
import type { Sql } from '../../../database/postgres/sql';
import { recordAuditEntry, type AuditRecord } from '../portable/auditLog';

/** Appends an entry inside the caller's write transaction `tx` (see portable/auditLog.ts). */
export const recordAudit = (tx: Sql, at: string, record: AuditRecord): Promise<void> =>
  runOnPostgres(tx, recordAuditEntry(at, record));
