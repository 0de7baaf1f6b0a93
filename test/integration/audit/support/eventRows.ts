import type Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';

/** An audit entry as the table holds it, its before and after parsed. */
export interface EventRow {
  id: number;
  actor: string;
  actor_id: number | null;
  source: string | null;
  action: string;
  target_type: string;
  target_id: number | null;
  target_name: string | null;
  before: unknown;
  after: unknown;
  detail: string | null;
}

/**
 * The entries each step of a test writes, read straight from `audit_log` with a connection of the
 * test's own: `next()` answers those written since the previous call, oldest first.
 */
export function eventRows(db: Database.Database) {
  let mark = db.prepare('SELECT coalesce(max(id), 0) FROM audit_log').pluck().get() as number;
  return {
    next(): EventRow[] {
      const rows = db
        .prepare(
          `SELECT id, actor, actor_id, source, action, target_type, target_id, target_name, before, after, detail
           FROM audit_log WHERE id > ? ORDER BY id`,
        )
        .all(mark) as (Omit<EventRow, 'before' | 'after'> & {
        before: string | null;
        after: string | null;
      })[];
      mark = rows.at(-1)?.id ?? mark;
      return rows.map((row) => ({
        ...row,
        before: row.before === null ? null : (JSON.parse(row.before) as unknown),
        after: row.after === null ? null : (JSON.parse(row.after) as unknown),
      }));
    },
  };
}

/** Exactly one entry, and it is `expected` (every field given must match). */
export function expectOne(rows: EventRow[], expected: Partial<EventRow>): EventRow {
  expect(
    rows.map((row) => row.action),
    `one entry, ${expected.action ?? ''}`,
  ).toEqual([expected.action]);
  const [row] = rows;
  expect(row).toMatchObject(expected);
  return row as EventRow;
}

/** None of `secrets` is anywhere in the bytes of the instance file or its write-ahead log. */
export function expectNoSecretIn(file: string, secrets: readonly string[]): void {
  const bytes = [file, `${file}-wal`]
    .filter((path) => existsSync(path))
    .map((path) => readFileSync(path))
    .reduce((all, part) => Buffer.concat([all, part]), Buffer.alloc(0));
  expect(bytes.length).toBeGreaterThan(0);
  for (const secret of new Set(secrets)) {
    expect(secret.length, 'a secret worth looking for').toBeGreaterThanOrEqual(5);
    expect(bytes.includes(Buffer.from(secret, 'utf8')), `the file holds ${secret}`).toBe(false);
  }
}
