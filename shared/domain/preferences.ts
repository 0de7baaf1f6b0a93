import { z } from 'zod';
import { CommandIdSchema } from '../commands/commands';
import { InstanceIdSchema } from './instance';

export const themePreferences = ['system', 'light', 'dark'] as const;
export const ThemePreferenceSchema = z.enum(themePreferences);
export type ThemePreference = z.infer<typeof ThemePreferenceSchema>;

/** The users list's columns that the admin may hide, in the order the list shows them; the others always show. */
export const optionalUserColumns = ['lastSignIn', 'created'] as const;
export const OptionalUserColumnSchema = z.enum(optionalUserColumns);
export type OptionalUserColumn = z.infer<typeof OptionalUserColumnSchema>;

/** The optional columns shown: each known one at most once. */
export const UserColumnsSchema = z
  .array(OptionalUserColumnSchema)
  .max(optionalUserColumns.length)
  .refine((columns) => new Set(columns).size === columns.length, { error: 'A column is listed twice.' });

/** The shown columns in the list's own order, whatever order they were chosen in. */
export const inColumnOrder = (columns: readonly string[]): OptionalUserColumn[] =>
  optionalUserColumns.filter((column) => columns.includes(column));

/** The most instances the navigator remembers as expanded: far more than anyone lists. */
export const EXPANDED_INSTANCES_MAX = 1_000;
/** The navigator's expanded instances, each at most once. */
export const ExpandedInstancesSchema = z
  .array(InstanceIdSchema)
  .max(EXPANDED_INSTANCES_MAX)
  .refine((ids) => new Set(ids).size === ids.length, { error: 'An instance is listed twice.' });

/** How many commands the palette lists first as recently run. */
export const RECENT_COMMANDS_MAX = 8;
/** The palette's recently run commands, the latest first. */
export const RecentCommandsSchema = z.array(CommandIdSchema).max(RECENT_COMMANDS_MAX);
/** How many recently opened instances the work area lists. */
export const RECENT_INSTANCES_MAX = 10;
/** The instances opened lately, the most recent first, each at most once. */
export const RecentInstancesSchema = z
  .array(InstanceIdSchema)
  .max(RECENT_INSTANCES_MAX)
  .refine((ids) => new Set(ids).size === ids.length, { error: 'An instance is listed twice.' });

/** The recent instances once `id` is opened: it first, the others after it, the oldest beyond the limit gone. */
export const openedFirst = (recent: readonly string[], id: string): string[] =>
  [id, ...recent.filter((other) => other !== id)].slice(0, RECENT_INSTANCES_MAX);

export const PreferencesSchema = z.strictObject({
  theme: ThemePreferenceSchema,
  userColumns: UserColumnsSchema,
  expandedInstances: ExpandedInstancesSchema,
  recentCommands: RecentCommandsSchema,
  recentInstances: RecentInstancesSchema,
});
export type Preferences = z.infer<typeof PreferencesSchema>;

export const DEFAULT_PREFERENCES: Preferences = {
  theme: 'system',
  userColumns: [...optionalUserColumns],
  expandedInstances: [],
  recentCommands: [],
  recentInstances: [],
};
