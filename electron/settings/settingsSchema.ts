import { z } from 'zod';
import { StoredInstanceSchema } from '../../shared/domain/instance';
import { ThemePreferenceSchema } from '../../shared/domain/preferences';

export const WindowStateSchema = z.strictObject({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(200).max(100_000),
  height: z.number().int().min(200).max(100_000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

/**
 * The preferences as the file holds them. A file from before a preference existed lacks it (its
 * default applies), and one from a newer version may hold preferences or columns this one does not
 * know (they are ignored, and kept): neither is damage, so neither sets the file aside.
 */
export const StoredPreferencesSchema = z.object({
  theme: ThemePreferenceSchema,
  userColumns: z.array(z.string()).optional(),
  expandedInstances: z.array(z.string()).optional(),
  recentCommands: z.array(z.string()).optional(),
  recentInstances: z.array(z.string()).optional(),
});
export type StoredPreferences = z.infer<typeof StoredPreferencesSchema>;

/** The whole settings file. Keys are optional: a missing one means "not set yet". */
export const SettingsFileSchema = z.object({
  instances: z.array(StoredInstanceSchema).optional(),
  preferences: StoredPreferencesSchema.optional(),
  window: WindowStateSchema.optional(),
});
export type SettingsFile = z.infer<typeof SettingsFileSchema>;
export type SettingsKey = keyof SettingsFile;
