import Box from '@mui/material/Box';
import type { ConnectionState } from '../../../shared/domain/instance';

const LABELS: Record<ConnectionState, string> = {
  online: 'Online',
  connecting: 'Connecting',
  offline: 'Offline',
  error: 'Error',
};

const COLORS: Record<ConnectionState, string> = {
  online: 'success.main',
  connecting: 'warning.main',
  offline: 'text.disabled',
  error: 'error.main',
};

export const connectionStateLabel = (state: ConnectionState): string => LABELS[state];

export function ConnectionStateDot({ state }: { state: ConnectionState }) {
  return (
    <Box
      component="span"
      role="img"
      aria-label={LABELS[state]}
      sx={{ display: 'inline-block', width: 8, height: 8, borderRadius: '50%', bgcolor: COLORS[state] }}
    />
  );
}
