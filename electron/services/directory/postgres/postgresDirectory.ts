import type { ImportStatus } from '../../../../shared/domain/userImport';
import { postgresWorkRunner } from '../../../database/portable/workRunner';
import { probeKeychain } from '../../../secrets/keychain';
import { createBulkJobs } from '../bulkJobs';
import { createChunkedJobs } from '../chunkedJobs';
import type { Directory, SelfService } from '../directory';
import type { InvitationAcceptance } from '../local/localDirectory';
import { createPostgresLifecycle } from './accountLifecycle';
import { createPostgresApiKeys } from './apiKeys';
import { createPostgresAuditAccess } from './auditAccess';
import { createPostgresBulkWork } from './bulkWork';
import { directoryContext, type PostgresDirectoryDeps } from './directoryContext';
import { createDirectoryParts } from './directoryParts';
import { importStarted } from '../rules/importRules';
import { createGroupWrites } from './groupWrites';
import { createKeptSecrets } from './keptSecrets';
import { readOverview } from './overviewQuery';
import { assertMayReadOverview } from '../rules/overviewRules';
import { createTokenPairs } from './tokenPairs';
import { createPostgresImport } from './userImport';
import { createPostgresLists } from './userLists';
import { createUserWrites } from './userWrites';

export type { PostgresDirectoryDeps } from './directoryContext';

/**
 * The directory of an instance on PostgreSQL: the SQLite directory's behaviour (local/localDirectory.ts)
 * — its rules, refusals and audit entries — over a database any number of server processes share.
 * Every check runs in the write transaction it guards, after the write lock every writer takes.
 */
export function createPostgresDirectory(
  deps: PostgresDirectoryDeps,
): Directory & SelfService & InvitationAcceptance {
  const context = directoryContext(deps);
  const { database, keychain, callerRole, logger } = context;
  const parts = createDirectoryParts(context);
  const secrets = createKeptSecrets(context);
  const lifecycle = createPostgresLifecycle(context, parts);
  const apiKeys = createPostgresApiKeys(context, parts);
  const auditLog = createPostgresAuditAccess(context);
  const users = createUserWrites(parts, { secrets, hashAllowed: lifecycle.hashAllowed });
  // A job runs in the process that started it, each chunk one write transaction; its status is a
  // row of the database, which any process answers and cancels from.
  const jobsDeps = {
    now: context.now,
    owner: context.actorName,
    storage: postgresWorkRunner(database),
    staleMs: deps.jobStaleMs,
  };
  const bulk = createBulkJobs({ ...jobsDeps, work: createPostgresBulkWork(parts, { lifecycle, secrets }) });
  const userImport = createPostgresImport(parts, { lifecycle, secrets });
  const imports = createChunkedJobs<ImportStatus>(jobsDeps, 'import');

  return {
    keychainStatus: () =>
      probeKeychain(keychain).then((status) => ({ ...status, backend: keychain.backend })),
    callerRole: () => Promise.resolve(callerRole()),

    overview: async () => {
      assertMayReadOverview(callerRole());
      return readOverview(context);
    },
    ...createPostgresLists(context),
    ...users,
    getAccess: (id) => parts.accounts.status(id),
    unlock: (id) => parts.accounts.unlock(id),
    ...createGroupWrites(parts),
    ...createTokenPairs(parts, secrets),

    resetPassword: lifecycle.resetPassword,
    inviteUser: lifecycle.inviteUser,
    resendInvitation: lifecycle.resendInvitation,
    mailsInvitations: () => Promise.resolve(context.invitations?.mail !== undefined),
    listSessions: lifecycle.listSessions,
    endSessions: lifecycle.endSessions,
    getPasswordPolicy: lifecycle.getPasswordPolicy,
    setPasswordPolicy: lifecycle.setPasswordPolicy,
    setOwnPassword: async (password) => lifecycle.setOwnPassword(parts.ownId(), password),
    invitationFor: lifecycle.invitationFor,
    acceptInvitation: lifecycle.acceptInvitation,

    listApiKeys: apiKeys.listApiKeys,
    createApiKey: apiKeys.createApiKey,
    readApiKey: apiKeys.readApiKey,
    revokeApiKey: apiKeys.revokeApiKey,

    auditPage: auditLog.auditPage,
    exportAudit: auditLog.exportAudit,
    verifyAudit: auditLog.verifyAudit,
    getAuditRetention: auditLog.getAuditRetention,
    setAuditRetention: auditLog.setAuditRetention,

    startBulk: (request) => bulk.start(request),
    bulkStatus: (jobId) => bulk.status(jobId),
    cancelBulk: (jobId) => bulk.cancel(jobId),
    previewImport: (request) => userImport.preview(request),
    startImport: async (request) =>
      imports.start(importStarted(request.options), request.rows, userImport.steps(request)),
    importStatus: (jobId) => imports.status(jobId),
    cancelImport: (jobId) => imports.cancel(jobId),

    // The interface's close is synchronous: the pool ends in the background, its connections
    // closing as their last statements finish.
    close: () => {
      auditLog.stop();
      database.close().catch((error: unknown) => {
        logger?.warn(`The PostgreSQL pool did not close cleanly: ${String(error)}`);
      });
    },
  };
}
