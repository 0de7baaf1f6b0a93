import type { Database } from 'better-sqlite3';
import type {
  AuditExportRequest,
  AuditPage,
  AuditPageRequest,
  AuditRetention,
  AuditVerification,
} from '../../../../shared/domain/audit';
import type { Role } from '../../../../shared/domain/roles';
import type { Logger } from '../../../common/logger';
import {
  assertMayReadAudit,
  assertMaySeeAuditRetention,
  assertMaySetAuditRetention,
} from '../rules/auditAccessRules';
import { PRUNE_EVERY_MS, prunedMessage } from '../rules/auditRetention';
import { exportAuditLog } from './auditExport';
import type { AuditRecord } from './auditLog';
import { auditPage } from './auditQuery';
import {
  pruneAuditLog,
  readAuditRetention,
  replacedAuditRetention,
  writeAuditRetention,
} from './auditRetention';
import { verifyAuditChain } from './auditVerify';

export interface AuditAccessDeps {
  db: Database;
  callerRole: () => Role;
  now: () => Date;
  /** Records an entry as the caller, inside the current write transaction. */
  audit: (entry: Omit<AuditRecord, 'actor'>) => void;
  logger?: Logger;
}

/**
 * The audit log as the directory offers it: read, exported and verified by the roles holding
 * `audit.read`, its retention set by Administrators, and pruned by that retention as the
 * directory opens, daily while it is open, and right after a new setting. `stop` ends the daily
 * pruning (the directory's close).
 */
export function createAuditAccess(deps: AuditAccessDeps) {
  const { db, callerRole, now, audit, logger } = deps;
  const write = <T>(work: () => T): T => db.transaction(work).immediate();
  const mayRead = () => assertMayReadAudit(callerRole());
  const prune = () => write(() => pruneAuditLog(db, now()));
  const pruneQuietly = () => {
    try {
      // Keeping everything (the default) needs no write lock: every directory opening the file
      // would take it otherwise. A limit set meanwhile is applied by its own setter.
      if (readAuditRetention(db).days === null) return;
      const pruned = prune();
      if (pruned) logger?.info(prunedMessage(pruned));
    } catch (error) {
      logger?.error('audit log: pruning failed', error);
    }
  };

  /** A refusal as a rejected promise, as every directory call answers. */
  const settle = <T>(work: () => T | Promise<T>): Promise<T> => {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };

  pruneQuietly();
  const timer = setInterval(pruneQuietly, PRUNE_EVERY_MS);
  timer.unref();

  return {
    page: (request: AuditPageRequest): Promise<AuditPage> =>
      settle(() => {
        mayRead();
        return auditPage(db, request);
      }),
    /** Refused when called, not when first read: the route answers 403 before it starts a download. */
    exportLog: (request: AuditExportRequest): AsyncIterable<string> => {
      mayRead();
      return exportAuditLog((page) => auditPage(db, page), request);
    },
    verify: (): Promise<AuditVerification> =>
      settle(() => {
        mayRead();
        return verifyAuditChain(db);
      }),
    getRetention: (): Promise<AuditRetention> =>
      settle(() => {
        assertMaySeeAuditRetention(callerRole());
        return readAuditRetention(db);
      }),
    setRetention: (retention: AuditRetention): Promise<AuditRetention> =>
      settle(() => {
        write(() => {
          assertMaySetAuditRetention(callerRole());
          const before = replacedAuditRetention(db);
          writeAuditRetention(db, retention);
          audit({ action: 'instance.auditRetention', targetType: 'instance', before, after: retention });
        });
        prune();
        return readAuditRetention(db);
      }),
    stop: () => clearInterval(timer),
  };
}
