import LockOutlined from '@mui/icons-material/LockOutlined';
import type { InstanceView } from '../../../shared/domain/instance';
import { ROLE_LABELS, type Role } from '../../../shared/domain/roles';
import { EmptySection } from '../usersAndGroups/EmptySection';

/** Why the log stays closed: only Administrators and Auditors read it. */
export function NotAllowed({ instance, role }: { instance: InstanceView; role: Role | undefined }) {
  const who = instance.connection
    ? `You are signed in to ${instance.name} as ${instance.connection.username}`
    : `Your role on ${instance.name} is`;
  return (
    <EmptySection icon={<LockOutlined sx={{ fontSize: 44 }} />} title="Not allowed">
      Only Administrators and Auditors can read the audit log.
      {role ? ` ${who}${instance.connection ? ' with the role' : ''} ${ROLE_LABELS[role]}.` : ''}
    </EmptySection>
  );
}
