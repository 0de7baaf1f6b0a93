import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import { RosterError } from '../../../../shared/contract/errors';
import { statement } from '../../../database/statements';

/**
 * One setting of the instance, kept as JSON in instance_settings (migration 0050) under `name`;
 * `fallback` until one is set. A stored value that no longer parses is a damaged file, not a value
 * to guess at: reading it refuses with `damaged`.
 */
export function instanceSetting<T>(name: string, schema: z.ZodType<T>, fallback: T, damaged: string) {
  const read = (db: Database): T => {
    const value = statement<[string], string>(db, 'SELECT value FROM instance_settings WHERE name = ?')
      .pluck()
      .get(name);
    if (value === undefined) return fallback;
    let stored: unknown;
    try {
      stored = JSON.parse(value);
    } catch {
      stored = undefined;
    }
    const parsed = schema.safeParse(stored);
    if (!parsed.success) throw new RosterError('BAD_FILE', damaged);
    return parsed.data;
  };

  return {
    read,
    /**
     * The value a new one replaces, for the audit log. Setting it again is how a damaged one is
     * repaired, so a damaged one reads as such here instead of refusing the repair.
     */
    replaced: (db: Database): T | { damaged: true } => {
      try {
        return read(db);
      } catch (error) {
        if (error instanceof RosterError && error.code === 'BAD_FILE') return { damaged: true };
        throw error;
      }
    },
    write: (db: Database, value: T): void => {
      statement(
        db,
        'INSERT INTO instance_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
      ).run(name, JSON.stringify(value));
    },
  };
}
