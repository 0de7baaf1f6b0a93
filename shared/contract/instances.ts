import { z } from 'zod';
import { InstanceIdSchema, InstanceNameSchema, InstanceViewSchema } from '../domain/instance';
import { channel } from './channel';
import { NoInput } from './limits';

export const instancesChannels = {
  'instances.list': channel(NoInput, z.array(InstanceViewSchema)),
  'instances.rename': channel(
    z.strictObject({ id: InstanceIdSchema, name: InstanceNameSchema }),
    InstanceViewSchema,
  ),
  /** Takes the instance out of the navigator; a local instance's file is kept on disk. */
  'instances.remove': channel(z.strictObject({ id: InstanceIdSchema }), z.null()),
} as const;
