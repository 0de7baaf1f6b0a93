import type { meEndpoints } from '../../../shared/api/me';
import type { HandlerDeps, HandlersOf } from './handler';

export function meHandlers({ directory, signIn }: HandlerDeps): HandlersOf<typeof meEndpoints> {
  return {
    getOwnProfile: () => directory.getOwnProfile(),
    updateOwnProfile: ({ body, condition }) => directory.updateOwnProfile(body, condition),
    changeOwnPassword: async ({ body, principal, clientAddress }) => {
      await signIn.confirmOwnPassword(principal, body.currentPassword, clientAddress);
      await directory.setOwnPassword(body.newPassword);
      // Whoever else was signed in with the old password is signed out; this session goes on.
      signIn.endOtherSessions(principal.userId, principal.sessionId);
    },
  };
}
