import ManageAccounts from '@mui/icons-material/ManageAccounts';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { InstanceView } from '../../../shared/domain/instance';
import { ConnectionStateDot, connectionStateLabel } from '../navigator/ConnectionStateDot';
import { useInstances } from '../store/instancesStore';

function Property({ name, children }: { name: string; children: string }) {
  return (
    <>
      <Typography component="dt" variant="body2" sx={{ color: 'text.secondary' }}>
        {name}
      </Typography>
      <Typography component="dd" variant="body2" sx={{ m: 0, wordBreak: 'break-all' }}>
        {children}
      </Typography>
    </>
  );
}

function InstanceSummary({ instance }: { instance: InstanceView }) {
  const openUsersAndGroups = useInstances((state) => state.openUsersAndGroups);
  return (
    <Paper variant="outlined" sx={{ p: 2.5, maxWidth: 640 }}>
      <Typography variant="h6" component="h1" sx={{ mb: 0.5 }}>
        {instance.name}
      </Typography>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 2 }}>
        <ConnectionStateDot state={instance.state} />
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          {instance.kind === 'local' ? 'Local instance' : 'Remote instance'} ·{' '}
          {connectionStateLabel(instance.state)}
        </Typography>
      </Box>
      <Box
        component="dl"
        sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5 }}
      >
        <Property name={instance.kind === 'local' ? 'Data file' : 'Address'}>{instance.location}</Property>
        {instance.stateDetail ? <Property name="Status">{instance.stateDetail}</Property> : null}
      </Box>
      <Button
        sx={{ mt: 2 }}
        variant="contained"
        startIcon={<ManageAccounts />}
        onClick={() => openUsersAndGroups(instance.id)}
      >
        Users and Groups…
      </Button>
    </Paper>
  );
}

export function WorkArea() {
  const instance = useInstances((state) =>
    state.instances.find((candidate) => candidate.id === state.selectedId),
  );
  return (
    <Box component="main" sx={{ p: 3, overflow: 'auto', height: '100%' }}>
      {instance ? (
        <InstanceSummary instance={instance} />
      ) : (
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          Select an instance in the navigator, or right-click it for its commands.
        </Typography>
      )}
    </Box>
  );
}
