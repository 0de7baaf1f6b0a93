import { z } from 'zod';
import { PreferencesSchema, ThemePreferenceSchema } from '../domain/preferences';
import { channel } from './channel';
import { NoInput } from './limits';

export const preferencesChannels = {
  'preferences.get': channel(NoInput, PreferencesSchema),
  'preferences.setTheme': channel(z.strictObject({ theme: ThemePreferenceSchema }), PreferencesSchema),
} as const;
