import type Database from 'better-sqlite3';
import path from 'node:path';
import { openInstanceDatabase } from '../../../../electron/database/openDatabase';
import { recordAudit, type AuditRecord } from '../../../../electron/services/directory/local/auditLog';
import type { Directory } from '../../../../electron/services/directory/directory';
import { createLocalDirectory } from '../../../../electron/services/directory/local/localDirectory';
import type { Role } from '../../../../shared/domain/roles';
import { hasher, NATIVE_DIR } from '../../directory/support/instanceDb';
import { MemoryKeychain } from '../../directory/support/memoryKeychain';

export const newFile = (folder: string): string => path.join(folder, 'instance.sqlite');

/** A local directory over an instance file, acting as `role`, its clock at `now()`. */
export function openAuditDirectory(
  file: string,
  options: { role?: Role; now?: () => Date; mode?: 'create' | 'open' | 'either' } = {},
): { db: Database.Database; directory: Directory } {
  const db = openInstanceDatabase(file, { mode: options.mode ?? 'either', nativeDir: NATIVE_DIR });
  const directory = createLocalDirectory({
    db,
    instanceId: 'audit-test',
    hasher,
    keychain: new MemoryKeychain(),
    actor: 'local:tester',
    callerRole: () => options.role ?? 'administrator',
    ...(options.now ? { now: options.now } : {}),
  });
  return { db, directory };
}

/** Appends entries as the directory would, each in its own write transaction. */
export function append(db: Database.Database, entries: readonly (AuditRecord & { at: string })[]): void {
  for (const { at, ...record } of entries) db.transaction(() => recordAudit(db, at, record)).immediate();
}
