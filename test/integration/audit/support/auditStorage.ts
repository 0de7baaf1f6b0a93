import { afterEach } from 'vitest';
import {
  recordAuditEntry,
  type AuditRecord,
} from '../../../../electron/services/directory/portable/auditLog';
import type { Role } from '../../../../shared/domain/roles';
import { openTestStorage, type TestDirectory, type TestStorage } from '../../directory/support/storage';

/** Entries appended per write transaction: a seed of thousands stays quick on PostgreSQL too. */
const APPEND_BATCH = 100;

/**
 * Fresh instances on this run's storage (SQLite file or PostgreSQL database), closed after each
 * test: `open` gives one whose directory acts as `role`, its clock at `now()`; `as` another
 * directory on the same storage, acting as `role`, as another process would open it.
 */
export function useAuditStorages(tempDir: (prefix?: string) => string) {
  const opened: TestStorage[] = [];
  afterEach(async () => {
    for (const storage of opened.splice(0).reverse()) await storage.close();
  });
  return {
    open: async (options: { role?: Role; now?: () => Date } = {}): Promise<TestStorage> => {
      const storage = await openTestStorage(tempDir('roster-audit-'), {
        instanceId: 'audit-test',
        actor: 'local:tester',
        callerRole: () => options.role ?? 'administrator',
        ...(options.now ? { now: options.now } : {}),
      });
      opened.push(storage);
      return storage;
    },
    as: (storage: TestStorage, role: Role): Promise<TestDirectory> =>
      storage.reopen({ callerRole: () => role }),
  };
}

/** Appends entries as the directory would, in write transactions behind the directory's back. */
export async function append(
  storage: Pick<TestStorage, 'write'>,
  entries: readonly (AuditRecord & { at: string })[],
): Promise<void> {
  for (let from = 0; from < entries.length; from += APPEND_BATCH) {
    const batch = entries.slice(from, from + APPEND_BATCH);
    await storage.write(function* () {
      for (const { at, ...record } of batch) yield* recordAuditEntry(at, record);
    });
  }
}
