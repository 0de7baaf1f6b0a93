import { value, type Work } from '../../../database/portable/steps';
import { parseSetting, type SettingDefinition } from '../rules/instanceSettings';

/** A setting of the instance as stored, its fallback until one is set; a damaged one refuses. */
export function* readSetting<T>(setting: SettingDefinition<T>): Work<T> {
  const text = yield* value<string>('SELECT value FROM instance_settings WHERE name = ?', setting.name);
  return parseSetting(setting, text);
}
