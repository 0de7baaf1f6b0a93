import Add from '@mui/icons-material/Add';
import Refresh from '@mui/icons-material/Refresh';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { InstanceView } from '../../../shared/domain/instance';
import { useAuditLog } from '../audit/auditLogStore';
import { AddLocalInstanceDialog } from '../dialogs/AddLocalInstanceDialog';
import { ConfirmDialog } from '../dialogs/ConfirmDialog';
import { RemoteInstanceDialog } from '../dialogs/RemoteInstanceDialog';
import { RenameInstanceDialog } from '../dialogs/RenameInstanceDialog';
import { InstanceSettingsDialog } from '../instanceSettings/InstanceSettingsDialog';
import { useInstances } from '../store/instancesStore';
import type { InstanceCommand } from './InstanceContextMenu';
import { InstanceTree } from './InstanceTree';

export function NavigatorPanel() {
  const {
    instances,
    loaded,
    selectedId,
    select,
    load,
    openUsersAndGroups,
    editConnectionFor,
    openEditConnection,
    closeEditConnection,
    remove,
    connect,
    disconnect,
  } = useInstances();
  const [renaming, setRenaming] = useState<InstanceView>();
  const [removing, setRemoving] = useState<InstanceView>();
  const [addMenu, setAddMenu] = useState<HTMLElement>();
  const [adding, setAdding] = useState<'create' | 'open' | 'remote'>();
  const [settingsFor, setSettingsFor] = useState<string>();
  const settingsOf = instances.find((instance) => instance.id === settingsFor);
  const editing = instances.find((instance) => instance.id === editConnectionFor);

  const onCommand = (instance: InstanceView, command: InstanceCommand) => {
    if (command === 'usersAndGroups') openUsersAndGroups(instance.id);
    else if (command === 'instanceSettings') setSettingsFor(instance.id);
    else if (command === 'auditLog') useAuditLog.getState().open(instance.id);
    else if (command === 'connect') void connect(instance.id);
    else if (command === 'disconnect') void disconnect(instance.id);
    else if (command === 'editConnection') openEditConnection(instance.id);
    else if (command === 'refresh') void load();
    else if (command === 'rename') setRenaming(instance);
    else setRemoving(instance);
  };
  const addItem = (mode: 'create' | 'open' | 'remote', label: string) => (
    <MenuItem
      onClick={() => {
        setAddMenu(undefined);
        setAdding(mode);
      }}
    >
      {label}
    </MenuItem>
  );

  return (
    <Box
      component="nav"
      aria-label="Navigator"
      sx={{ display: 'flex', flexDirection: 'column', height: '100%' }}
    >
      <Box sx={{ display: 'flex', alignItems: 'center', pl: 1.5, pr: 0.5, minHeight: 36 }}>
        <Typography
          variant="overline"
          component="h2"
          sx={{ flex: 1, color: 'text.secondary', fontWeight: 700, lineHeight: 1 }}
        >
          Instances
        </Typography>
        <Tooltip title="Add an instance">
          <IconButton
            aria-label="Add an instance"
            aria-haspopup="menu"
            onClick={(event) => setAddMenu(event.currentTarget)}
          >
            <Add fontSize="small" />
          </IconButton>
        </Tooltip>
        <Menu anchorEl={addMenu} open={addMenu !== undefined} onClose={() => setAddMenu(undefined)}>
          {addItem('remote', 'Add remote instance…')}
          {addItem('create', 'New local instance…')}
          {addItem('open', 'Open instance file…')}
        </Menu>
        <Tooltip title="Refresh the navigator">
          <IconButton aria-label="Refresh the navigator" onClick={() => void load()}>
            <Refresh fontSize="small" />
          </IconButton>
        </Tooltip>
      </Box>
      <Box sx={{ flex: 1, overflow: 'auto' }}>
        {loaded && instances.length === 0 ? (
          <Typography variant="body2" sx={{ px: 2, py: 1, color: 'text.secondary' }}>
            No instances in the navigator.
          </Typography>
        ) : (
          <InstanceTree
            instances={instances}
            selectedId={selectedId}
            onSelect={select}
            onCommand={onCommand}
          />
        )}
      </Box>
      {adding === 'remote' && <RemoteInstanceDialog onClose={() => setAdding(undefined)} />}
      {(adding === 'create' || adding === 'open') && (
        <AddLocalInstanceDialog mode={adding} onClose={() => setAdding(undefined)} />
      )}
      {editing && <RemoteInstanceDialog instance={editing} onClose={closeEditConnection} />}
      {settingsOf && (
        <InstanceSettingsDialog instance={settingsOf} onClose={() => setSettingsFor(undefined)} />
      )}
      {renaming && <RenameInstanceDialog instance={renaming} onClose={() => setRenaming(undefined)} />}
      {removing && (
        <ConfirmDialog
          title={`Remove ${removing.name}?`}
          confirmLabel="Remove"
          destructive
          onCancel={() => setRemoving(undefined)}
          onConfirm={() => {
            setRemoving(undefined);
            void remove(removing.id);
          }}
        >
          {removing.kind === 'local'
            ? `"${removing.name}" will no longer be listed in the navigator. Its data file stays on disk at ${removing.location}.`
            : `"${removing.name}" will no longer be listed in the navigator. Roster signs out of ${removing.location} and removes the saved password and session from the OS keychain; the server and its users are not touched.`}
        </ConfirmDialog>
      )}
    </Box>
  );
}
