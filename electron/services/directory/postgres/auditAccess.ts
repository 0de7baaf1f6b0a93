import type { AuditRetention } from '../../../../shared/domain/audit';
import type { Directory } from '../directory';
import { exportAuditLog } from '../local/auditExport';
import {
  assertMayReadAudit,
  assertMaySeeAuditRetention,
  assertMaySetAuditRetention,
} from '../rules/auditAccessRules';
import { PRUNE_EVERY_MS, prunedMessage } from '../rules/auditRetention';
import { auditPage } from './auditQuery';
import {
  pruneAuditLog,
  readAuditRetention,
  replacedAuditRetention,
  writeAuditRetention,
} from './auditRetention';
import { verifyAuditChain } from './auditVerify';
import type { DirectoryContext } from './directoryContext';

export type PostgresAuditAccess = Pick<
  Directory,
  'auditPage' | 'exportAudit' | 'verifyAudit' | 'getAuditRetention' | 'setAuditRetention'
> & { stop: () => void };

/**
 * The audit log as the directory offers it, as the SQLite directory does (local/auditAccess.ts):
 * read, exported and verified by the roles holding `audit.read`, its retention set by
 * Administrators, and pruned by that retention as the directory opens, daily while it is open, and
 * right after a new setting. Any number of processes may prune at once: each prune runs under the
 * write lock, so the later ones find nothing left to remove. `stop` ends the daily pruning.
 */
export function createPostgresAuditAccess(context: DirectoryContext): PostgresAuditAccess {
  const { database, callerRole, now, logger } = context;
  const prune = () => database.write((tx) => pruneAuditLog(tx, now()));
  const pruneQuietly = async (): Promise<void> => {
    try {
      // Keeping everything (the default) needs no write lock: every directory opening the
      // database would take it otherwise. A limit set meanwhile is applied by its own setter.
      if ((await readAuditRetention(database.sql)).days === null) return;
      const pruned = await prune();
      if (pruned) logger?.info(prunedMessage(pruned));
    } catch (error) {
      logger?.error('audit log: pruning failed', error);
    }
  };

  // The log read right after the directory opens, or the daily prune starts, is the pruned log,
  // as SQLite's synchronous prune gives it.
  let pruning = pruneQuietly();
  const timer = setInterval(() => {
    pruning = pruneQuietly();
  }, PRUNE_EVERY_MS);
  timer.unref();

  const readable = async () => {
    assertMayReadAudit(callerRole());
    await pruning;
  };

  return {
    auditPage: async (request) => {
      await readable();
      return auditPage(database.sql, request);
    },
    /** Refused when called, not when first read: the route answers 403 before it starts a download. */
    exportAudit: (request) => {
      assertMayReadAudit(callerRole());
      return exportAuditLog(async (page) => {
        await pruning;
        return auditPage(database.sql, page);
      }, request);
    },
    verifyAudit: async () => {
      await readable();
      return verifyAuditChain(database);
    },
    getAuditRetention: async () => {
      assertMaySeeAuditRetention(callerRole());
      return readAuditRetention(database.sql);
    },
    setAuditRetention: async (retention: AuditRetention) => {
      await database.write(async (tx) => {
        assertMaySetAuditRetention(callerRole());
        const before = await replacedAuditRetention(tx);
        await writeAuditRetention(tx, retention);
        await context.audit(tx, {
          action: 'instance.auditRetention',
          targetType: 'instance',
          before,
          after: retention,
        });
      });
      await prune();
      return readAuditRetention(database.sql);
    },
    stop: () => clearInterval(timer),
  };
}
