import { z } from 'zod';
import { CommandIdSchema } from '../commands/commands';
import { InstanceIdSchema, InstanceViewSchema } from '../domain/instance';
import { PreferencesSchema } from '../domain/preferences';

/** Pushed from the main side to every open window. */
export const events = {
  'instances.changed': z.array(InstanceViewSchema),
  'preferences.changed': PreferencesSchema,
  /** A call through Roster may have changed this instance's users or groups. */
  'directory.changed': z.strictObject({ instanceId: InstanceIdSchema }),
  /** A command chosen in the native menu, which the window runs as if chosen in its own. */
  'commands.invoked': z.strictObject({ command: CommandIdSchema }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
