import Add from '@mui/icons-material/Add';
import Refresh from '@mui/icons-material/Refresh';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { runCommand } from '../commands/runCommand';
import { useInstances } from '../store/instancesStore';
import { useWorkbench, type AddInstanceMode } from '../store/workbenchStore';
import { InstanceTree } from './InstanceTree';

export function NavigatorPanel() {
  const { instances, loaded, selectedId, select, load } = useInstances();
  const set = useWorkbench((state) => state.set);
  const [addMenu, setAddMenu] = useState<HTMLElement>();

  const addItem = (mode: AddInstanceMode, label: string) => (
    <MenuItem
      onClick={() => {
        setAddMenu(undefined);
        set({ adding: mode });
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
            onCommand={(instance, command) => runCommand(command, instance.id)}
          />
        )}
      </Box>
    </Box>
  );
}
