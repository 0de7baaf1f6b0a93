import type { Sql } from '../../../database/postgres/sql';
import type { Version, WriteCondition } from '../../../../shared/domain/directory';
import { StaleVersionError } from '../local/errors';

/**
 * Conditional writes. Versions are bumped by triggers; the check runs inside the write transaction,
 * after its write lock, so no other writer, in this process or another, can slip between the check
 * and the write.
 */
export async function assertVersion(
  tx: Sql,
  table: 'users' | 'groups',
  id: number,
  condition: WriteCondition | undefined,
): Promise<void> {
  if (condition?.ifVersion === undefined) return;
  const current = await tx.value<Version>(`SELECT version FROM ${table} WHERE id = $1`, [id]);
  if (current !== undefined && current !== condition.ifVersion)
    throw new StaleVersionError(table === 'users' ? 'user' : 'group', current);
}
