import { z } from 'zod';
import { StoredInstanceSchema } from '../../shared/domain/instance';
import { PreferencesSchema } from '../../shared/domain/preferences';

export const WindowStateSchema = z.strictObject({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(200).max(100_000),
  height: z.number().int().min(200).max(100_000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

/** The whole settings file. Keys are optional: a missing one means "not set yet". */
export const SettingsFileSchema = z.object({
  instances: z.array(StoredInstanceSchema).optional(),
  preferences: PreferencesSchema.optional(),
  window: WindowStateSchema.optional(),
});
export type SettingsFile = z.infer<typeof SettingsFileSchema>;
export type SettingsKey = keyof SettingsFile;
