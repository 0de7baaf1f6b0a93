import GroupsOutlined from '@mui/icons-material/GroupsOutlined';
import type { InstanceView } from '../../../shared/domain/instance';
import { EmptySection } from './EmptySection';

export function GroupsTab({ instance }: { instance: InstanceView }) {
  return (
    <EmptySection icon={<GroupsOutlined sx={{ fontSize: 48 }} />} title="No groups to show yet">
      The groups of {instance.name} and their members will be listed here. Group management arrives with the
      instance directory.
    </EmptySection>
  );
}
