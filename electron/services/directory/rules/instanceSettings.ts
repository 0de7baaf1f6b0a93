import type { z } from 'zod';
import { RosterError } from '../../../../shared/contract/errors';

/**
 * One setting of the instance, kept as JSON text under `name`; `fallback` until one is set. A
 * stored value that no longer parses is damaged storage, not a value to guess at: reading it
 * refuses with `damaged`.
 */
export interface SettingDefinition<T> {
  name: string;
  schema: z.ZodType<T>;
  fallback: T;
  damaged: string;
}

/** The value stored as `text` (undefined when none is). */
export function parseSetting<T>(setting: SettingDefinition<T>, text: string | undefined): T {
  if (text === undefined) return setting.fallback;
  let stored: unknown;
  try {
    stored = JSON.parse(text);
  } catch {
    stored = undefined;
  }
  const parsed = setting.schema.safeParse(stored);
  if (!parsed.success) throw new RosterError('BAD_FILE', setting.damaged);
  return parsed.data;
}

/**
 * What a failed read of the value being replaced shows in the audit log. Setting it again is how a
 * damaged one is repaired, so a damaged one reads as such instead of refusing the repair.
 */
export function damagedSetting(error: unknown): { damaged: true } {
  if (error instanceof RosterError && error.code === 'BAD_FILE') return { damaged: true };
  throw error;
}
