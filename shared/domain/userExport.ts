import { z } from 'zod';
import { SortDirectionSchema, UserFiltersSchema, UserSortKeySchema } from './userListing';
import type { UsersCsvColumn } from './usersCsv';

/**
 * The columns an export may write, in the order the dialog offers them. Never a password hash,
 * token or key: no column could carry one.
 */
export const exportColumns = [
  'username',
  'displayName',
  'email',
  'role',
  'status',
  'groups',
  'lastSignIn',
  'created',
] as const satisfies readonly UsersCsvColumn[];
export const ExportColumnSchema = z.enum(exportColumns);
export type ExportColumn = z.infer<typeof ExportColumnSchema>;

/** The file's columns, left to right: at least one, each once. */
export const ExportColumnsSchema = z
  .array(ExportColumnSchema)
  .min(1, 'Choose at least one column.')
  .max(exportColumns.length)
  .refine((columns) => new Set(columns).size === columns.length, { error: 'A column is listed twice.' });

/** A users list as a file: every user its filters match (not only the loaded ones), in its order. */
export const UserExportRequestSchema = z.strictObject({
  filters: UserFiltersSchema,
  sort: UserSortKeySchema.default('username'),
  direction: SortDirectionSchema.default('asc'),
  columns: ExportColumnsSchema,
});
export type UserExportRequest = z.output<typeof UserExportRequestSchema>;

/** How an export names a status: the list's two marks, Invited and Disabled, in words. */
export const exportStatus = (user: { enabled: boolean; invited: boolean }): string =>
  user.invited ? (user.enabled ? 'Invited' : 'Invited, disabled') : user.enabled ? 'Enabled' : 'Disabled';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/** `users-2030-01-31.csv`: the day (UTC) the export was asked for. */
export const usersExportFileName = (at: Date): string => `users-${at.toISOString().slice(0, 10)}.csv`;
