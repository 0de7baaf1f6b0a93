import { z } from 'zod';
import { CommandIdSchema } from '../commands/commands';
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
  /** A command was run from the palette: it heads the palette's recent commands. */
  'preferences.noteCommandRun': channel(z.strictObject({ command: CommandIdSchema }), PreferencesSchema),
  /** The instances opened lately, the most recent first, for the work area to offer again. */
  'preferences.setRecentInstances': channel(
    z.strictObject({ instanceIds: RecentInstancesSchema }),
    PreferencesSchema,
  ),
} as const;
