import type { SvgIconComponent } from '@mui/icons-material';
import GroupsOutlined from '@mui/icons-material/GroupsOutlined';
import HistoryOutlined from '@mui/icons-material/HistoryOutlined';
import PersonOutlined from '@mui/icons-material/PersonOutlined';
import { useAuditLog } from '../audit/auditLogStore';
import { useInstances } from '../store/instancesStore';
import type { InstanceCounts } from './useInstanceCounts';

export interface SectionCommand {
  label: string;
  run: (instanceId: string) => void;
}

/** What an instance holds, as its node in the navigator expands into it. */
export interface InstanceSection {
  id: 'users' | 'groups' | 'auditLog';
  label: string;
  Icon: SvgIconComponent;
  /** The number shown after the label, when the section has one. */
  count?: (counts: InstanceCounts) => number;
  /** The node's context menu; the first is what activating the node (Enter, double-click) does. */
  commands: readonly [SectionCommand, ...SectionCommand[]];
}

const usersAndGroups = (section: 'users' | 'groups', add: boolean) => (instanceId: string) =>
  useInstances.getState().openUsersAndGroups(instanceId, { section, add });

export const instanceSections: readonly InstanceSection[] = [
  {
    id: 'users',
    label: 'Users',
    Icon: PersonOutlined,
    count: (counts) => counts.users,
    commands: [
      { label: 'Open Users', run: usersAndGroups('users', false) },
      { label: 'Add user…', run: usersAndGroups('users', true) },
    ],
  },
  {
    id: 'groups',
    label: 'Groups',
    Icon: GroupsOutlined,
    count: (counts) => counts.groups,
    commands: [
      { label: 'Open Groups', run: usersAndGroups('groups', false) },
      { label: 'Add group…', run: usersAndGroups('groups', true) },
    ],
  },
  {
    id: 'auditLog',
    label: 'Audit log',
    Icon: HistoryOutlined,
    commands: [{ label: 'Open audit log', run: (instanceId) => useAuditLog.getState().open(instanceId) }],
  },
];

/** A section's node id in the tree: its instance's id (a UUID, so without "/"), then the section. */
export const sectionItemId = (instanceId: string, section: InstanceSection) => `${instanceId}/${section.id}`;

/** The instance a node belongs to, whether the node is the instance or one of its sections. */
export const instanceOfItem = (itemId: string) => itemId.split('/')[0] ?? itemId;
