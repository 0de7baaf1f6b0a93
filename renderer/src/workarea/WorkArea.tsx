import EditOutlined from '@mui/icons-material/EditOutlined';
import HistoryOutlined from '@mui/icons-material/HistoryOutlined';
import Link from '@mui/icons-material/Link';
import LinkOff from '@mui/icons-material/LinkOff';
import ManageAccounts from '@mui/icons-material/ManageAccounts';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { InstanceView } from '../../../shared/domain/instance';
import { useAuditLog } from '../audit/auditLogStore';
import { retryMayHelp } from '../common/remoteFailure';
import { ConnectionStateDot, connectionStateLabel } from '../navigator/ConnectionStateDot';
import { useInstances } from '../store/instancesStore';

function Property({ name, children }: { name: string; children: string }) {
  return (
    <>
      <Typography component="dt" variant="body2" sx={{ color: 'text.secondary' }}>
        {name}
      </Typography>
      <Typography component="dd" variant="body2" sx={{ m: 0, overflowWrap: 'anywhere' }}>
        {children}
      </Typography>
    </>
  );
}

/**
 * Connect, Retry, Disconnect and Edit connection…, next to the remote instance they act on. Edit
 * connection… opens the navigator's dialog, as the node and the status bar do.
 */
function ConnectionActions({ instance }: { instance: InstanceView }) {
  const { connect, disconnect, openEditConnection } = useInstances();
  const { state } = instance;
  return (
    <>
      {state === 'connected' || state === 'connecting' ? (
        // Disconnect while connecting stops an attempt that would otherwise wait out its timeout.
        <Button startIcon={<LinkOff />} onClick={() => void disconnect(instance.id)}>
          {state === 'connecting' ? 'Stop connecting' : 'Disconnect'}
        </Button>
      ) : retryMayHelp(instance) ? (
        <Button startIcon={<Link />} onClick={() => void connect(instance.id)}>
          {state === 'error' ? 'Retry connection' : 'Connect'}
        </Button>
      ) : null}
      <Button startIcon={<EditOutlined />} onClick={() => openEditConnection(instance.id)}>
        Edit connection…
      </Button>
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
        <ConnectionStateDot instance={instance} />
        <Typography variant="body2" sx={{ color: 'text.secondary' }}>
          {instance.kind === 'local' ? 'Local instance' : 'Remote instance'} ·{' '}
          {connectionStateLabel(instance)}
        </Typography>
      </Box>
      <Box
        component="dl"
        sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5 }}
      >
        <Property name={instance.kind === 'local' ? 'Data file' : 'Address'}>{instance.location}</Property>
        {instance.connection ? <Property name="Signs in as">{instance.connection.username}</Property> : null}
        {instance.stateDetail ? <Property name="Status">{instance.stateDetail}</Property> : null}
      </Box>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, mt: 2 }}>
        <Button
          variant="contained"
          startIcon={<ManageAccounts />}
          onClick={() => openUsersAndGroups(instance.id)}
        >
          Users and Groups…
        </Button>
        <Button startIcon={<HistoryOutlined />} onClick={() => useAuditLog.getState().open(instance.id)}>
          Audit log…
        </Button>
        {instance.kind === 'remote' ? <ConnectionActions instance={instance} /> : null}
      </Box>
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
