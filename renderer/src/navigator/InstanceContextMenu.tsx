import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import DriveFileRenameOutline from '@mui/icons-material/DriveFileRenameOutline';
import EditOutlined from '@mui/icons-material/EditOutlined';
import HistoryOutlined from '@mui/icons-material/HistoryOutlined';
import LinkOff from '@mui/icons-material/LinkOff';
import Link from '@mui/icons-material/Link';
import ManageAccounts from '@mui/icons-material/ManageAccounts';
import Refresh from '@mui/icons-material/Refresh';
import SettingsOutlined from '@mui/icons-material/SettingsOutlined';
import Divider from '@mui/material/Divider';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import type { ReactNode } from 'react';
import { shortcutOf } from '../../../shared/commands/accelerators';
import type { CommandId } from '../../../shared/commands/commands';
import type { InstanceView } from '../../../shared/domain/instance';
import { appliesTo } from '../commands/instanceTargets';
import { isMacPlatform } from '../commands/platform';
import { retryMayHelp } from '../common/remoteFailure';
import { menuPlacement, type MenuAnchor } from './menuAnchor';

/** The commands a node's menu offers: the Instance menu's, and Refresh. */
export type InstanceCommand = Extract<CommandId, `instance.${string}`> | 'view.reloadInstance';

interface Props {
  instance: InstanceView;
  anchor: MenuAnchor;
  onCommand: (command: InstanceCommand) => void;
  onClose: () => void;
}

export function InstanceContextMenu({ instance, anchor, onCommand, onClose }: Props) {
  const isLocal = instance.kind === 'local';
  const { state } = instance;
  const item = (command: InstanceCommand, label: string, icon: ReactNode, disabled = false) => {
    const shortcut = shortcutOf(command, isMacPlatform());
    return (
      <MenuItem
        disabled={disabled}
        aria-keyshortcuts={shortcut}
        onClick={() => {
          onClose();
          onCommand(command);
        }}
      >
        <ListItemIcon>{icon}</ListItemIcon>
        <ListItemText>{label}</ListItemText>
        {shortcut ? (
          <Typography variant="caption" aria-hidden sx={{ color: 'text.secondary', ml: 3 }}>
            {shortcut}
          </Typography>
        ) : null}
      </MenuItem>
    );
  };
  return (
    <Menu
      open
      onClose={onClose}
      slotProps={{ list: { 'aria-label': `${instance.name} actions` } }}
      {...menuPlacement(anchor)}
    >
      {item('instance.usersAndGroups', 'Users and Groups…', <ManageAccounts fontSize="small" />)}
      {item('instance.settings', 'Instance settings…', <SettingsOutlined fontSize="small" />)}
      {item('instance.auditLog', 'Audit log…', <HistoryOutlined fontSize="small" />)}
      <Divider />
      {/* A local instance has no connection to manage: it is always at hand. */}
      {!isLocal &&
        retryMayHelp(instance) &&
        item(
          'instance.connect',
          state === 'error' ? 'Retry connection' : 'Connect',
          <Link fontSize="small" />,
          !appliesTo('instance.connect', instance),
        )}
      {!isLocal &&
        item(
          'instance.disconnect',
          state === 'connecting' ? 'Stop connecting' : 'Disconnect',
          <LinkOff fontSize="small" />,
          !appliesTo('instance.disconnect', instance),
        )}
      {item('view.reloadInstance', 'Refresh', <Refresh fontSize="small" />)}
      {!isLocal && item('instance.editConnection', 'Edit connection…', <EditOutlined fontSize="small" />)}
      {item('instance.rename', 'Rename…', <DriveFileRenameOutline fontSize="small" />)}
      <Divider />
      {item('instance.remove', 'Remove…', <DeleteOutlined fontSize="small" />)}
    </Menu>
  );
}
