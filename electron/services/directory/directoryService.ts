import type { Handlers } from '../../../shared/contract/channel';
import type { directoryChannels } from '../../../shared/contract/directory';
import type { DirectoryRegistry } from './directoryRegistry';

/** The dialog's channels: each names an instance, and the registry finds its directory. */
export function createDirectoryService(registry: DirectoryRegistry): Handlers<typeof directoryChannels> {
  const on = (instanceId: string) => registry.get(instanceId);
  return {
    'directory.status': async ({ instanceId }) => ({ keychain: await on(instanceId).keychainStatus() }),

    'directory.users.search': ({ instanceId, page }) => on(instanceId).searchUsers(page),
    'directory.users.get': ({ instanceId, userId }) => on(instanceId).getUser(userId),
    'directory.users.nextUsername': async ({ instanceId }) => ({
      username: await on(instanceId).nextUsername(),
    }),
    'directory.users.create': ({ instanceId, user }) => on(instanceId).createUser(user),
    'directory.users.update': ({ instanceId, userId, changes }) => on(instanceId).updateUser(userId, changes),
    'directory.users.setEnabled': ({ instanceId, userId, enabled }) =>
      on(instanceId).setEnabled(userId, enabled),
    'directory.users.delete': async ({ instanceId, userIds }) => ({
      deleted: await on(instanceId).deleteUsers(userIds),
    }),
    'directory.users.setGroups': ({ instanceId, userId, groupIds }) =>
      on(instanceId).setUserGroups(userId, groupIds),

    'directory.groups.search': ({ instanceId, page }) => on(instanceId).searchGroups(page),
    'directory.groups.create': ({ instanceId, group }) => on(instanceId).createGroup(group.name),
    'directory.groups.delete': async ({ instanceId, groupId }) => {
      await on(instanceId).deleteGroup(groupId);
      return null;
    },
    'directory.groups.members': ({ instanceId, groupId, page }) => on(instanceId).groupMembers(groupId, page),
    'directory.groups.addMembers': ({ instanceId, groupId, userIds }) =>
      on(instanceId).addMembers(groupId, userIds),
    'directory.groups.removeMembers': ({ instanceId, groupId, userIds }) =>
      on(instanceId).removeMembers(groupId, userIds),

    'directory.tokens.generate': ({ instanceId, userId }) => on(instanceId).generateToken(userId),
    'directory.tokens.read': ({ instanceId, userId }) => on(instanceId).readToken(userId),
    'directory.tokens.revoke': async ({ instanceId, userId }) => {
      await on(instanceId).revokeToken(userId);
      return null;
    },
  };
}
