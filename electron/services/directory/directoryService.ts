import type { Handlers } from '../../../shared/contract/channel';
import type { directoryChannels } from '../../../shared/contract/directory';
import type { DirectoryRegistry } from './directoryRegistry';

/** The dialog's channels: each names an instance, and the registry finds its directory. */
export function createDirectoryService(registry: DirectoryRegistry): Handlers<typeof directoryChannels> {
  const on = (instanceId: string) => registry.get(instanceId);
  const when = (ifVersion: number | undefined) => (ifVersion === undefined ? {} : { ifVersion });
  const keyed = (idempotencyKey: string | undefined) =>
    idempotencyKey === undefined ? {} : { idempotencyKey };
  return {
    'directory.status': async ({ instanceId }) => {
      const directory = await on(instanceId);
      const [keychain, role, invitationMail] = await Promise.all([
        directory.keychainStatus(),
        directory.callerRole(),
        directory.mailsInvitations(),
      ]);
      return { keychain, role, invitationMail };
    },

    'directory.overview': async ({ instanceId }) => (await on(instanceId)).overview(),
    'directory.users.search': async ({ instanceId, page }) => (await on(instanceId)).searchUsers(page),
    'directory.users.get': async ({ instanceId, userId }) => (await on(instanceId)).getUser(userId),
    'directory.users.nextUsername': async ({ instanceId }) => ({
      username: await (await on(instanceId)).nextUsername(),
    }),
    'directory.users.create': async ({ instanceId, user, idempotencyKey }) =>
      (await on(instanceId)).createUser(user, keyed(idempotencyKey)),
    'directory.users.update': async ({ instanceId, userId, changes, ifVersion }) =>
      (await on(instanceId)).updateUser(userId, changes, when(ifVersion)),
    'directory.users.setEnabled': async ({ instanceId, userId, enabled, ifVersion }) =>
      (await on(instanceId)).setEnabled(userId, enabled, when(ifVersion)),
    'directory.users.delete': async ({ instanceId, userIds }) => ({
      deleted: await (await on(instanceId)).deleteUsers(userIds),
    }),
    'directory.users.setGroups': async ({ instanceId, userId, groupIds, ifVersion }) =>
      (await on(instanceId)).setUserGroups(userId, groupIds, when(ifVersion)),
    'directory.users.access': async ({ instanceId, userId }) => (await on(instanceId)).getAccess(userId),
    'directory.users.setRole': async ({ instanceId, userId, role, ifVersion }) =>
      (await on(instanceId)).setRole(userId, role, when(ifVersion)),
    'directory.users.unlock': async ({ instanceId, userId }) => (await on(instanceId)).unlock(userId),
    'directory.users.resetPassword': async ({ instanceId, userId, reset, ifVersion }) =>
      (await on(instanceId)).resetPassword(userId, reset, when(ifVersion)),
    'directory.users.invite': async ({ instanceId, invitation, idempotencyKey }) =>
      (await on(instanceId)).inviteUser(invitation, keyed(idempotencyKey)),
    'directory.users.resendInvitation': async ({ instanceId, userId, terms }) =>
      (await on(instanceId)).resendInvitation(userId, terms),
    'directory.users.sessions': async ({ instanceId, userId }) => (await on(instanceId)).listSessions(userId),
    'directory.users.endSessions': async ({ instanceId, userId }) => ({
      ended: await (await on(instanceId)).endSessions(userId),
    }),

    'directory.settings.passwordPolicy': async ({ instanceId }) => (await on(instanceId)).getPasswordPolicy(),
    'directory.settings.setPasswordPolicy': async ({ instanceId, policy }) =>
      (await on(instanceId)).setPasswordPolicy(policy),

    'directory.groups.search': async ({ instanceId, page }) => (await on(instanceId)).searchGroups(page),
    'directory.groups.get': async ({ instanceId, groupId }) => (await on(instanceId)).getGroup(groupId),
    'directory.groups.create': async ({ instanceId, group, idempotencyKey }) =>
      (await on(instanceId)).createGroup(group.name, keyed(idempotencyKey), group.description),
    'directory.groups.update': async ({ instanceId, groupId, changes, ifVersion }) =>
      (await on(instanceId)).updateGroup(groupId, changes, when(ifVersion)),
    'directory.groups.delete': async ({ instanceId, groupId, ifVersion }) => {
      await (await on(instanceId)).deleteGroup(groupId, when(ifVersion));
      return null;
    },
    'directory.groups.deleteMany': async ({ instanceId, groupIds }) => ({
      deleted: await (await on(instanceId)).deleteGroups(groupIds),
    }),
    'directory.groups.members': async ({ instanceId, groupId, page }) =>
      (await on(instanceId)).groupMembers(groupId, page),
    'directory.groups.addMembers': async ({ instanceId, groupId, userIds }) =>
      (await on(instanceId)).addMembers(groupId, userIds),
    'directory.groups.removeMembers': async ({ instanceId, groupId, userIds }) =>
      (await on(instanceId)).removeMembers(groupId, userIds),

    'directory.tokens.generate': async ({ instanceId, userId, idempotencyKey }) =>
      (await on(instanceId)).generateToken(userId, keyed(idempotencyKey)),
    'directory.tokens.read': async ({ instanceId, userId }) => (await on(instanceId)).readToken(userId),
    'directory.tokens.revoke': async ({ instanceId, userId }) => {
      await (await on(instanceId)).revokeToken(userId);
      return null;
    },

    'directory.bulk.start': async ({ instanceId, request }) => (await on(instanceId)).startBulk(request),
    'directory.bulk.status': async ({ instanceId, jobId }) => (await on(instanceId)).bulkStatus(jobId),
    'directory.bulk.cancel': async ({ instanceId, jobId }) => (await on(instanceId)).cancelBulk(jobId),

    'directory.keys.list': async ({ instanceId, userId }) => (await on(instanceId)).listApiKeys(userId),
    'directory.keys.create': async ({ instanceId, userId, key, idempotencyKey }) =>
      (await on(instanceId)).createApiKey(userId, key, keyed(idempotencyKey)),
    'directory.keys.read': async ({ instanceId, userId, keyId }) =>
      (await on(instanceId)).readApiKey(userId, keyId),
    'directory.keys.revoke': async ({ instanceId, userId, keyId }) => {
      await (await on(instanceId)).revokeApiKey(userId, keyId);
      return null;
    },
  };
}
