import { z } from 'zod';

export const themePreferences = ['system', 'light', 'dark'] as const;
export const ThemePreferenceSchema = z.enum(themePreferences);
export type ThemePreference = z.infer<typeof ThemePreferenceSchema>;

export const PreferencesSchema = z.strictObject({
  theme: ThemePreferenceSchema,
});
export type Preferences = z.infer<typeof PreferencesSchema>;

export const DEFAULT_PREFERENCES: Preferences = { theme: 'system' };
