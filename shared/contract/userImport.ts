import { z } from 'zod';
import { BulkJobIdSchema } from '../domain/bulk';
import {
  ColumnMappingSchema,
  IMPORT_FILE_MAX_CHARS,
  IMPORT_ROWS_MAX,
  ImportFileIdSchema,
  ImportFileSchema,
  ImportOptionsSchema,
  ImportPreviewSchema,
  ImportStatusSchema,
} from '../domain/userImport';
import { changingAsJob, channel } from './channel';
import { onInstance } from './directory';

const mapped = { fileId: ImportFileIdSchema, mapping: ColumnMappingSchema, options: ImportOptionsSchema };

/**
 * Users from a CSV file: the main side reads the file, the renderer maps its columns to fields,
 * then the instance (local or remote) judges the rows in a dry run and imports them as a job.
 */
export const importChannels = {
  /** Reads a CSV file (UTF-8; a BOM, CRLF, and a "," ";" or tab delimiter are all understood). */
  'directory.import.read': channel(
    onInstance({
      fileName: z.string().max(255),
      text: z.string().max(IMPORT_FILE_MAX_CHARS, 'The file is too large to import at once.'),
    }),
    ImportFileSchema,
  ),
  'directory.import.preview': channel(onInstance(mapped), ImportPreviewSchema),
  'directory.import.start': changingAsJob(onInstance(mapped), ImportStatusSchema),
  'directory.import.status': changingAsJob(onInstance({ jobId: BulkJobIdSchema }), ImportStatusSchema),
  'directory.import.cancel': changingAsJob(onInstance({ jobId: BulkJobIdSchema }), ImportStatusSchema),
  /**
   * The file's rows at these lines, as the file has them, with an "Error" column saying why each
   * was refused: a CSV to fix and import again.
   */
  'directory.import.refusedRows': channel(
    onInstance({
      fileId: ImportFileIdSchema,
      refusals: z
        .array(z.strictObject({ line: z.number().int().min(1), reason: z.string().max(2_000) }))
        .max(IMPORT_ROWS_MAX),
    }),
    z.strictObject({ fileName: z.string(), csv: z.string() }),
  ),
} as const;
