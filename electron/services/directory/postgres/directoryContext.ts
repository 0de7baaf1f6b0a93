import type { UserId } from '../../../../shared/domain/directory';
import type { AuditTargetType } from '../../../../shared/domain/audit';
import type { Role } from '../../../../shared/domain/roles';
import type { Logger } from '../../../common/logger';
import type { PostgresDatabase } from '../../../database/postgres/postgresDatabase';
import type { Sql } from '../../../database/postgres/sql';
import type { Keychain } from '../../../secrets/keychain';
import type { PasswordHasher } from '../../../secrets/passwordHasher';
import type { TokenTtl } from '../../../secrets/tokenSecrets';
import type { InvitationDelivery } from '../local/accountLifecycle';
import type { LocalDirectoryDeps } from '../local/localDirectory';
import type { AuditRecord } from '../local/auditLog';
import { recordAudit } from './auditLog';

/** What a PostgreSQL directory is made of: the database, and who acts, as the SQLite directory's deps say. */
export type PostgresDirectoryDeps = Omit<LocalDirectoryDeps, 'db'> & { database: PostgresDatabase };

export type AuditEntry = Omit<AuditRecord, 'actor'> & { actor?: string };

/** The deps with their defaults, and the pieces every part of the directory shares. */
export interface DirectoryContext {
  database: PostgresDatabase;
  instanceId: string;
  hasher: PasswordHasher;
  keychain: Keychain;
  now: () => Date;
  timestamp: () => string;
  actorName: () => string;
  callerRole: () => Role;
  callerUserId: () => UserId | null;
  callerSessionId: () => number | null;
  callerSource: () => string | null;
  tokenTtl: TokenTtl | undefined;
  invitations: InvitationDelivery | undefined;
  logger: Logger | undefined;
  /** An entry in the caller's name, in the write transaction `tx`; the target's name is read unless given. */
  audit: (tx: Sql, entry: AuditEntry) => Promise<void>;
}

async function targetName(tx: Sql, type: AuditTargetType, id: number): Promise<string | null> {
  if (type === 'instance') return null;
  const sql =
    type === 'user' ? 'SELECT username FROM users WHERE id = $1' : 'SELECT name FROM groups WHERE id = $1';
  return (await tx.value<string>(sql, [id])) ?? null;
}

export function directoryContext(deps: PostgresDirectoryDeps): DirectoryContext {
  const now = deps.now ?? (() => new Date());
  const { actor } = deps;
  const actorName = typeof actor === 'string' ? () => actor : actor;
  const callerUserId = deps.callerUserId ?? (() => null);
  const callerSource = deps.callerSource ?? (() => null);
  const timestamp = () => now().toISOString();
  return {
    database: deps.database,
    instanceId: deps.instanceId,
    hasher: deps.hasher,
    keychain: deps.keychain,
    now,
    timestamp,
    actorName,
    callerRole: deps.callerRole ?? (() => 'administrator'),
    callerUserId,
    callerSessionId: deps.callerSessionId ?? (() => null),
    callerSource,
    tokenTtl: deps.tokenTtl,
    invitations: deps.invitations,
    logger: deps.logger,
    audit: async (tx, entry) =>
      recordAudit(tx, timestamp(), {
        actor: actorName(),
        actorId: callerUserId(),
        source: callerSource(),
        targetName:
          entry.targetId === undefined ? null : await targetName(tx, entry.targetType, entry.targetId),
        ...entry,
      }),
  };
}
