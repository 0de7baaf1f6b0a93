import type { meEndpoints } from '../../../shared/api/me';
import { RosterError } from '../../../shared/contract/errors';
import { passwordProblem } from '../../../shared/domain/passwordPolicy';
import type { HandlerDeps, HandlersOf } from './handler';

export function meHandlers({ directory, signIn }: HandlerDeps): HandlersOf<typeof meEndpoints> {
  return {
    getOwnProfile: () => directory.getOwnProfile(),
    updateOwnProfile: ({ body, condition }) => directory.updateOwnProfile(body, condition),
    changeOwnPassword: async ({ body, principal, clientAddress }) => {
      // A change that is not allowed, or a new password the policy refuses, is refused before the
      // current password is checked: that check counts a sign-in attempt, and a refused request
      // must write nothing. The directory checks both again inside its write.
      const own = await directory.getOwnProfile();
      if (!own.mayResetOwnPassword && !own.mustChangePassword)
        throw new RosterError(
          'FORBIDDEN',
          `An administrator has not allowed ${own.username} to change their own password.`,
          'newPassword',
        );
      const problem = passwordProblem(
        await directory.getPasswordPolicy(),
        body.newPassword,
        principal.username,
      );
      if (problem !== null) throw new RosterError('INVALID_INPUT', problem, 'newPassword');
      await signIn.confirmOwnPassword(principal, body.currentPassword, clientAddress);
      // Whoever else was signed in with the old password is signed out, in the same write.
      await directory.setOwnPassword(body.newPassword);
    },
  };
}
