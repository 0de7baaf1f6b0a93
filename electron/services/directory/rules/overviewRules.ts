import { RosterError } from '../../../../shared/contract/errors';
import { holds, type Role } from '../../../../shared/domain/roles';

/** The instance's figures: whoever may list its users (Administrators, User managers, Auditors). */
export function assertMayReadOverview(role: Role): void {
  if (!holds(role, 'directory.read'))
    throw new RosterError(
      'FORBIDDEN',
      "Only an Administrator, a User manager or an Auditor may see the instance's figures.",
    );
}
