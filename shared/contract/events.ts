import { z } from 'zod';
import { InstanceViewSchema } from '../domain/instance';
import { PreferencesSchema } from '../domain/preferences';

/** Pushed from the main side to every open window. */
export const events = {
  'instances.changed': z.array(InstanceViewSchema),
  'preferences.changed': PreferencesSchema,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
