import { z } from 'zod';
import { InstanceIdSchema, InstanceNameSchema, InstanceViewSchema } from '../domain/instance';
import { channel } from './channel';
import { MAX_PATH, NoInput } from './limits';

export const instancesChannels = {
  'instances.list': channel(NoInput, z.array(InstanceViewSchema)),
  /** Creates a new local instance file, or adds an existing one to the navigator. */
  'instances.addLocal': channel(
    z.strictObject({
      name: InstanceNameSchema,
      mode: z.enum(['create', 'open']),
      /** Absent when creating: a file is then made in the data folder. */
      file: z.string().trim().min(1, 'Enter the path of an instance file.').max(MAX_PATH).optional(),
    }),
    InstanceViewSchema,
  ),
  'instances.rename': channel(
    z.strictObject({ id: InstanceIdSchema, name: InstanceNameSchema }),
    InstanceViewSchema,
  ),
  /** Takes the instance out of the navigator; a local instance's file is kept on disk. */
  'instances.remove': channel(z.strictObject({ id: InstanceIdSchema }), z.null()),
} as const;
