import { z } from 'zod';
import { BULK_MAX, GroupIdSchema, InvitationTermsSchema, UserIdSchema } from './directory';
import { RoleSchema } from './roles';
import { UserFiltersSchema } from './userListing';

/**
 * One action on many users at once. The selection is resolved when the work starts; the work runs
 * in chunks of BULK_CHUNK users, each chunk one write transaction, and may be cancelled between
 * chunks. A user the action cannot apply to (the last Administrator, a user the caller may not
 * manage, one deleted meanwhile) is refused on its own and reported; the others go on.
 */
export const BULK_CHUNK = 500;
/** How many refusals a status lists; the count goes on beyond it. */
export const BULK_REFUSALS_LISTED = 1_000;

export const BulkActionSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('enable') }),
    z.strictObject({ kind: z.literal('disable') }),
    z.strictObject({ kind: z.literal('delete') }),
    z.strictObject({ kind: z.literal('setRole'), role: RoleSchema }),
    z.strictObject({ kind: z.literal('addToGroup'), groupId: GroupIdSchema }),
    z.strictObject({ kind: z.literal('removeFromGroup'), groupId: GroupIdSchema }),
    /** A generated temporary password each, to change at the next sign-in; shown once, in the status. */
    z.strictObject({ kind: z.literal('resetPassword') }),
    /** A new one-time link each, for Invited users; shown once, in the status, and mailed if asked. */
    z.strictObject({ kind: z.literal('resendInvitation'), ...InvitationTermsSchema.shape }),
  ])
  .meta({ id: 'BulkAction' });
export type BulkAction = z.output<typeof BulkActionSchema>;
export type BulkActionKind = BulkAction['kind'];

/** Users by id, or every user a list's filters match (whatever its order), less some unticked ones. */
export const UserSelectionSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('ids'), userIds: z.array(UserIdSchema).min(1).max(BULK_MAX) }),
    z.strictObject({
      kind: z.literal('matching'),
      filters: UserFiltersSchema,
      except: z.array(UserIdSchema).max(BULK_MAX).default([]),
    }),
  ])
  .meta({ id: 'UserSelection' });
export type UserSelection = z.output<typeof UserSelectionSchema>;

export const BulkRequestSchema = z
  .strictObject({ action: BulkActionSchema, selection: UserSelectionSchema })
  .meta({ id: 'BulkRequest' });
export type BulkRequest = z.output<typeof BulkRequestSchema>;

export const BulkRefusalSchema = z.strictObject({
  userId: UserIdSchema,
  /** Empty when the user no longer exists. */
  username: z.string(),
  reason: z.string(),
});
export type BulkRefusal = z.infer<typeof BulkRefusalSchema>;

/**
 * An invitation link's mail, when one was asked for. It goes once the chunk that issued the link
 * committed, so it is pending until then (and stays so if the job's process stopped in between);
 * a mail that failed leaves the link to copy.
 */
export const SecretEmailSchema = z
  .discriminatedUnion('state', [
    z.strictObject({ state: z.literal('pending') }),
    z.strictObject({ state: z.literal('sent') }),
    z.strictObject({ state: z.literal('failed'), error: z.string() }),
  ])
  .meta({ id: 'SecretEmail' });
export type SecretEmail = z.infer<typeof SecretEmailSchema>;

/** What only this answer shows: a temporary password, or an invitation link. */
export const BulkSecretSchema = z.strictObject({
  userId: UserIdSchema,
  username: z.string(),
  temporaryPassword: z.string().optional(),
  link: z.string().optional(),
  expiresAt: z.string().optional(),
  /** Absent when the link was not to be mailed. */
  email: SecretEmailSchema.optional(),
});
export type BulkSecret = z.infer<typeof BulkSecretSchema>;

export const bulkStates = ['running', 'cancelling', 'cancelled', 'done', 'failed'] as const;
export const BulkJobIdSchema = z.string().regex(/^[0-9a-f-]{36}$/, 'Not a bulk job id.');

export const BulkStatusSchema = z
  .strictObject({
    id: BulkJobIdSchema,
    action: BulkActionSchema,
    state: z.enum(bulkStates),
    /** Users selected when the work started. */
    total: z.number().int().min(0),
    /** Users whose chunk was committed: changed, unchanged or refused. */
    processed: z.number().int().min(0),
    changed: z.number().int().min(0),
    unchanged: z.number().int().min(0),
    refused: z.number().int().min(0),
    /** The first BULK_REFUSALS_LISTED refusals, with why. */
    refusals: z.array(BulkRefusalSchema),
    secrets: z.array(BulkSecretSchema),
    /** Why the work stopped, when it failed. */
    error: z.string().nullable(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'BulkStatus' });
export type BulkStatus = z.infer<typeof BulkStatusSchema>;

export const isFinished = (status: Pick<BulkStatus, 'state'>): boolean =>
  status.state === 'cancelled' || status.state === 'done' || status.state === 'failed';
