import { z } from 'zod';
import {
  ExpandedInstancesSchema,
  PreferencesSchema,
  RecentInstancesSchema,
  ThemePreferenceSchema,
  UserColumnsSchema,
} from '../domain/preferences';
import { channel } from './channel';
import { NoInput } from './limits';

export const preferencesChannels = {
  'preferences.get': channel(NoInput, PreferencesSchema),
  'preferences.setTheme': channel(z.strictObject({ theme: ThemePreferenceSchema }), PreferencesSchema),
  /** The users list's optional columns to show (the rest are hidden), for every instance. */
  'preferences.setUserColumns': channel(z.strictObject({ columns: UserColumnsSchema }), PreferencesSchema),
  /** The navigator's instances shown expanded (the rest are collapsed), kept across restarts. */
  'preferences.setExpandedInstances': channel(
    z.strictObject({ instanceIds: ExpandedInstancesSchema }),
    PreferencesSchema,
  ),
  /** The instances opened lately, the most recent first, for the work area to offer again. */
  'preferences.setRecentInstances': channel(
    z.strictObject({ instanceIds: RecentInstancesSchema }),
    PreferencesSchema,
  ),
} as const;
