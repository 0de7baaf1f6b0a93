import { z } from 'zod';
import { MAX_TEXT } from '../contract/limits';
import { DEFAULT_ROLE, RoleSchema, type Role } from './roles';
import {
  DisplayNameSchema,
  EmailSchema,
  GroupNameSchema,
  honestName,
  PasswordSchema,
  trimmed,
  UsernameSchema,
} from './userRules';

export const UserIdSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const GroupIdSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export type UserId = z.infer<typeof UserIdSchema>;
export type GroupId = z.infer<typeof GroupIdSchema>;

export const PAGE_LIMIT_MAX = 500;
/** Bulk calls (delete several users, set members) take at most this many ids at once. */
export const BULK_MAX = 10_000;

/** Which accounts a list shows, besides the text filter. */
export const userStatuses = ['any', 'enabled', 'disabled', 'invited'] as const;
export const UserStatusSchema = z.enum(userStatuses);
export type UserStatus = z.infer<typeof UserStatusSchema>;

/**
 * What a list is searched for. A NUL is refused with its reason rather than matching nothing: no
 * stored name or address can hold one, and neither the full-text index's query syntax nor
 * PostgreSQL's text can carry it.
 */
export const holdsNoNul = (text: string): boolean => !text.includes('\u0000');
export const NUL_IN_SEARCH = 'A search cannot contain a NUL character.';
export const SearchTextSchema = z.string().max(MAX_TEXT).refine(holdsNoNul, NUL_IN_SEARCH);

export const PageRequestSchema = z.strictObject({
  query: SearchTextSchema.default(''),
  /** Users only: enabled, disabled, or invited and not yet accepted. */
  status: UserStatusSchema.default('any'),
  offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  limit: z.number().int().min(1).max(PAGE_LIMIT_MAX).default(100),
});
/** A page as the directory takes it: the status may be left out (then any). */
export type PageRequest = Omit<z.output<typeof PageRequestSchema>, 'status'> & { status?: UserStatus };

export const page = <T extends z.ZodType>(item: T) =>
  z.strictObject({ total: z.number().int().min(0), offset: z.number().int().min(0), items: z.array(item) });
export interface Page<T> {
  total: number;
  offset: number;
  items: T[];
}

export const UserSummarySchema = z.strictObject({
  id: UserIdSchema,
  username: z.string(),
  displayName: z.string(),
  email: z.string(),
  enabled: z.boolean(),
  role: RoleSchema,
  /** Invited and not yet accepted: the account has no password, so nobody can sign in to it. */
  invited: z.boolean(),
  createdAt: z.string(),
  /** The last successful sign-in to the instance server, if any. */
  lastSignInAt: z.string().nullable(),
});
export type UserSummary = z.infer<typeof UserSummarySchema>;

/**
 * A resource's version: it changes with every write to the resource and never comes back, so a
 * writer that read version n can ask for its change to apply only if the resource is still at n
 * (the REST API's ETag and If-Match).
 */
export const VersionSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export type Version = z.infer<typeof VersionSchema>;

export const GROUP_DESCRIPTION_MAX = 500;

/** One line of plain text: what a list shows is what it holds (no line breaks or hidden characters). */
export const GroupDescriptionSchema = trimmed().pipe(
  honestName('The description').max(
    GROUP_DESCRIPTION_MAX,
    `Use at most ${GROUP_DESCRIPTION_MAX} characters.`,
  ),
);

export const GroupSummarySchema = z.strictObject({
  id: GroupIdSchema,
  name: z.string(),
  /** What the group is for; empty when nobody said. */
  description: z.string(),
  memberCount: z.number().int().min(0),
  version: VersionSchema,
});
export type GroupSummary = z.infer<typeof GroupSummarySchema>;

export const TokenInfoSchema = z.strictObject({
  createdAt: z.string(),
  accessExpiresAt: z.string(),
  refreshExpiresAt: z.string(),
});
export type TokenInfo = z.infer<typeof TokenInfoSchema>;

export const UserDetailSchema = UserSummarySchema.extend({
  version: VersionSchema,
  updatedAt: z.string(),
  /** Set by a password reset: until the user picks a new password, the server allows nothing else. */
  mustChangePassword: z.boolean(),
  /** Whether the user may change their own password (PUT /api/me/password). */
  mayResetOwnPassword: z.boolean(),
  groups: z.array(GroupSummarySchema),
  token: TokenInfoSchema.nullable(),
});
export type UserDetail = z.infer<typeof UserDetailSchema>;

/** The lockout of a user's sign-in to the instance server. */
export const AccessStatusSchema = z.strictObject({
  failedLogins: z.number().int().min(0),
  /** ISO 8601 UTC while locked, else null (an expired lock reads as null). */
  lockedUntil: z.string().nullable(),
});
export type AccessStatus = z.infer<typeof AccessStatusSchema>;

export const NewUserSchema = z.strictObject({
  username: UsernameSchema,
  password: PasswordSchema,
  displayName: DisplayNameSchema,
  email: EmailSchema,
  enabled: z.boolean().default(true),
  role: RoleSchema.default(DEFAULT_ROLE),
});
/** A new user as the directory takes it: the role may be left out (then User). */
export type NewUser = Omit<z.output<typeof NewUserSchema>, 'role'> & { role?: Role };

/** The username is absent on purpose: it cannot change once the user exists. */
export const UserChangesSchema = z.strictObject({
  password: PasswordSchema.optional(),
  displayName: DisplayNameSchema.optional(),
  email: EmailSchema.optional(),
  enabled: z.boolean().optional(),
  mayResetOwnPassword: z.boolean().optional(),
});
export type UserChanges = z.output<typeof UserChangesSchema>;

export const NewGroupSchema = z.strictObject({
  name: GroupNameSchema,
  description: GroupDescriptionSchema.optional(),
});
export type NewGroup = z.output<typeof NewGroupSchema>;
export const GroupChangesSchema = z.strictObject({
  name: GroupNameSchema.optional(),
  description: GroupDescriptionSchema.optional(),
});
export type GroupChanges = z.output<typeof GroupChangesSchema>;

/**
 * A key the caller makes up for one create (a UUID, say), so that sending the same create again,
 * after an answer was lost, answers the first result instead of creating twice. Long enough to be
 * unguessable: the server keeps the first answer sealed with it.
 */
export const IdempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{16,128}$/, 'Use 16 to 128 visible ASCII characters (a UUID, say).');

/** How a write may be made conditional: only if the resource is still at this version. */
export const WriteConditionSchema = z.strictObject({ ifVersion: VersionSchema.optional() });
export type WriteCondition = z.infer<typeof WriteConditionSchema>;
export const CreateOptionsSchema = z.strictObject({ idempotencyKey: IdempotencyKeySchema.optional() });
export type CreateOptions = z.infer<typeof CreateOptionsSchema>;

export const TokenPairSchema = z.strictObject({
  accessToken: z.string(),
  refreshToken: z.string(),
  createdAt: z.string(),
  accessExpiresAt: z.string(),
  refreshExpiresAt: z.string(),
});
export type TokenPair = z.infer<typeof TokenPairSchema>;

export const KeychainStatusSchema = z.discriminatedUnion('available', [
  z.strictObject({ available: z.literal(true), backend: z.string() }),
  z.strictObject({ available: z.literal(false), backend: z.string(), reason: z.string() }),
]);
export type KeychainStatus = z.infer<typeof KeychainStatusSchema>;

/** One sign-in session of a user on the instance server. */
export const SessionInfoSchema = z
  .strictObject({
    id: z.number().int().positive(),
    createdAt: z.string(),
    lastUsedAt: z.string(),
    /** The address the session was last used from, as the server saw it. */
    clientAddress: z.string(),
    /** When its refresh token runs out, unless it is used again. */
    expiresAt: z.string(),
  })
  .meta({ id: 'SessionInfo' });
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

/** A password reset: the administrator's own choice of temporary password, or none to have one made. */
export const PasswordResetSchema = z
  .strictObject({ password: PasswordSchema.optional() })
  .meta({ id: 'PasswordReset' });
export type PasswordReset = z.output<typeof PasswordResetSchema>;

export const PasswordResetResultSchema = z
  .strictObject({
    /** Shown once to the administrator; the user must replace it at their next sign-in. */
    temporaryPassword: z.string(),
    user: UserDetailSchema,
  })
  .meta({ id: 'PasswordResetResult' });
export type PasswordResetResult = z.infer<typeof PasswordResetResultSchema>;

export const INVITATION_HOURS_DEFAULT = 72;
export const INVITATION_HOURS_MAX = 24 * 30;

const invitationTerms = {
  expiresInHours: z.number().int().min(1).max(INVITATION_HOURS_MAX).default(INVITATION_HOURS_DEFAULT),
  /** Mail the link to the user's address too (only on a server with SMTP set up). */
  sendEmail: z.boolean().default(false),
};

/** A user invited to set their own password: everything a new user has but the password. */
export const NewInvitationSchema = z
  .strictObject({
    username: UsernameSchema,
    displayName: DisplayNameSchema,
    email: EmailSchema,
    role: RoleSchema.default(DEFAULT_ROLE),
    ...invitationTerms,
  })
  .meta({ id: 'NewInvitation' });
export type NewInvitation = z.output<typeof NewInvitationSchema>;

export const InvitationTermsSchema = z.strictObject(invitationTerms).meta({ id: 'InvitationTerms' });
export type InvitationTerms = z.output<typeof InvitationTermsSchema>;

export const InvitationSchema = z
  .strictObject({
    user: UserDetailSchema,
    /**
     * The one-time link to hand to the user. An instance server answers a full URL; a local
     * instance, which no server serves yet, answers the path to open on the server that will.
     */
    link: z.string(),
    expiresAt: z.string(),
    /** Whether the link was mailed; `emailError` says why not when mailing was asked for. */
    emailed: z.boolean(),
    emailError: z.string().nullable(),
  })
  .meta({ id: 'Invitation' });
export type Invitation = z.infer<typeof InvitationSchema>;
