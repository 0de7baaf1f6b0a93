import { z } from 'zod';
import {
  AuditExportRequestSchema,
  AuditPageRequestSchema,
  AuditPageSchema,
  AuditRetentionSchema,
  AuditVerificationSchema,
} from '../domain/audit';
import { channel } from './channel';
import { onInstance } from './directory';

/** An instance's audit log: read a page at a time, exported as a file, verified, and kept so long. */
export const auditChannels = {
  'directory.audit.page': channel(onInstance({ request: AuditPageRequestSchema }), AuditPageSchema),
  /**
   * Readies an export of the filtered log and answers where to fetch it, as
   * `directory.export.prepare` does for users: a path on this app's origin, good for one fetch
   * within a minute, and the file's name.
   */
  'directory.audit.export': channel(
    onInstance({ request: AuditExportRequestSchema }),
    z.strictObject({ url: z.string(), fileName: z.string() }),
  ),
  'directory.audit.verify': channel(onInstance({}), AuditVerificationSchema),
  'directory.audit.retention': channel(onInstance({}), AuditRetentionSchema),
  'directory.audit.setRetention': channel(
    onInstance({ retention: AuditRetentionSchema }),
    AuditRetentionSchema,
  ),
} as const;
