import { z } from 'zod';
import {
  exportColumns,
  ExportColumnsSchema,
  UserExportRequestSchema,
  type UserExportRequest,
} from '../domain/userExport';
import { endpoint } from './endpoint';
import {
  listingFiltersOf,
  ONE_GROUP_QUERY,
  oneGroupQuery,
  pageQueryOf,
  PageQuerySchema,
  userListingQueryShape,
} from './pageQuery';

/**
 * `columns=username,email,groups`: the file's columns, left to right; every column when left out.
 * A refusal names the parameter, not a position inside it.
 */
const ColumnsParam = z
  .string()
  .max(200)
  .transform((text, context) => {
    const columns = ExportColumnsSchema.safeParse(text.split(','));
    if (columns.success) return columns.data;
    context.addIssue({
      code: 'custom',
      message: `Name some of ${exportColumns.join(', ')}: comma-separated, each once.`,
    });
    return z.NEVER;
  });

/** The users list's query parameters (no paging: an export holds every match), and the columns. */
export const UserExportQuerySchema = PageQuerySchema.pick({ q: true })
  .extend({ ...userListingQueryShape, columns: ColumnsParam.optional() })
  .refine(oneGroupQuery, ONE_GROUP_QUERY);
export type UserExportQuery = z.output<typeof UserExportQuerySchema>;

export const exportRequestOf = (query: UserExportQuery): UserExportRequest =>
  UserExportRequestSchema.parse({
    filters: listingFiltersOf(query),
    sort: query.sort,
    direction: query.order,
    columns: query.columns ?? [...exportColumns],
  });

/** The query string of an export, as a client sends it: the list's, less its paging. */
export function exportQueryOf(request: UserExportRequest): Record<string, string> {
  const listing = pageQueryOf({
    ...request.filters,
    sort: request.sort,
    direction: request.direction,
    offset: 0,
    limit: 1,
  });
  const given = Object.entries(listing).filter(([name]) => name !== 'limit' && name !== 'offset');
  return { ...Object.fromEntries(given), columns: request.columns.join(',') };
}

export const exportEndpoints = {
  exportUsers: endpoint({
    method: 'GET',
    path: '/api/users/export',
    summary:
      'Every user the filters match, in the order asked, as CSV: UTF-8 with a BOM, CRLF, one header row, the columns asked for (groups "; "-separated); never a password, token or key',
    tag: 'Users',
    permission: 'directory.read',
    query: UserExportQuerySchema,
    status: 200,
    file: {
      mediaTypes: ['text/csv'],
      description:
        'The file, streamed as it is read (Content-Disposition names it). A cell that a spreadsheet would run as a formula starts with an apostrophe.',
    },
  }),
} as const;
