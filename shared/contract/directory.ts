import { z } from 'zod';
import {
  AccessStatusSchema,
  BULK_MAX,
  GroupChangesSchema,
  GroupIdSchema,
  GroupSummarySchema,
  IdempotencyKeySchema,
  InvitationSchema,
  InvitationTermsSchema,
  NewInvitationSchema,
  PasswordResetResultSchema,
  PasswordResetSchema,
  SessionInfoSchema,
  KeychainStatusSchema,
  NewGroupSchema,
  NewUserSchema,
  page,
  PageRequestSchema,
  TokenPairSchema,
  UserChangesSchema,
  UserDetailSchema,
  UserIdSchema,
  UserSummarySchema,
  VersionSchema,
} from '../domain/directory';
import { ApiKeyIdSchema, ApiKeyInfoSchema, CreatedApiKeySchema, NewApiKeySchema } from '../domain/apiKeys';
import { BulkJobIdSchema, BulkRequestSchema, BulkStatusSchema } from '../domain/bulk';
import { InstanceIdSchema } from '../domain/instance';
import { InstanceOverviewSchema } from '../domain/overview';
import { UserPageRequestSchema } from '../domain/userListing';
import { PasswordPolicySchema } from '../domain/passwordPolicy';
import { RoleSchema } from '../domain/roles';
import { changing, changingAsJob, channel } from './channel';

/** A call about one instance: its id, then what the call takes. */
export const onInstance = <S extends z.ZodRawShape>(shape: S) =>
  z.strictObject({ instanceId: InstanceIdSchema, ...shape });
const userIds = z.array(UserIdSchema).min(1).max(BULK_MAX);
/** A write that applies only if the resource is still at the version the caller read (else STALE). */
const ifVersion = VersionSchema.optional();
/** The same key sent again (a Retry after a lost answer) answers the first result. */
const idempotencyKey = IdempotencyKeySchema.optional();

/** Users and groups of one instance, local or remote: the dialog needs nothing else. */
export const directoryChannels = {
  /**
   * Whether tokens can be kept here, the role the dialog acts with (what it may offer), and whether
   * the instance can mail invitation links.
   */
  'directory.status': channel(
    onInstance({}),
    z.strictObject({ keychain: KeychainStatusSchema, role: RoleSchema, invitationMail: z.boolean() }),
  ),

  /** The instance's figures (users by state, groups, administrators), read at one moment. */
  'directory.overview': channel(onInstance({}), InstanceOverviewSchema),

  'directory.users.search': channel(onInstance({ page: UserPageRequestSchema }), page(UserSummarySchema)),
  'directory.users.get': channel(onInstance({ userId: UserIdSchema }), UserDetailSchema),
  'directory.users.nextUsername': channel(onInstance({}), z.strictObject({ username: z.string() })),
  'directory.users.create': changing(onInstance({ user: NewUserSchema, idempotencyKey }), UserDetailSchema),
  'directory.users.update': changing(
    onInstance({ userId: UserIdSchema, changes: UserChangesSchema, ifVersion }),
    UserDetailSchema,
  ),
  'directory.users.setEnabled': changing(
    onInstance({ userId: UserIdSchema, enabled: z.boolean(), ifVersion }),
    UserDetailSchema,
  ),
  'directory.users.delete': changing(onInstance({ userIds }), z.strictObject({ deleted: z.number().int() })),
  'directory.users.setGroups': changing(
    onInstance({ userId: UserIdSchema, groupIds: z.array(GroupIdSchema).max(BULK_MAX), ifVersion }),
    UserDetailSchema,
  ),
  /** The user's failed sign-ins to the instance server, and a lock. */
  'directory.users.access': channel(onInstance({ userId: UserIdSchema }), AccessStatusSchema),
  /**
   * Refused (CONFLICT) when it would leave no enabled administrator, and (FORBIDDEN) a role the
   * caller may not give or a user the caller may not manage.
   */
  'directory.users.setRole': changing(
    onInstance({ userId: UserIdSchema, role: RoleSchema, ifVersion }),
    UserDetailSchema,
  ),
  /** Clears the failed sign-ins and the lock. */
  'directory.users.unlock': changing(onInstance({ userId: UserIdSchema }), AccessStatusSchema),
  /** A temporary password, shown once, that the user must change at their next sign-in. */
  'directory.users.resetPassword': changing(
    onInstance({ userId: UserIdSchema, reset: PasswordResetSchema, ifVersion }),
    PasswordResetResultSchema,
  ),
  'directory.users.invite': changing(
    onInstance({ invitation: NewInvitationSchema, idempotencyKey }),
    InvitationSchema,
  ),
  /** Replaces an Invited user's link; the old one stops working. */
  'directory.users.resendInvitation': changing(
    onInstance({ userId: UserIdSchema, terms: InvitationTermsSchema }),
    InvitationSchema,
  ),
  'directory.users.sessions': channel(onInstance({ userId: UserIdSchema }), z.array(SessionInfoSchema)),
  /** Sign out everywhere. */
  'directory.users.endSessions': channel(
    onInstance({ userId: UserIdSchema }),
    z.strictObject({ ended: z.number().int().min(0) }),
  ),

  'directory.settings.passwordPolicy': channel(onInstance({}), PasswordPolicySchema),
  /** Administrators only. */
  'directory.settings.setPasswordPolicy': channel(
    onInstance({ policy: PasswordPolicySchema }),
    PasswordPolicySchema,
  ),

  'directory.groups.search': channel(onInstance({ page: PageRequestSchema }), page(GroupSummarySchema)),
  'directory.groups.get': channel(onInstance({ groupId: GroupIdSchema }), GroupSummarySchema),
  'directory.groups.create': changing(
    onInstance({ group: NewGroupSchema, idempotencyKey }),
    GroupSummarySchema,
  ),
  /** Renames a group (names stay unique regardless of case) or changes its description. */
  'directory.groups.update': changing(
    onInstance({ groupId: GroupIdSchema, changes: GroupChangesSchema, ifVersion }),
    GroupSummarySchema,
  ),
  'directory.groups.delete': changing(onInstance({ groupId: GroupIdSchema, ifVersion }), z.null()),
  /** All or none; groups already gone are skipped. */
  'directory.groups.deleteMany': changing(
    onInstance({ groupIds: z.array(GroupIdSchema).min(1).max(BULK_MAX) }),
    z.strictObject({ deleted: z.number().int() }),
  ),
  'directory.groups.members': channel(
    onInstance({ groupId: GroupIdSchema, page: PageRequestSchema }),
    page(UserSummarySchema),
  ),
  'directory.groups.addMembers': changing(
    onInstance({ groupId: GroupIdSchema, userIds }),
    GroupSummarySchema,
  ),
  'directory.groups.removeMembers': changing(
    onInstance({ groupId: GroupIdSchema, userIds }),
    GroupSummarySchema,
  ),

  /** Returns the new pair once; afterwards it is read back from the OS keychain. */
  'directory.tokens.generate': channel(onInstance({ userId: UserIdSchema, idempotencyKey }), TokenPairSchema),
  'directory.tokens.read': channel(onInstance({ userId: UserIdSchema }), TokenPairSchema.nullable()),
  'directory.tokens.revoke': channel(onInstance({ userId: UserIdSchema }), z.null()),

  /** One action on many users; answers at once, then runs in chunks (see directory.bulk.status). */
  'directory.bulk.start': changingAsJob(onInstance({ request: BulkRequestSchema }), BulkStatusSchema),
  'directory.bulk.status': changingAsJob(onInstance({ jobId: BulkJobIdSchema }), BulkStatusSchema),
  'directory.bulk.cancel': changingAsJob(onInstance({ jobId: BulkJobIdSchema }), BulkStatusSchema),

  'directory.keys.list': channel(onInstance({ userId: UserIdSchema }), z.array(ApiKeyInfoSchema)),
  /** Returns the new key's value once; afterwards it is read back from this machine's OS keychain. */
  'directory.keys.create': channel(
    onInstance({ userId: UserIdSchema, key: NewApiKeySchema, idempotencyKey }),
    CreatedApiKeySchema,
  ),
  /** The key's value as this machine's keychain keeps it, or null where it was made elsewhere. */
  'directory.keys.read': channel(
    onInstance({ userId: UserIdSchema, keyId: ApiKeyIdSchema }),
    z.string().nullable(),
  ),
  'directory.keys.revoke': channel(onInstance({ userId: UserIdSchema, keyId: ApiKeyIdSchema }), z.null()),
} as const;
