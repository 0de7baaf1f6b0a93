import { userPageRequestOf } from '../../../shared/api/pageQuery';
import type { userEndpoints } from '../../../shared/api/users';
import type { Principal } from '../../services/signIn/signInService';
import type { HandlerDeps, HandlersOf } from './handler';

export function userHandlers({ directory, signIn }: HandlerDeps): HandlersOf<typeof userEndpoints> {
  /** A new password ends the user's other sessions (the caller's own, if it is the user, goes on). */
  const passwordChanged = (principal: Principal, userId: number) =>
    signIn.endOtherSessions(userId, principal.userId === userId ? principal.sessionId : null);

  return {
    listUsers: ({ query }) => directory.searchUsers(userPageRequestOf(query)),
    createUser: ({ body, createOptions }) => directory.createUser(body, createOptions),
    nextUsername: async () => ({ username: await directory.nextUsername() }),
    deleteUsers: async ({ body }) => ({ deleted: await directory.deleteUsers(body.userIds) }),
    getUser: ({ params }) => directory.getUser(params.userId),
    updateUser: async ({ params, body, condition, principal }) => {
      const updated = await directory.updateUser(params.userId, body, condition);
      if (body.password !== undefined) passwordChanged(principal, params.userId);
      return updated;
    },
    deleteUser: async ({ params, condition }) => {
      await directory.deleteUser(params.userId, condition);
    },
    enableUser: ({ params, condition }) => directory.setEnabled(params.userId, true, condition),
    disableUser: ({ params, condition }) => directory.setEnabled(params.userId, false, condition),
    setPassword: async ({ params, body, condition, principal }) => {
      await directory.updateUser(params.userId, { password: body.password }, condition);
      passwordChanged(principal, params.userId);
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
