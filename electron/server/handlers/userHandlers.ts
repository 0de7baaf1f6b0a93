import { userPageRequestOf } from '../../../shared/api/pageQuery';
import type { userEndpoints } from '../../../shared/api/users';
import type { HandlerDeps, HandlersOf } from './handler';

/** A new password ends the user's other sessions inside the directory's write (the caller's own goes on). */
export function userHandlers({ directory }: HandlerDeps): HandlersOf<typeof userEndpoints> {
  return {
    listUsers: ({ query }) => directory.searchUsers(userPageRequestOf(query)),
    createUser: ({ body, createOptions }) => directory.createUser(body, createOptions),
    nextUsername: async () => ({ username: await directory.nextUsername() }),
    deleteUsers: async ({ body }) => ({ deleted: await directory.deleteUsers(body.userIds) }),
    getUser: ({ params }) => directory.getUser(params.userId),
    updateUser: ({ params, body, condition }) => directory.updateUser(params.userId, body, condition),
    deleteUser: async ({ params, condition }) => {
      await directory.deleteUser(params.userId, condition);
    },
    enableUser: ({ params, condition }) => directory.setEnabled(params.userId, true, condition),
    disableUser: ({ params, condition }) => directory.setEnabled(params.userId, false, condition),
    setPassword: async ({ params, body, condition }) => {
      await directory.updateUser(params.userId, { password: body.password }, condition);
    },
    setUserGroups: ({ params, body, condition }) =>
      directory.setUserGroups(params.userId, body.groupIds, condition),
    getAccess: ({ params }) => directory.getAccess(params.userId),
    setRole: ({ params, body, condition }) => directory.setRole(params.userId, body.role, condition),
    unlock: ({ params }) => directory.unlock(params.userId),
    resetPassword: ({ params, body, condition }) => directory.resetPassword(params.userId, body, condition),
    inviteUser: ({ body, createOptions }) => directory.inviteUser(body, createOptions),
    resendInvitation: ({ params, body }) => directory.resendInvitation(params.userId, body),
    acceptInvitation: async ({ body }) => {
      await directory.acceptInvitation(body.token, body.password);
    },
    listSessions: ({ params }) => directory.listSessions(params.userId),
    endSessions: async ({ params }) => ({ ended: await directory.endSessions(params.userId) }),
  };
}
