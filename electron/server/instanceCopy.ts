import type { Database } from 'better-sqlite3';
import { RosterError } from '../../shared/contract/errors';
import type { AuditVerification } from '../../shared/domain/audit';
import { postgresText } from '../database/portable/postgresRunner';
import type { Sql } from '../database/postgres/sql';
import { verifyAuditChain as verifySqliteChain } from '../services/directory/local/auditVerify';
import { verifyAuditChain as verifyPostgresChain } from '../services/directory/postgres/auditVerify';
import type { InstanceStorage } from './instanceStorage';

/**
 * Every table of an instance, parents before the rows that refer to them, with the columns both
 * storages have and the key its rows are read in order of. The search indexes (SQLite's FTS5
 * tables, PostgreSQL's trigram indexes) are not copied: the target builds its own as rows arrive.
 */
const TABLES: readonly { name: string; key: readonly string[]; columns: readonly string[] }[] = [
  {
    name: 'users',
    key: ['id'],
    columns: [
      'id',
      'username',
      'username_key',
      'display_name',
      'email',
      'password_hash',
      'enabled',
      'search_text',
      'created_at',
      'updated_at',
      'failed_logins',
      'locked_until',
      'version',
      'role',
      'must_change_password',
      'may_reset_own_password',
      'last_sign_in_at',
    ],
  },
  {
    name: 'groups',
    key: ['id'],
    columns: ['id', 'name', 'name_key', 'created_at', 'version', 'description'],
  },
  { name: 'memberships', key: ['group_id', 'user_id'], columns: ['group_id', 'user_id'] },
  {
    name: 'tokens',
    key: ['user_id'],
    columns: [
      'user_id',
      'access_hash',
      'refresh_hash',
      'created_at',
      'access_expires_at',
      'refresh_expires_at',
    ],
  },
  {
    name: 'sessions',
    key: ['id'],
    columns: [
      'id',
      'user_id',
      'access_hash',
      'refresh_hash',
      'created_at',
      'access_expires_at',
      'refresh_expires_at',
      'last_used_at',
      'client_address',
    ],
  },
  {
    name: 'used_refresh_tokens',
    key: ['refresh_hash'],
    columns: ['refresh_hash', 'session_id', 'pair_user_id', 'used_at'],
  },
  {
    name: 'idempotency_keys',
    key: ['key_hash'],
    columns: ['key_hash', 'operation', 'fingerprint', 'sealed_answer', 'created_at'],
  },
  { name: 'invitations', key: ['user_id'], columns: ['user_id', 'token_hash', 'created_at', 'expires_at'] },
  { name: 'instance_settings', key: ['name'], columns: ['name', 'value'] },
  {
    name: 'api_keys',
    key: ['id'],
    columns: [
      'id',
      'user_id',
      'name',
      'name_key',
      'scope',
      'key_hash',
      'created_at',
      'expires_at',
      'last_used_at',
      'last_used_address',
    ],
  },
  {
    name: 'audit_log',
    key: ['id'],
    columns: [
      'id',
      'at',
      'actor',
      'action',
      'target_type',
      'target_id',
      'before',
      'after',
      'actor_id',
      'source',
      'target_name',
      'detail',
      'hash',
      'search_text',
    ],
  },
  { name: 'audit_chain', key: ['id'], columns: ['id', 'pruned_through', 'pruned_hash'] },
  {
    name: 'audit_related',
    key: ['target_type', 'target_id', 'entry_id'],
    columns: ['target_type', 'target_id', 'entry_id'],
  },
  { name: 'sign_in_addresses', key: ['address_key'], columns: ['address_key', 'window_start', 'failures'] },
];

/** The tables whose triggers change other rows (roles, versions, sessions) as rows arrive. */
const TRIGGERED = ['users', 'groups', 'memberships', 'tokens'];

/** Rows read and written at a time: small enough for either storage's limit on parameters. */
const BATCH = 500;

type Row = Record<string, unknown>;

/** The statements a copy needs, on either storage; `?` placeholders. */
interface Side {
  rows: (sql: string, params: readonly unknown[]) => Promise<Row[]>;
  run: (sql: string, params: readonly unknown[]) => Promise<void>;
}

const sqliteSide = (db: Database): Side => ({
  rows: (sql, params) => Promise.resolve(db.prepare(sql).all(...params) as Row[]),
  run: (sql, params) => {
    db.prepare(sql).run(...params);
    return Promise.resolve();
  },
});

const postgresSide = (sql: Sql): Side => ({
  rows: (text, params) => sql.rows<Row>(postgresText(text), params),
  run: async (text, params) => {
    await sql.run(postgresText(text), params);
  },
});

/** Pages of a table in key order, each read after the last row of the one before. */
async function* pagesOf(side: Side, table: (typeof TABLES)[number]): AsyncGenerator<Row[]> {
  const key = table.key.join(', ');
  let after: unknown[] | undefined;
  for (;;) {
    const where = after ? `WHERE (${key}) > (${table.key.map(() => '?').join(', ')})` : '';
    const rows = await side.rows(
      `SELECT ${table.columns.join(', ')} FROM ${table.name} ${where} ORDER BY ${key} LIMIT ${BATCH}`,
      after ?? [],
    );
    if (rows.length === 0) return;
    yield rows;
    const last = rows.at(-1) ?? {};
    after = table.key.map((column) => last[column]);
  }
}

async function insertRows(side: Side, table: (typeof TABLES)[number], rows: Row[]): Promise<void> {
  const row = `(${table.columns.map(() => '?').join(', ')})`;
  await side.run(
    `INSERT INTO ${table.name} (${table.columns.join(', ')}) VALUES ${rows.map(() => row).join(', ')}`,
    rows.flatMap((values) => table.columns.map((column) => values[column])),
  );
}

/** The target's first user, whom its trigger made Administrator, gets the source's role back. */
async function restoreFirstRole(target: Side, source: Side): Promise<void> {
  const [first] = await source.rows('SELECT id, role FROM users ORDER BY id LIMIT 1', []);
  if (first) await target.run('UPDATE users SET role = ? WHERE id = ?', [first.role, first.id]);
}

/** The versions the target's triggers moved while memberships and tokens arrived, as the source has them. */
async function restoreVersions(target: Side, source: Side, table: 'users' | 'groups'): Promise<void> {
  for await (const rows of pagesOf(source, { name: table, key: ['id'], columns: ['id', 'version'] })) {
    const values = rows.map(() => '(CAST(? AS INTEGER), CAST(? AS BIGINT))').join(', ');
    await target.run(
      `WITH source (id, version) AS (VALUES ${values})
       UPDATE ${table} SET version = source.version FROM source WHERE ${table}.id = source.id`,
      rows.flatMap((row) => [row.id, row.version]),
    );
  }
}

async function countsOf(side: Side): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const [row] = await side.rows(`SELECT count(*) AS n FROM ${table.name}`, []);
    counts[table.name] = Number(row?.n ?? 0);
  }
  return counts;
}

export interface CopyReport {
  counts: Record<string, number>;
  source: AuditVerification;
  target: AuditVerification;
}

/**
 * Copies a whole instance, history included, into an empty one on the same or the other storage,
 * in one write transaction of the target (a failure leaves it empty), then checks that every
 * table has as many rows on both sides and that both audit chains verify.
 */
export async function copyInstance(from: InstanceStorage, to: InstanceStorage): Promise<CopyReport> {
  const source = from.kind === 'sqlite' ? sqliteSide(from.db) : postgresSide(from.database.sql);
  const before = await countsOf(source);

  await inTargetTransaction(to, async (target) => {
    const present = await countsOf(target);
    const filled = Object.entries(present).filter(([, count]) => count > 0);
    if (filled.length > 0)
      throw new RosterError(
        'CONFLICT',
        `The target instance is not empty (${filled.map(([table, count]) => `${count} in ${table}`).join(', ')}): copy into a new file or an empty database.`,
      );
    // PostgreSQL's triggers can be set aside inside the copy's transaction: rows arrive as they
    // are, each written once. SQLite's cannot, so what they changed is put back afterwards.
    const quiet = to.kind === 'postgres';
    if (quiet)
      for (const table of TRIGGERED) await target.run(`ALTER TABLE ${table} DISABLE TRIGGER USER`, []);
    for (const table of TABLES) {
      for await (const rows of pagesOf(source, table)) await insertRows(target, table, rows);
      if (table.name === 'users' && !quiet) await restoreFirstRole(target, source);
    }
    if (quiet)
      for (const table of TRIGGERED) await target.run(`ALTER TABLE ${table} ENABLE TRIGGER USER`, []);
    else {
      await restoreVersions(target, source, 'users');
      await restoreVersions(target, source, 'groups');
    }
    await continueNumbering(to, target);
  });

  const after = await countsOf(to.kind === 'sqlite' ? sqliteSide(to.db) : postgresSide(to.database.sql));
  const differing = TABLES.map((table) => table.name).filter((name) => before[name] !== after[name]);
  if (differing.length > 0)
    throw new RosterError(
      'INTERNAL',
      `The copy's row counts differ from the source's in ${differing.join(', ')}.`,
    );
  const report = { counts: after, source: await verify(from), target: await verify(to) };
  if (report.source.firstBroken === null && report.target.firstBroken !== null)
    throw new RosterError(
      'INTERNAL',
      'The copy was made, but its audit log does not verify as the source does.',
    );
  return report;
}

async function inTargetTransaction(
  to: InstanceStorage,
  work: (target: Side) => Promise<void>,
): Promise<void> {
  if (to.kind === 'postgres') return to.database.write((tx) => work(postgresSide(tx)));
  // The copier holds this connection alone: its statements between awaits are this transaction's.
  to.db.exec('BEGIN IMMEDIATE');
  try {
    await work(sqliteSide(to.db));
    to.db.exec('COMMIT');
  } catch (error) {
    to.db.exec('ROLLBACK');
    throw error;
  }
}

/** New ids and versions go on after the copied ones. */
async function continueNumbering(to: InstanceStorage, target: Side): Promise<void> {
  const highest = `(SELECT max(version) FROM (SELECT version FROM users UNION ALL SELECT version FROM groups) AS versions)`;
  if (to.kind === 'sqlite') {
    await target.run(`UPDATE instance_clock SET version = max(version, coalesce(${highest}, 0))`, []);
    return;
  }
  for (const table of ['users', 'groups', 'sessions', 'api_keys', 'audit_log'])
    await target.run(
      `SELECT setval(pg_get_serial_sequence('${table}', 'id'), max(id)) FROM ${table} HAVING max(id) IS NOT NULL`,
      [],
    );
  await target.run(`SELECT setval('instance_version', ${highest}) WHERE ${highest} IS NOT NULL`, []);
}

const verify = (storage: InstanceStorage): Promise<AuditVerification> =>
  storage.kind === 'sqlite' ? verifySqliteChain(storage.db) : verifyPostgresChain(storage.database);
