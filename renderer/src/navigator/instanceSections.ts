import type { SvgIconComponent } from '@mui/icons-material';
import GroupsOutlined from '@mui/icons-material/GroupsOutlined';
import HistoryOutlined from '@mui/icons-material/HistoryOutlined';
import PersonOutlined from '@mui/icons-material/PersonOutlined';
import { holds, type Permission, type Role } from '../../../shared/domain/roles';
import { useAuditLog } from '../audit/auditLogStore';
import { useInstances } from '../store/instancesStore';
import type { InstanceCounts } from './useInstanceCounts';

export interface SectionCommand {
  label: string;
  run: (instanceId: string) => void;
  /** What the caller's role must allow for the command to be offered; the dialog would offer no less. */
  needs?: Permission;
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
      { label: 'Add user…', run: usersAndGroups('users', true), needs: 'directory.write' },
    ],
  },
  {
    id: 'groups',
    label: 'Groups',
    Icon: GroupsOutlined,
    count: (counts) => counts.groups,
    commands: [
      { label: 'Open Groups', run: usersAndGroups('groups', false) },
      { label: 'Add group…', run: usersAndGroups('groups', true), needs: 'directory.write' },
    ],
  },
  {
    id: 'auditLog',
    label: 'Audit log',
    Icon: HistoryOutlined,
    commands: [{ label: 'Open audit log', run: (instanceId) => useAuditLog.getState().open(instanceId) }],
  },
];

/**
 * The section with only the commands the caller's role allows: an Auditor is not offered Add user…,
 * as the dialog offers it no Add user. Every command while the role is not known yet.
 */
export function sectionFor(section: InstanceSection, role: Role | undefined): InstanceSection {
  if (role === undefined) return section;
  const [open, ...others] = section.commands;
  return {
    ...section,
    commands: [open, ...others.filter((command) => !command.needs || holds(role, command.needs))],
  };
}

/** A section's node id in the tree: its instance's id (a UUID, so without "/"), then the section. */
export const sectionItemId = (instanceId: string, section: InstanceSection) => `${instanceId}/${section.id}`;

/** The instance a node belongs to, whether the node is the instance or one of its sections. */
export const instanceOfItem = (itemId: string) => itemId.split('/')[0] ?? itemId;
