import PersonOutlined from '@mui/icons-material/PersonOutlined';
import type { InstanceView } from '../../../shared/domain/instance';
import { EmptySection } from './EmptySection';

export function UsersTab({ instance }: { instance: InstanceView }) {
  return (
    <EmptySection icon={<PersonOutlined sx={{ fontSize: 48 }} />} title="No users to show yet">
      The users of {instance.name} will be listed here, with a filter over username, email and display name.
      User management arrives with the instance directory.
    </EmptySection>
  );
}
