import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { RosterError } from '../../shared/contract/errors';
import { migrate } from './migrations';
import { sqliteNativeBinding } from './nativeBinding';

/** Marks a file as a Roster instance ("RSTR"), so another program's database is never taken for one. */
export const APPLICATION_ID = 0x52535452;
const SQLITE_HEADER = 'SQLite format 3\0';

export interface OpenOptions {
  /** create: a new file (refused if one exists); open: an existing one; either: whichever is there. */
  mode: 'create' | 'open' | 'either';
  /** Where the Electron build of better-sqlite3 lives (see nativeBinding.ts). */
  nativeDir: string;
}

/**
 * Opens an instance file. An existing file is first inspected read-only, so a
 * corrupt or foreign file is reported and left exactly as it was.
 */
export function openInstanceDatabase(file: string, options: OpenOptions): Database.Database {
  const exists = existsSync(file) && statSync(file).size > 0;
  if (exists && options.mode === 'create')
    throw new RosterError('CONFLICT', `${file} already exists.`, 'file');
  if (!exists && options.mode === 'open')
    throw new RosterError('NOT_FOUND', `${file} does not exist.`, 'file');

  const nativeBinding = sqliteNativeBinding(process.versions, options.nativeDir);
  if (nativeBinding && !existsSync(nativeBinding)) {
    throw new RosterError(
      'UNAVAILABLE',
      `better-sqlite3 built for this Electron is missing (${nativeBinding}); run "node scripts/fetch-electron-native.mjs".`,
    );
  }
  const driverOptions = nativeBinding ? { nativeBinding } : {};
  if (exists) inspect(file, driverOptions);
  // Password hashes and token hashes live here: only the owner may read a new file. SQLite gives
  // its -wal and -shm files the same permissions.
  else ownerOnly(file);

  const db = new Database(file, driverOptions);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    if (!exists) db.pragma(`application_id = ${APPLICATION_ID}`);
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function ownerOnly(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  if (process.platform !== 'win32') chmodSync(file, 0o600);
}

function inspect(file: string, driverOptions: Database.Options): void {
  const notInstance = (why: string) =>
    new RosterError(
      'BAD_FILE',
      `${file} is not a Roster instance file: ${why}. It was left unchanged.`,
      'file',
    );
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_HEADER) throw notInstance('it is not an SQLite database');

  // Even a read-only connection to a file in WAL mode makes -wal and -shm files; a refused file
  // loses the ones this look created, so that it is left exactly as it was found. An accepted file
  // keeps them: another process may have opened it meanwhile and be using them, and one that lost
  // its -wal and -shm under it would write to files nobody else reads.
  const companions = [`${file}-wal`, `${file}-shm`].filter((companion) => !existsSync(companion));
  const removeCompanions = () => {
    for (const companion of companions) rmSync(companion, { force: true });
  };
  let db: Database.Database;
  try {
    db = new Database(file, { ...driverOptions, readonly: true, fileMustExist: true });
  } catch (error) {
    removeCompanions();
    throw notInstance(`it cannot be opened (${describe(error)})`);
  }
  try {
    const applicationId = db.pragma('application_id', { simple: true }) as number;
    if (applicationId !== APPLICATION_ID) throw notInstance('it belongs to another program');
    // Reading the schema parses its pages; comparing the page count with the file's size finds a
    // cut-off file. A full quick_check would find more but takes most of a second at 100,000
    // users, on every open; damage deeper in a page surfaces as an error when it is read.
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    const pages = db.pragma('page_count', { simple: true }) as number;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    // Pages not yet checkpointed live in the -wal file, so only a file without one must hold them all.
    const walBytes = statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0;
    if (walBytes === 0 && pages * pageSize > statSync(file).size)
      throw notInstance('it is cut short (truncated)');
  } catch (error) {
    db.close();
    removeCompanions();
    if (error instanceof RosterError) throw error;
    throw notInstance(`it is damaged (${describe(error)})`);
  }
  db.close();
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
