import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, openInstanceDatabase } from '../../../electron/database/openDatabase';
import { LATEST_VERSION } from '../../../electron/database/migrations';
import { RosterError } from '../../../shared/contract/errors';
import { seedDirectory } from '../../bench/seedDirectory';
import { NATIVE_DIR } from '../directory/support/instanceDb';
import { useTempDirs } from '../directory/support/tempDirs';

/**
 * openInstanceDatabase first inspects an existing file read-only, so that a
 * damaged or foreign file is reported (BAD_FILE, or the newer-schema refusal)
 * and left exactly as it was: same bytes, and no -wal or -shm beside it.
 */

const { tempDir, onCleanup } = useTempDirs();

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const open = (file: string, mode: 'create' | 'open' | 'either') =>
  openInstanceDatabase(file, { mode, nativeDir: NATIVE_DIR });

/** A real, closed instance file with some data in it, spanning many pages. */
function rosterFile(dir: string, name = 'roster.sqlite'): string {
  const file = path.join(dir, name);
  const db = open(file, 'create');
  seedDirectory(db, { users: 1_500, groups: 10, groupsPerUser: 2, passwordHash: '$argon2id$not-used-here' });
  db.close();
  return file;
}

/**
 * The SQLite magic string, then fixed garbage (not random: the outcome must not depend on luck).
 * Bytes 18 and 19 are the file format's write and read versions: 1 is a rollback journal, 2 is
 * WAL mode, which changes how SQLite opens the file (about 1 random header in 256 says 2).
 */
function headerThenGarbage(formatVersion: 1 | 2): Buffer {
  const bytes = Buffer.alloc(8_192);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 151 + 17) % 251;
  Buffer.from('SQLite format 3\0', 'latin1').copy(bytes, 0);
  bytes[18] = formatVersion;
  bytes[19] = formatVersion;
  return bytes;
}

type Maker = (dir: string) => string;

const makers: [string, Maker][] = [
  [
    'random bytes',
    (dir) => {
      const file = path.join(dir, 'random.bin');
      writeFileSync(file, randomBytes(16_384));
      return file;
    },
  ],
  [
    'a text file',
    (dir) => {
      const file = path.join(dir, 'notes.txt');
      writeFileSync(file, 'These are my notes.\nNot a database at all.\n'.repeat(50));
      return file;
    },
  ],
  [
    'an SQLite header followed by garbage',
    (dir) => {
      const file = path.join(dir, 'fake.sqlite');
      writeFileSync(file, headerThenGarbage(1));
      return file;
    },
  ],
  [
    'an SQLite header followed by garbage that declares WAL mode',
    (dir) => {
      const file = path.join(dir, 'fake-wal.sqlite');
      writeFileSync(file, headerThenGarbage(2));
      return file;
    },
  ],
  [
    "another program's SQLite file (no application_id)",
    (dir) => {
      const file = path.join(dir, 'other.db');
      const db = new Database(file);
      db.exec(
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('hello');",
      );
      db.close();
      return file;
    },
  ],
  [
    "another program's SQLite file in WAL mode",
    (dir) => {
      const file = path.join(dir, 'other-wal.db');
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.exec(
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('hello');",
      );
      db.close();
      return file;
    },
  ],
  [
    "another program's SQLite file with its own application_id and a users table",
    (dir) => {
      const file = path.join(dir, 'geo.gpkg');
      const db = new Database(file);
      db.pragma('application_id = 1196444487'); // "GPKG", GeoPackage's
      db.exec('CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT)');
      db.close();
      return file;
    },
  ],
  [
    'a Roster file truncated to half its size',
    (dir) => {
      const file = rosterFile(dir, 'truncated.sqlite');
      truncateSync(file, Math.floor(statSync(file).size / 2));
      return file;
    },
  ],
];

describe.each(['open', 'either'] as const)('mode %s refuses a file that is not a usable instance', (mode) => {
  it.each(makers)('%s: BAD_FILE, bytes unchanged, no -wal/-shm created', (_label, make) => {
    const dir = tempDir();
    const file = make(dir);
    const entries = readdirSync(dir).sort();
    expect(entries).toEqual([path.basename(file)]);
    const hash = sha256(file);

    let caught: unknown;
    try {
      open(file, mode).close();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RosterError);
    const error = caught as RosterError;
    expect(error.code).toBe('BAD_FILE');
    expect(error.field).toBe('file');
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/is not a Roster instance file: .+\. It was left unchanged\.$/);

    expect(sha256(file)).toBe(hash);
    expect(readdirSync(dir).sort()).toEqual(entries);
  });

  it('a file from a newer schema: refused with the newer-schema message, bytes unchanged, nothing left beside it', () => {
    const dir = tempDir();
    const file = rosterFile(dir, 'future.sqlite');
    const db = new Database(file);
    db.pragma('user_version = 9999');
    db.close();
    const entries = readdirSync(dir).sort();
    expect(entries).toEqual(['future.sqlite']);
    const hash = sha256(file);

    expect(() => open(file, mode)).toThrow(
      expect.objectContaining({
        code: 'BAD_FILE',
        message: expect.stringMatching(
          new RegExp(`newer Roster \\(schema 9999\\); this version reads up to schema ${LATEST_VERSION}\\.`),
        ) as unknown,
      }) as Error,
    );
    expect(sha256(file)).toBe(hash);
    expect(readdirSync(dir).sort()).toEqual(entries);
  });
});

describe('modes', () => {
  it('create refuses an existing file with CONFLICT, and leaves it alone', () => {
    const dir = tempDir();
    const file = rosterFile(dir);
    const hash = sha256(file);
    expect(() => open(file, 'create')).toThrow(
      expect.objectContaining({ code: 'CONFLICT', field: 'file' }) as Error,
    );
    expect(sha256(file)).toBe(hash);
    expect(readdirSync(dir)).toEqual(['roster.sqlite']);
  });

  it('create refuses an existing foreign file too, without touching it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'notes.txt');
    writeFileSync(file, 'not mine');
    expect(() => open(file, 'create')).toThrow(expect.objectContaining({ code: 'CONFLICT' }) as Error);
    expect(readFileSync(file, 'utf8')).toBe('not mine');
  });

  it('open refuses a missing file with NOT_FOUND, and creates nothing', () => {
    const dir = tempDir();
    const file = path.join(dir, 'missing.sqlite');
    expect(() => open(file, 'open')).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND', field: 'file' }) as Error,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each(['create', 'either'] as const)(
    '%s makes a new instance file: application_id, WAL, foreign keys, latest schema',
    (mode) => {
      const file = path.join(tempDir(), 'new.sqlite');
      const db = open(file, mode);
      onCleanup(() => db.close());
      expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
      expect(() =>
        db.prepare('INSERT INTO memberships (group_id, user_id) VALUES (12345, 67890)').run(),
      ).toThrow(/FOREIGN KEY/);
    },
  );

  it.each(['open', 'either'] as const)('%s reopens an existing instance with its data', (mode) => {
    const file = rosterFile(tempDir());
    const db = open(file, mode);
    onCleanup(() => db.close());
    expect(db.prepare('SELECT count(*) FROM users').pluck().get()).toBe(1_500);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('a copy of a valid instance file opens (the inspection is not fooled by the path)', () => {
    const dir = tempDir();
    const copy = path.join(dir, 'copy.sqlite');
    copyFileSync(rosterFile(dir), copy);
    const db = open(copy, 'open');
    onCleanup(() => db.close());
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    expect(existsSync(`${copy}-wal`)).toBe(true);
  });
});
