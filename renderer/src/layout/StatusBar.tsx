import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { connectionStateLabel } from '../navigator/ConnectionStateDot';
import { useApp } from '../store/appStore';
import { useInstances } from '../store/instancesStore';

export function StatusBar() {
  const info = useApp((state) => state.info);
  const count = useInstances((state) => state.instances.length);
  const selected = useInstances((state) =>
    state.instances.find((instance) => instance.id === state.selectedId),
  );
  const openEditConnection = useInstances((state) => state.openEditConnection);
  // Why a remote instance failed, and the way to mend it, where the eye ends up after an action.
  const failed = selected?.kind === 'remote' && selected.state === 'error' ? selected : undefined;
  return (
    <Box
      component="footer"
      aria-label="Status bar"
      sx={{
        display: 'flex',
        alignItems: 'center',
        gap: 2,
        px: 1.5,
        height: 24,
        bgcolor: 'primary.main',
        color: 'primary.contrastText',
        '& > *': { fontSize: 12 },
      }}
    >
      <Typography variant="caption">{info?.host === 'browser' ? 'Browser host' : 'Desktop'}</Typography>
      <Typography variant="caption">
        {count} instance{count === 1 ? '' : 's'}
      </Typography>
      {/* A live region of its own: a footer may not take the status role. */}
      <Typography role="status" variant="caption" noWrap sx={{ minWidth: 0 }} title={failed?.stateDetail}>
        {selected ? `${selected.name}: ${connectionStateLabel(selected)}` : null}
        {failed?.stateDetail ? ` — ${failed.stateDetail}` : null}
      </Typography>
      {failed && (
        <Button
          size="small"
          color="inherit"
          aria-label={`Edit connection of ${failed.name}`}
          onClick={() => openEditConnection(failed.id)}
          sx={{ py: 0, minHeight: 0, fontSize: 12, textTransform: 'none', flexShrink: 0 }}
        >
          Edit connection…
        </Button>
      )}
      <Box sx={{ flex: 1 }} />
      {info && (
        <Typography variant="caption" noWrap title={info.dataDir}>
          {info.name} {info.version}
        </Typography>
      )}
    </Box>
  );
}
