import HistoryOutlined from '@mui/icons-material/HistoryOutlined';
import ManageAccounts from '@mui/icons-material/ManageAccounts';
import PersonAddOutlined from '@mui/icons-material/PersonAddOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import type { RosterErrorData } from '../../../shared/contract/errors';
import type { InstanceView } from '../../../shared/domain/instance';
import { useAuditLog } from '../audit/auditLogStore';
import { ConnectionStateDot, connectionStateLabel } from '../navigator/ConnectionStateDot';
import { roster } from '../roster/roster';
import { useInstances } from '../store/instancesStore';
import { ConnectionActions, ConnectionDetails } from './ConnectionDetails';
import { LastChanges } from './LastChanges';
import { OverviewFigures } from './OverviewFigures';
import { useInstanceRead, type InstanceRead } from '../common/useInstanceRead';

/** How many of the newest audit entries the work area shows. */
const LAST_CHANGES = 8;

const readOverview = (instanceId: string) => roster().invoke('directory.overview', { instanceId });
const readLastChanges = (instanceId: string) =>
  roster().invoke('directory.audit.page', { instanceId, request: { limit: LAST_CHANGES } });

function Section({ title, action, children }: { title: string; action?: ReactNode; children: ReactNode }) {
  const id = `work-area-${title.toLowerCase().replaceAll(' ', '-')}`;
  return (
    <Paper component="section" aria-labelledby={id} variant="outlined" sx={{ p: 2, minWidth: 0 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', mb: 1, gap: 1 }}>
        <Typography id={id} variant="subtitle1" component="h2" sx={{ fontWeight: 600 }}>
          {title}
        </Typography>
        {action}
      </Box>
      {children}
    </Paper>
  );
}

/** Loading, not connected and failed, each said in words; `ready` draws the answer. */
function ReadState<T>({
  read,
  what,
  forbidden,
  ready,
}: {
  read: InstanceRead<T> & { retry: () => void };
  what: string;
  forbidden?: string;
  ready: (value: T) => ReactNode;
}) {
  if (read.status === 'ready') return ready(read.value);
  if (read.status === 'loading')
    return (
      <Box role="status" sx={{ display: 'flex', alignItems: 'center', gap: 1, color: 'text.secondary' }}>
        <CircularProgress size={16} aria-hidden />
        <Typography variant="body2">Reading {what}…</Typography>
      </Box>
    );
  if (read.status === 'unreachable')
    return (
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        Not connected. Connect to see {what}.
      </Typography>
    );
  return <ReadFailure error={read.error} what={what} forbidden={forbidden} retry={read.retry} />;
}

function ReadFailure(props: {
  error: RosterErrorData;
  what: string;
  forbidden?: string | undefined;
  retry: () => void;
}) {
  const { error, what, forbidden, retry } = props;
  if (error.code === 'FORBIDDEN' && forbidden)
    return (
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        {forbidden}
      </Typography>
    );
  return (
    <Alert
      severity="error"
      action={
        <Button color="inherit" size="small" onClick={retry}>
          Retry
        </Button>
      }
    >
      Could not read {what}: {error.message}
    </Alert>
  );
}

/** An instance at a glance: its figures, its last changes, its connection, and the common commands. */
export function InstanceOverviewPanel({ instance }: { instance: InstanceView }) {
  const openUsersAndGroups = useInstances((state) => state.openUsersAndGroups);
  const overview = useInstanceRead(instance, readOverview);
  const changes = useInstanceRead(instance, readLastChanges);
  const openAuditLog = () => useAuditLog.getState().open(instance.id);

  return (
    <Box sx={{ display: 'grid', gap: 2, maxWidth: 960 }}>
      <Box>
        <Typography variant="h5" component="h1" sx={{ mb: 0.5 }}>
          {instance.name}
        </Typography>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
          <ConnectionStateDot instance={instance} />
          <Typography variant="body2" sx={{ color: 'text.secondary' }}>
            {instance.kind === 'local' ? 'Local instance' : 'Remote instance'} ·{' '}
            {connectionStateLabel(instance)}
          </Typography>
        </Box>
      </Box>
      <Box role="toolbar" aria-label="Commands" sx={{ display: 'flex', flexWrap: 'wrap', gap: 1 }}>
        <Button
          variant="contained"
          startIcon={<ManageAccounts />}
          onClick={() => openUsersAndGroups(instance.id)}
        >
          Users and Groups…
        </Button>
        <Button
          startIcon={<PersonAddOutlined />}
          onClick={() => openUsersAndGroups(instance.id, { section: 'users', add: true })}
        >
          Add user…
        </Button>
        <Button startIcon={<HistoryOutlined />} onClick={openAuditLog}>
          Audit log…
        </Button>
        {instance.kind === 'remote' ? <ConnectionActions instance={instance} /> : null}
      </Box>
      <Section title="Overview">
        <ReadState
          read={overview}
          what="the figures"
          ready={(value) => <OverviewFigures overview={value} />}
        />
      </Section>
      <Box
        sx={{
          display: 'grid',
          gap: 2,
          gridTemplateColumns: { xs: '1fr', md: 'minmax(0, 3fr) minmax(0, 2fr)' },
        }}
      >
        <Section
          title="Last changes"
          action={
            <Button size="small" onClick={openAuditLog}>
              Open audit log…
            </Button>
          }
        >
          <ReadState
            read={changes}
            what="the last changes"
            forbidden="Only an Administrator or an Auditor may read the audit log."
            ready={(page) => <LastChanges entries={page.entries} />}
          />
        </Section>
        <Section title="Connection">
          <ConnectionDetails instance={instance} />
        </Section>
      </Box>
    </Box>
  );
}
