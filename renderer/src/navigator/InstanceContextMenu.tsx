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
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import type { ReactNode } from 'react';
import type { InstanceView } from '../../../shared/domain/instance';
import { retryMayHelp } from '../common/remoteFailure';
import { menuPlacement, type MenuAnchor } from './menuAnchor';

export type InstanceCommand =
  | 'usersAndGroups'
  | 'instanceSettings'
  | 'auditLog'
  | 'connect'
  | 'disconnect'
  | 'editConnection'
  | 'refresh'
  | 'rename'
  | 'remove';

interface Props {
  instance: InstanceView;
  anchor: MenuAnchor;
  onCommand: (command: InstanceCommand) => void;
  onClose: () => void;
}

export function InstanceContextMenu({ instance, anchor, onCommand, onClose }: Props) {
  const isLocal = instance.kind === 'local';
  const { state } = instance;
  const item = (command: InstanceCommand, label: string, icon: ReactNode, disabled = false) => (
    <MenuItem
      disabled={disabled}
      onClick={() => {
        onClose();
        onCommand(command);
      }}
    >
      <ListItemIcon>{icon}</ListItemIcon>
      <ListItemText>{label}</ListItemText>
    </MenuItem>
  );
  return (
    <Menu
      open
      onClose={onClose}
      slotProps={{ list: { 'aria-label': `${instance.name} actions` } }}
      {...menuPlacement(anchor)}
    >
      {item('usersAndGroups', 'Users and Groups…', <ManageAccounts fontSize="small" />)}
      {item('instanceSettings', 'Instance settings…', <SettingsOutlined fontSize="small" />)}
      {item('auditLog', 'Audit log…', <HistoryOutlined fontSize="small" />)}
      <Divider />
      {/* A local instance has no connection to manage: it is always at hand. */}
      {!isLocal &&
        retryMayHelp(instance) &&
        item(
          'connect',
          state === 'error' ? 'Retry connection' : 'Connect',
          <Link fontSize="small" />,
          state === 'connected' || state === 'connecting',
        )}
      {!isLocal &&
        item(
          'disconnect',
          state === 'connecting' ? 'Stop connecting' : 'Disconnect',
          <LinkOff fontSize="small" />,
          state === 'offline',
        )}
      {item('refresh', 'Refresh', <Refresh fontSize="small" />)}
      {!isLocal && item('editConnection', 'Edit connection…', <EditOutlined fontSize="small" />)}
      {item('rename', 'Rename…', <DriveFileRenameOutline fontSize="small" />)}
      <Divider />
      {item('remove', 'Remove…', <DeleteOutlined fontSize="small" />)}
    </Menu>
  );
}
