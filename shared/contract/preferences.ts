import { z } from 'zod';
import { PreferencesSchema, ThemePreferenceSchema, UserColumnsSchema } from '../domain/preferences';
import { channel } from './channel';
import { NoInput } from './limits';

export const preferencesChannels = {
  'preferences.get': channel(NoInput, PreferencesSchema),
  'preferences.setTheme': channel(z.strictObject({ theme: ThemePreferenceSchema }), PreferencesSchema),
  /** The users list's optional columns to show (the rest are hidden), for every instance. */
  'preferences.setUserColumns': channel(z.strictObject({ columns: UserColumnsSchema }), PreferencesSchema),
} as const;
