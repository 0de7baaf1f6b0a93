import type { meEndpoints } from '../../../shared/api/me';
import { RosterError } from '../../../shared/contract/errors';
import { passwordProblem } from '../../../shared/domain/passwordPolicy';
import type { HandlerDeps, HandlersOf } from './handler';

export function meHandlers({ directory, signIn }: HandlerDeps): HandlersOf<typeof meEndpoints> {
  return {
    getOwnProfile: () => directory.getOwnProfile(),
    updateOwnProfile: ({ body, condition }) => directory.updateOwnProfile(body, condition),
    changeOwnPassword: async ({ body, principal, clientAddress }) => {
      // A new password the policy refuses is refused before the current one is checked: that check
      // counts a sign-in attempt, and a request refused for its input must write nothing. The
      // directory checks the policy again inside its write.
      const problem = passwordProblem(
        await directory.getPasswordPolicy(),
        body.newPassword,
        principal.username,
      );
      if (problem !== null) throw new RosterError('INVALID_INPUT', problem, 'newPassword');
      await signIn.confirmOwnPassword(principal, body.currentPassword, clientAddress);
      await directory.setOwnPassword(body.newPassword);
      // Whoever else was signed in with the old password is signed out; this session goes on.
      signIn.endOtherSessions(principal.userId, principal.sessionId);
    },
  };
}
