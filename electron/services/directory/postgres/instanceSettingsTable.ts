import type { Sql } from '../../../database/postgres/sql';
import { damagedSetting, parseSetting, type SettingDefinition } from '../rules/instanceSettings';

/** One setting of the instance, kept as JSON in instance_settings under its name (see SettingDefinition). */
export function instanceSetting<T>(setting: SettingDefinition<T>) {
  const read = async (sql: Sql): Promise<T> =>
    parseSetting(
      setting,
      await sql.value<string>('SELECT value FROM instance_settings WHERE name = $1', [setting.name]),
    );

  return {
    read,
    /** The value a new one replaces, for the audit log; a damaged one reads as such. */
    replaced: (sql: Sql): Promise<T | { damaged: true }> => read(sql).catch(damagedSetting),
    write: async (tx: Sql, value: T): Promise<void> => {
      await tx.run(
        `INSERT INTO instance_settings (name, value) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
        [setting.name, JSON.stringify(value)],
      );
    },
  };
}
