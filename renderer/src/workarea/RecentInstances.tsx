import Box from '@mui/material/Box';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import type { InstanceView } from '../../../shared/domain/instance';
import { ConnectionStateDot, connectionStateLabel } from '../navigator/ConnectionStateDot';
import { useApp } from '../store/appStore';
import { useInstances } from '../store/instancesStore';

/**
 * With no instance selected: the instances opened lately, the most recent first, as the preference
 * keeps them across restarts. A click (or Enter) selects one; a double-click opens its Users and Groups.
 */
export function RecentInstances() {
  const recentIds = useApp((state) => state.preferences.recentInstances);
  const instances = useInstances((state) => state.instances);
  const { select, openUsersAndGroups } = useInstances();
  const recent = recentIds
    .map((id) => instances.find((instance) => instance.id === id))
    .filter((instance): instance is InstanceView => instance !== undefined);

  return (
    <Box sx={{ maxWidth: 640 }}>
      <Typography variant="h5" component="h1" sx={{ mb: 1 }}>
        Recent instances
      </Typography>
      {recent.length === 0 ? (
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          None yet. Select an instance in the navigator, or right-click it for its commands.
        </Typography>
      ) : (
        <>
          <Typography variant="body2" sx={{ color: 'text.secondary', mb: 1 }}>
            Select one to see its overview, or an instance in the navigator.
          </Typography>
          <List
            aria-label="Recent instances"
            disablePadding
            sx={{ border: 1, borderColor: 'divider', borderRadius: 1 }}
          >
            {recent.map((instance) => (
              <ListItem key={instance.id} disablePadding>
                <ListItemButton
                  onClick={() => select(instance.id)}
                  onDoubleClick={() => openUsersAndGroups(instance.id)}
                >
                  {/* The state is said in words below: the dot is only for the eye. */}
                  <Box aria-hidden sx={{ mr: 1.5, display: 'flex' }}>
                    <ConnectionStateDot instance={instance} />
                  </Box>
                  <ListItemText
                    primary={instance.name}
                    secondary={`${instance.kind === 'local' ? 'Local' : 'Remote'} · ${connectionStateLabel(instance)} · ${instance.location}`}
                    slotProps={{ secondary: { sx: { overflowWrap: 'anywhere' } } }}
                  />
                </ListItemButton>
              </ListItem>
            ))}
          </List>
        </>
      )}
    </Box>
  );
}
