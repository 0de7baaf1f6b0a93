import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import type { ConnectionState, InstanceView } from '../../../shared/domain/instance';

const LABELS: Record<ConnectionState, string> = {
  connected: 'Connected',
  connecting: 'Connecting',
  offline: 'Offline',
  error: 'Error',
};

const COLORS: Record<ConnectionState, string> = {
  connected: 'success.main',
  connecting: 'warning.main',
  offline: 'text.disabled',
  error: 'error.main',
};

/** "Connected", "Offline" …; a local instance has no connection and is simply available. */
export const connectionStateLabel = (instance: Pick<InstanceView, 'kind' | 'state'>): string =>
  instance.kind === 'local' ? 'Available' : LABELS[instance.state];

export function ConnectionStateDot({ instance }: { instance: Pick<InstanceView, 'kind' | 'state'> }) {
  const label = connectionStateLabel(instance);
  if (instance.state === 'connecting')
    return <CircularProgress size={10} thickness={6} aria-label={label} sx={{ color: COLORS.connecting }} />;
  return (
    <Box
      component="span"
      role="img"
      aria-label={label}
      sx={{
        display: 'inline-block',
        width: 8,
        height: 8,
        borderRadius: '50%',
        bgcolor: COLORS[instance.state],
      }}
    />
  );
}
