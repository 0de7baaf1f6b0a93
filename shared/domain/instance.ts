import { z } from 'zod';
import { MAX_PATH } from '../contract/limits';

export const InstanceIdSchema = z.uuid();
export type InstanceId = z.infer<typeof InstanceIdSchema>;

export const INSTANCE_NAME_MAX = 64;

export const InstanceNameSchema = z
  .string()
  .max(MAX_PATH)
  .transform((value) => value.trim())
  .pipe(
    z
      .string()
      .min(1, 'Enter a name for the instance.')
      .max(INSTANCE_NAME_MAX, `Use at most ${INSTANCE_NAME_MAX} characters.`),
  );

export const instanceKinds = ['local', 'remote'] as const;
export type InstanceKind = (typeof instanceKinds)[number];

/** A local instance as kept in settings: its data lives in one file under the data folder. */
export const StoredLocalInstanceSchema = z.strictObject({
  id: InstanceIdSchema,
  name: z.string().min(1).max(INSTANCE_NAME_MAX),
  kind: z.literal('local'),
  file: z.string().min(1).max(MAX_PATH),
});

export const StoredInstanceSchema = z.discriminatedUnion('kind', [StoredLocalInstanceSchema]);
export type StoredInstance = z.infer<typeof StoredInstanceSchema>;

export const connectionStates = ['online', 'connecting', 'offline', 'error'] as const;
export type ConnectionState = (typeof connectionStates)[number];

/** What the navigator shows of an instance. */
export const InstanceViewSchema = z.strictObject({
  id: InstanceIdSchema,
  name: z.string(),
  kind: z.enum(instanceKinds),
  location: z.string(),
  state: z.enum(connectionStates),
  stateDetail: z.string().optional(),
});
export type InstanceView = z.infer<typeof InstanceViewSchema>;

export const DEFAULT_LOCAL_INSTANCE_NAME = 'Local';
