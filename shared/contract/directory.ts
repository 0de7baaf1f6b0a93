import { z } from 'zod';
import {
  AccessStatusSchema,
  BULK_MAX,
  GroupIdSchema,
  GroupSummarySchema,
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
} from '../domain/directory';
import { InstanceIdSchema } from '../domain/instance';
import { channel } from './channel';

const onInstance = <S extends z.ZodRawShape>(shape: S) =>
  z.strictObject({ instanceId: InstanceIdSchema, ...shape });
const userIds = z.array(UserIdSchema).min(1).max(BULK_MAX);

/** Users and groups of one instance, local or remote: the dialog needs nothing else. */
export const directoryChannels = {
  'directory.status': channel(onInstance({}), z.strictObject({ keychain: KeychainStatusSchema })),

  'directory.users.search': channel(onInstance({ page: PageRequestSchema }), page(UserSummarySchema)),
  'directory.users.get': channel(onInstance({ userId: UserIdSchema }), UserDetailSchema),
  'directory.users.nextUsername': channel(onInstance({}), z.strictObject({ username: z.string() })),
  'directory.users.create': channel(onInstance({ user: NewUserSchema }), UserDetailSchema),
  'directory.users.update': channel(
    onInstance({ userId: UserIdSchema, changes: UserChangesSchema }),
    UserDetailSchema,
  ),
  'directory.users.setEnabled': channel(
    onInstance({ userId: UserIdSchema, enabled: z.boolean() }),
    UserDetailSchema,
  ),
  'directory.users.delete': channel(onInstance({ userIds }), z.strictObject({ deleted: z.number().int() })),
  'directory.users.setGroups': channel(
    onInstance({ userId: UserIdSchema, groupIds: z.array(GroupIdSchema).max(BULK_MAX) }),
    UserDetailSchema,
  ),
  /** How the user signs in to the instance server: administrator or not, failed sign-ins, a lock. */
  'directory.users.access': channel(onInstance({ userId: UserIdSchema }), AccessStatusSchema),
  /** Refused (CONFLICT) when it would leave no enabled administrator. */
  'directory.users.setAdmin': channel(
    onInstance({ userId: UserIdSchema, admin: z.boolean() }),
    AccessStatusSchema,
  ),
  /** Clears the failed sign-ins and the lock. */
  'directory.users.unlock': channel(onInstance({ userId: UserIdSchema }), AccessStatusSchema),

  'directory.groups.search': channel(onInstance({ page: PageRequestSchema }), page(GroupSummarySchema)),
  'directory.groups.create': channel(onInstance({ group: NewGroupSchema }), GroupSummarySchema),
  'directory.groups.delete': channel(onInstance({ groupId: GroupIdSchema }), z.null()),
  'directory.groups.members': channel(
    onInstance({ groupId: GroupIdSchema, page: PageRequestSchema }),
    page(UserSummarySchema),
  ),
  'directory.groups.addMembers': channel(onInstance({ groupId: GroupIdSchema, userIds }), GroupSummarySchema),
  'directory.groups.removeMembers': channel(
    onInstance({ groupId: GroupIdSchema, userIds }),
    GroupSummarySchema,
  ),

  /** Returns the new pair once; afterwards it is read back from the OS keychain. */
  'directory.tokens.generate': channel(onInstance({ userId: UserIdSchema }), TokenPairSchema),
  'directory.tokens.read': channel(onInstance({ userId: UserIdSchema }), TokenPairSchema.nullable()),
  'directory.tokens.revoke': channel(onInstance({ userId: UserIdSchema }), z.null()),
} as const;
