import type { Database } from 'better-sqlite3';
import type { Version, WriteCondition } from '../../../../shared/domain/directory';
import { StaleVersionError } from './errors';

/**
 * Conditional writes. Versions are bumped by triggers (migration 0030); the check runs inside the
 * write's immediate transaction, so no other writer, in this process or another, can slip between
 * the check and the write.
 */
export function assertVersion(
  db: Database,
  table: 'users' | 'groups',
  id: number,
  condition: WriteCondition | undefined,
): void {
  if (condition?.ifVersion === undefined) return;
  const current = db
    .prepare<[number], { version: Version }>(`SELECT version FROM ${table} WHERE id = ?`)
    .get(id)?.version;
  if (current !== undefined && current !== condition.ifVersion)
    throw new StaleVersionError(table === 'users' ? 'user' : 'group', current);
}
