import { RosterError } from '../../../../shared/contract/errors';
import { holds, type Role } from '../../../../shared/domain/roles';

/** Reading, exporting and verifying the log: Administrators and Auditors. */
export function assertMayReadAudit(role: Role): void {
  if (!holds(role, 'audit.read'))
    throw new RosterError('FORBIDDEN', 'Only an Administrator or an Auditor may read the audit log.');
}

/** Seeing the retention: those who read the log, and those who change the instance's settings. */
export function assertMaySeeAuditRetention(role: Role): void {
  if (!holds(role, 'audit.read') && !holds(role, 'instance.settings'))
    throw new RosterError(
      'FORBIDDEN',
      'Only an Administrator or an Auditor may see the audit log retention.',
    );
}

/** Changing the retention: Administrators. */
export function assertMaySetAuditRetention(role: Role): void {
  if (!holds(role, 'instance.settings'))
    throw new RosterError('FORBIDDEN', 'Only an Administrator may change the audit log retention.');
}
