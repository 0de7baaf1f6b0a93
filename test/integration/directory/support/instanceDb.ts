import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openInstanceDatabase } from '../../../../electron/database/openDatabase';
import type { Keychain } from '../../../../electron/secrets/keychain';
import { createLocalDirectory } from '../../../../electron/services/directory/local/localDirectory';
import { testHasher } from '../../../support/testHasher';
import { MemoryKeychain } from './memoryKeychain';

/** The real argon2id hasher, at the tests' small cost (testHasher.ts). */
export const hasher = testHasher;

/** Under Node the Electron build of better-sqlite3 is never loaded, so any folder will do. */
export const NATIVE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'no-electron-native');

export const TABLES = ['users', 'groups', 'memberships', 'tokens', 'audit_log'] as const;
export type RowCounts = Record<(typeof TABLES)[number], number>;

export function rowCounts(db: Database.Database): RowCounts {
  const count = (table: string) =>
    (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    users: count('users'),
    groups: count('groups'),
    memberships: count('memberships'),
    tokens: count('tokens'),
    audit_log: count('audit_log'),
  };
}

export interface WriteObserver {
  /** Row counts of every directory table, and PRAGMA data_version, which moves on any other connection's commit. */
  state: () => { counts: RowCounts; dataVersion: number };
  db: Database.Database;
  close: () => void;
}

/**
 * A second, read-only connection to an instance file. If nothing was written
 * between two calls of `state()`, both the counts and data_version are equal:
 * data_version changes whenever another connection commits anything at all.
 */
export function observeWrites(file: string): WriteObserver {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  return {
    db,
    state: () => ({
      counts: rowCounts(db),
      dataVersion: db.pragma('data_version', { simple: true }) as number,
    }),
    close: () => db.close(),
  };
}

export interface OpenedDirectory {
  directory: ReturnType<typeof createLocalDirectory>;
  db: Database.Database;
  keychain: Keychain;
  instanceId: string;
}

/** A LocalDirectory over a real instance file, opened as the registry opens one. */
export function openDirectory(
  file: string,
  options: {
    mode?: 'create' | 'open' | 'either';
    keychain?: Keychain;
    instanceId?: string;
    actor?: string;
    prepare?: (db: Database.Database) => void;
  } = {},
): OpenedDirectory {
  const db = openInstanceDatabase(file, { mode: options.mode ?? 'either', nativeDir: NATIVE_DIR });
  options.prepare?.(db);
  const keychain = options.keychain ?? new MemoryKeychain();
  const instanceId = options.instanceId ?? randomUUID();
  const directory = createLocalDirectory({
    db,
    instanceId,
    hasher,
    keychain,
    actor: options.actor ?? 'test-admin',
  });
  return { directory, db, keychain, instanceId };
}

/** A valid new user named `username`, every other field derived from it. */
export const newUser = (username: string, overrides: Partial<NewUserFields> = {}): NewUserFields => ({
  username,
  password: `pw-${username}`.slice(0, 20).padEnd(5, '!'),
  displayName: `Name ${username}`.slice(0, 20),
  email: `${username}@example.com`,
  enabled: true,
  ...overrides,
});

export interface NewUserFields {
  username: string;
  password: string;
  displayName: string;
  email: string;
  enabled: boolean;
}
