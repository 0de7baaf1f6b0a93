import { z } from 'zod';
import { BulkJobIdSchema } from '../domain/bulk';
import { ImportPreviewSchema, ImportRequestSchema, ImportStatusSchema } from '../domain/userImport';
import { endpoint } from './endpoint';

const JobParams = z.strictObject({ jobId: BulkJobIdSchema });
const imports = { tag: 'Users', permission: 'directory.write' } as const;
/** Ten times what IMPORT_ROWS_MAX rows of ordinary users take as JSON (about 1.5 MB). */
const IMPORT_BODY_LIMIT = 16 * 1024 * 1024;

/**
 * Users from a file's rows (the client reads the file and maps its columns): a dry run that writes
 * nothing, then the import itself as a job, in chunks of one transaction each, whose status lists
 * every refused row by its line. Only the job's starter may read or cancel it, for an hour after
 * it ends.
 */
export const importEndpoints = {
  previewImport: endpoint({
    ...imports,
    method: 'POST',
    path: '/api/users/import/preview',
    summary:
      'Dry run of an import: per row, create, update, unchanged or refused (with why); duplicates; groups that would be created',
    body: ImportRequestSchema,
    bodyLimit: IMPORT_BODY_LIMIT,
    status: 200,
    response: ImportPreviewSchema,
  }),
  startImport: endpoint({
    ...imports,
    method: 'POST',
    path: '/api/users/import',
    summary:
      'Import users: rows create or update users and add them to groups, a refused row never blocking the others',
    body: ImportRequestSchema,
    bodyLimit: IMPORT_BODY_LIMIT,
    status: 201,
    response: ImportStatusSchema,
  }),
  importStatus: endpoint({
    ...imports,
    method: 'GET',
    path: '/api/users/import/{jobId}',
    summary: "How far an import got; with the new users' links or temporary passwords, once made",
    params: JobParams,
    status: 200,
    response: ImportStatusSchema,
    errors: [404],
  }),
  cancelImport: endpoint({
    ...imports,
    method: 'DELETE',
    path: '/api/users/import/{jobId}',
    summary: 'Stop an import before its next chunk (the chunk under way still commits)',
    params: JobParams,
    status: 200,
    response: ImportStatusSchema,
    errors: [404],
  }),
} as const;
