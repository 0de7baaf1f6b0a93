import { InstanceOverviewSchema, type InstanceOverview } from '../../../../shared/domain/overview';
import type { DirectoryContext } from './directoryContext';

/**
 * Every figure in one statement, so one snapshot: one pass over users (about 100,000 rows in
 * tens of milliseconds) and the groups' count, as the SQLite directory counts them.
 */
const OVERVIEW_SQL = `
  SELECT
    count(*)::int AS "users",
    (count(*) FILTER (WHERE enabled = 1 AND password_hash <> ''))::int AS "enabled",
    (count(*) FILTER (WHERE enabled = 0))::int AS "disabled",
    (count(*) FILTER (WHERE locked_until > $1))::int AS "locked",
    (count(*) FILTER (WHERE password_hash = ''))::int AS "invited",
    (count(*) FILTER (WHERE must_change_password = 1))::int AS "mustChangePassword",
    (SELECT count(*) FROM groups)::int AS "groups",
    (count(*) FILTER (WHERE role = 'administrator'))::int AS "administrators"
  FROM users`;

export async function readOverview({ database, timestamp }: DirectoryContext): Promise<InstanceOverview> {
  const rows = await database.sql.rows<unknown>(OVERVIEW_SQL, [timestamp()]);
  return InstanceOverviewSchema.parse(rows[0]);
}
