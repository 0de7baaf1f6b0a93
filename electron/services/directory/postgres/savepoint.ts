import type { Sql } from '../../../database/postgres/sql';

/**
 * `work` inside the caller's transaction, undone alone if it throws: the transaction goes on
 * without it (PostgreSQL would otherwise refuse every later statement after a failed one).
 */
export async function savepoint<T>(tx: Sql, work: () => Promise<T>): Promise<T> {
  await tx.run('SAVEPOINT part');
  try {
    const answer = await work();
    await tx.run('RELEASE SAVEPOINT part');
    return answer;
  } catch (error) {
    await tx.run('ROLLBACK TO SAVEPOINT part');
    throw error;
  }
}
