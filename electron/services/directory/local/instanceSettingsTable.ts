import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import { statement } from '../../../database/statements';
import { damagedSetting, parseSetting, type SettingDefinition } from '../rules/instanceSettings';

/**
 * One setting of the instance, kept as JSON in instance_settings (migration 0050) under `name`;
 * `fallback` until one is set. A stored value that no longer parses is a damaged file, not a value
 * to guess at: reading it refuses with `damaged`.
 */
export function instanceSetting<T>(name: string, schema: z.ZodType<T>, fallback: T, damaged: string) {
  const setting: SettingDefinition<T> = { name, schema, fallback, damaged };
  const read = (db: Database): T =>
    parseSetting(
      setting,
      statement<[string], string>(db, 'SELECT value FROM instance_settings WHERE name = ?').pluck().get(name),
    );

  return {
    read,
    /** The value a new one replaces, for the audit log; a damaged one reads as such. */
    replaced: (db: Database): T | { damaged: true } => {
      try {
        return read(db);
      } catch (error) {
        return damagedSetting(error);
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
