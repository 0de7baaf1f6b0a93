import Database from 'better-sqlite3';
import { openInstanceDatabase } from '../../../../electron/database/openDatabase';
import type { Role } from '../../../../shared/domain/roles';
import { createOrResetAdmin } from '../../../../electron/services/directory/portable/adminAccount';
import { NATIVE_DIR } from '../../directory/support/instanceDb';
import { sqliteWorkRunner } from '../../../../electron/database/portable/workRunner';
import { testHasher } from '../../../support/testHasher';

/** The administrator's hash is made at the tests' small cost, so that each sign-in checks it cheaply too. */
export const hasher = testHasher;

export const ADMIN = { username: 'owner', password: 'owner-pw-1', email: 'owner@example.com' };

/** A new instance file with its first administrator, made as the admin command makes it. */
export async function newInstanceFile(file: string): Promise<void> {
  const db = openInstanceDatabase(file, { mode: 'create', nativeDir: NATIVE_DIR });
  try {
    await createOrResetAdmin({ storage: sqliteWorkRunner(db), hasher, actor: 'cli:test' }, ADMIN);
  } finally {
    db.close();
  }
}

export const TABLES = ['users', 'groups', 'memberships', 'tokens', 'sessions', 'audit_log'] as const;

export interface DbState {
  counts: Record<(typeof TABLES)[number], number>;
  /** Moves whenever another connection (the server) commits anything at all. */
  dataVersion: number;
}

/**
 * A read-only second connection to the served file. Equal states before and
 * after a request mean the server committed nothing in between.
 */
export interface AccountState {
  id: number;
  role: Role;
  failed_logins: number;
  locked_until: string | null;
}

export interface AuditRow {
  actor: string;
  target_id: number;
  before: string | null;
  after: string | null;
}

export interface Observer {
  db: Database.Database;
  state: () => DbState;
  account: (username: string) => AccountState | undefined;
  audit: (action: string) => AuditRow[];
  close: () => void;
}

export function observe(file: string): Observer {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const count = (table: string) =>
    (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    db,
    state: (): DbState => ({
      counts: Object.fromEntries(TABLES.map((table) => [table, count(table)])) as DbState['counts'],
      dataVersion: db.pragma('data_version', { simple: true }) as number,
    }),
    account: (username: string) =>
      db
        .prepare('SELECT id, role, failed_logins, locked_until FROM users WHERE username_key = ?')
        .get(username.toLowerCase()) as AccountState | undefined,
    audit: (action: string) =>
      db
        .prepare('SELECT actor, target_id, before, after FROM audit_log WHERE action = ? ORDER BY id')
        .all(action) as AuditRow[],
    close: () => db.close(),
  };
}
