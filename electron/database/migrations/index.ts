import type { Database } from 'better-sqlite3';
import { RosterError } from '../../../shared/contract/errors';
import { migrate0010Directory } from './0010-directory';
import { migrate0020ServerAuth } from './0020-server-auth';
import { migrate0030VersionsIdempotency } from './0030-versions-idempotency';
import { migrate0040Roles } from './0040-roles';
import { migrate0050AccountLifecycle } from './0050-account-lifecycle';
import { migrate0060RefreshFamilies } from './0060-refresh-families';
import { migrate0070ApiKeys } from './0070-api-keys';
import { migrate0080ListIndexes } from './0080-list-indexes';
import { migrate0090GroupDescriptions } from './0090-group-descriptions';
import { migrate0100AuditChain } from './0100-audit-chain';
import { migrate0110SignInAddresses } from './0110-sign-in-addresses';
import { migrate0130Jobs } from './0130-jobs';

export interface Migration {
  version: number;
  name: string;
  up: (db: Database) => void;
}

/** In order; a version is never reused or edited once released. Steps of 10 leave room. */
export const migrations: readonly Migration[] = [
  { version: 10, name: 'directory', up: migrate0010Directory },
  { version: 20, name: 'server-auth', up: migrate0020ServerAuth },
  { version: 30, name: 'versions-idempotency', up: migrate0030VersionsIdempotency },
  { version: 40, name: 'roles', up: migrate0040Roles },
  { version: 50, name: 'account-lifecycle', up: migrate0050AccountLifecycle },
  { version: 60, name: 'refresh-families', up: migrate0060RefreshFamilies },
  { version: 70, name: 'api-keys', up: migrate0070ApiKeys },
  { version: 80, name: 'list-indexes', up: migrate0080ListIndexes },
  { version: 90, name: 'group-descriptions', up: migrate0090GroupDescriptions },
  { version: 100, name: 'audit-chain', up: migrate0100AuditChain },
  { version: 110, name: 'sign-in-addresses', up: migrate0110SignInAddresses },
  // 120 is PostgreSQL's alone (see postgres/migrations).
  { version: 130, name: 'jobs', up: migrate0130Jobs },
];

export const LATEST_VERSION = migrations.at(-1)?.version ?? 0;

export const schemaVersion = (db: Database): number => db.pragma('user_version', { simple: true }) as number;

/**
 * Brings the database to `target` (the latest by default) in one transaction,
 * so a crash leaves it at the old version or the new one, never between.
 */
export function migrate(db: Database, target = LATEST_VERSION): void {
  const current = schemaVersion(db);
  if (current > LATEST_VERSION) {
    throw new RosterError(
      'BAD_FILE',
      `This instance file was written by a newer Roster (schema ${current}); this version reads up to schema ${LATEST_VERSION}.`,
    );
  }
  const pending = migrations.filter(
    (migration) => migration.version > current && migration.version <= target,
  );
  if (pending.length === 0) return;
  db.transaction(() => {
    for (const migration of pending) {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }
  })();
}
