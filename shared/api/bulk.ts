import { z } from 'zod';
import { BulkJobIdSchema, BulkRequestSchema, BulkStatusSchema } from '../domain/bulk';
import { endpoint } from './endpoint';

const JobParams = z.strictObject({ jobId: BulkJobIdSchema });
const bulk = { tag: 'Users', permission: 'directory.write' } as const;

/**
 * One action on many users in one request: the server resolves the selection (ids, or every user
 * a list's filters match) and works through it in chunks, each one transaction, after answering.
 * The job's status tells its progress, and which users were refused and why; only its starter may
 * read or cancel it, for an hour after it ends.
 */
export const bulkEndpoints = {
  startBulk: endpoint({
    ...bulk,
    method: 'POST',
    path: '/api/users/bulk',
    summary:
      'Start one action (enable, disable, delete, set role, add to or remove from a group, reset passwords, send new invites) on many users',
    body: BulkRequestSchema,
    status: 201,
    response: BulkStatusSchema,
    errors: [404],
  }),
  bulkStatus: endpoint({
    ...bulk,
    method: 'GET',
    path: '/api/users/bulk/{jobId}',
    summary: 'How far a bulk job got; with the temporary passwords or links it made, once it made them',
    params: JobParams,
    status: 200,
    response: BulkStatusSchema,
    errors: [404],
  }),
  cancelBulk: endpoint({
    ...bulk,
    method: 'DELETE',
    path: '/api/users/bulk/{jobId}',
    summary: 'Stop a bulk job before its next chunk (the chunk under way still commits)',
    params: JobParams,
    status: 200,
    response: BulkStatusSchema,
    errors: [404],
  }),
} as const;
