import { z } from 'zod';
import { MAX_TEXT } from '../contract/limits';
import { BulkJobIdSchema, BulkSecretSchema, bulkStates } from './bulk';
import { INVITATION_HOURS_DEFAULT, InvitationTermsSchema } from './directory';
import { ROLE_LABELS, roles, type Role } from './roles';

/**
 * Users brought in from a file (CSV): each row names a user by username; one that does not exist
 * is created, one that does is updated with the row's non-empty cells. An empty cell leaves that
 * field as it is; a row's groups are added to the user's, never taken away. Every row is judged on
 * its own: a refused row (a bad email, a role the caller may not give, the last Administrator, a
 * username seen earlier in the file) never blocks the others.
 */
export const IMPORT_ROWS_MAX = 10_000;
/** Each chunk of rows is one write transaction. */
export const IMPORT_CHUNK = 500;
/** New users given temporary passwords are hashed before each write: smaller chunks keep cancel prompt. */
export const IMPORT_PASSWORD_CHUNK = 25;

/** The fields a file's columns can be mapped to. */
export const importFields = ['username', 'displayName', 'email', 'role', 'groups', 'enabled'] as const;
export type ImportField = (typeof importFields)[number];

const cell = z.string().max(MAX_TEXT);

/**
 * One row of the file with its cells picked by the column mapping, still as text: the directory
 * judges them, so that a bad cell refuses its row and not the whole file.
 */
export const ImportRowSchema = z
  .strictObject({
    /** Where the row is in the file (the header is line 1), for the admin to find it. */
    line: z.number().int().min(1),
    username: cell,
    displayName: cell.optional(),
    email: cell.optional(),
    /** A role's label ("User manager") or name ("userManager"), in any case. */
    role: cell.optional(),
    /** Group names separated by ";" (GROUPS_SEPARATOR); groups that do not exist are created. */
    groups: cell.optional(),
    /** yes/no, true/false, 1/0, enabled/disabled, or an exported Status. */
    enabled: cell.optional(),
  })
  .meta({ id: 'ImportRow' });
export type ImportRow = z.infer<typeof ImportRowSchema>;

export const newUserWays = ['invite', 'temporaryPassword'] as const;

/** Without a component name: as a request takes it, its fields have defaults; as a status tells it, not. */
export const ImportOptionsSchema = z.strictObject({
  /**
   * How new users get in: a one-time invitation link each, or a temporary password to change at
   * the first sign-in. Either is shown once, in the job's status.
   */
  newUsers: z.enum(newUserWays).default('invite'),
  /** The invitations' terms, as the single-user dialogs take them; unused for temporary passwords. */
  ...InvitationTermsSchema.shape,
});
export type ImportOptions = z.output<typeof ImportOptionsSchema>;

export const ImportRequestSchema = z
  .strictObject({
    rows: z.array(ImportRowSchema).min(1).max(IMPORT_ROWS_MAX),
    options: ImportOptionsSchema.default({
      newUsers: 'invite',
      expiresInHours: INVITATION_HOURS_DEFAULT,
      sendEmail: false,
    }),
  })
  .meta({ id: 'ImportRequest' });
export type ImportRequest = z.output<typeof ImportRequestSchema>;

export const importOutcomes = ['create', 'update', 'unchanged', 'refused'] as const;
export type ImportOutcome = (typeof importOutcomes)[number];

export const ImportRowPlanSchema = z.strictObject({
  line: z.number().int().min(1),
  username: z.string(),
  outcome: z.enum(importOutcomes),
  /** For an update, what would change ("email", "role", "groups"); for a refusal, empty. */
  changes: z.array(z.string()),
  /** Why the row is refused; null otherwise. */
  reason: z.string().nullable(),
});
export type ImportRowPlan = z.infer<typeof ImportRowPlanSchema>;

/** The dry run: what applying the rows would do now, and nothing written. */
export const ImportPreviewSchema = z
  .strictObject({
    create: z.number().int().min(0),
    update: z.number().int().min(0),
    unchanged: z.number().int().min(0),
    refused: z.number().int().min(0),
    /** Rows refused because the file named their username earlier. */
    duplicates: z.number().int().min(0),
    /** Groups the rows name that do not exist yet, as the file first spells them. */
    newGroups: z.array(z.string()),
    rows: z.array(ImportRowPlanSchema),
  })
  .meta({ id: 'ImportPreview' });
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;

export const ImportRefusalSchema = z.strictObject({
  line: z.number().int().min(1),
  username: z.string(),
  reason: z.string(),
});
export type ImportRefusal = z.infer<typeof ImportRefusalSchema>;

export const ImportStatusSchema = z
  .strictObject({
    id: BulkJobIdSchema,
    options: ImportOptionsSchema,
    state: z.enum(bulkStates),
    /** Rows in the file. */
    total: z.number().int().min(0),
    /** Rows whose chunk was committed. */
    processed: z.number().int().min(0),
    created: z.number().int().min(0),
    updated: z.number().int().min(0),
    unchanged: z.number().int().min(0),
    refused: z.number().int().min(0),
    /** Every refused row, with why (a file holds at most IMPORT_ROWS_MAX rows). */
    refusals: z.array(ImportRefusalSchema),
    /** The new users' links or temporary passwords, shown once. */
    secrets: z.array(BulkSecretSchema),
    groupsCreated: z.array(z.string()),
    error: z.string().nullable(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'ImportStatus' });
export type ImportStatus = z.infer<typeof ImportStatusSchema>;

const ENABLED_WORDS: Readonly<Record<string, boolean>> = {
  yes: true,
  no: false,
  true: true,
  false: false,
  '1': true,
  '0': false,
  enabled: true,
  disabled: false,
  invited: true,
  'invited, disabled': false,
};

/** An "enabled" cell read: undefined when it says nothing this understands. */
export const enabledOfCell = (text: string): boolean | undefined => ENABLED_WORDS[text.trim().toLowerCase()];

/** A role cell read, by label or by name, ignoring case and spaces: undefined when it names none. */
export function roleOfCell(text: string): Role | undefined {
  const wanted = text.replaceAll(/\s+/g, '').toLowerCase();
  return roles.find(
    (role) => role.toLowerCase() === wanted || ROLE_LABELS[role].replaceAll(' ', '').toLowerCase() === wanted,
  );
}

/** A file's text as the app takes it: at most this many characters. */
export const IMPORT_FILE_MAX_CHARS = 8 * 1024 * 1024;
/** More columns than any sheet of users needs; a file with more is not one. */
export const IMPORT_COLUMNS_MAX = 200;

const columnIndex = z
  .number()
  .int()
  .min(0)
  .max(IMPORT_COLUMNS_MAX - 1);

/** Which column (by its index in the file) holds each field; a field without one is left alone. */
export const ColumnMappingSchema = z.strictObject({
  username: columnIndex,
  displayName: columnIndex.optional(),
  email: columnIndex.optional(),
  role: columnIndex.optional(),
  groups: columnIndex.optional(),
  enabled: columnIndex.optional(),
});
export type ColumnMapping = z.infer<typeof ColumnMappingSchema>;

export const ImportFileIdSchema = z.string().regex(/^[0-9a-f-]{36}$/, 'Not an import file id.');

/** A file read and kept on the main side until imported: what the column mapping needs to show. */
export const ImportFileSchema = z.strictObject({
  fileId: ImportFileIdSchema,
  fileName: z.string(),
  headers: z.array(z.string()),
  /** The first rows below the header, as the file has them. */
  sample: z.array(z.array(z.string())),
  rows: z.number().int().min(0),
  /** Fields whose column was recognised by its header. */
  mapping: ColumnMappingSchema.partial(),
});
export type ImportFile = z.infer<typeof ImportFileSchema>;
