import { z } from 'zod';
import { InstanceIdSchema } from '../domain/instance';
import { UserExportRequestSchema } from '../domain/userExport';
import { channel } from './channel';

/** The users list as a file, downloaded from the main side (local or remote instance alike). */
export const exportChannels = {
  /**
   * Readies an export and answers where to fetch it: a path on this app's own origin
   * (`/downloads/<ticket>`), good for one fetch within a minute, and the file's name. The file is
   * produced while it downloads.
   */
  'directory.export.prepare': channel(
    z.strictObject({ instanceId: InstanceIdSchema, request: UserExportRequestSchema }),
    z.strictObject({ url: z.string(), fileName: z.string() }),
  ),
} as const;
