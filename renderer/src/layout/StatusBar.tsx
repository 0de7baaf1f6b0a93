import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { mendingButton } from '../common/remoteFailure';
import { connectionStateLabel } from '../navigator/ConnectionStateDot';
import { useApp } from '../store/appStore';
import { useInstances } from '../store/instancesStore';

/** Items that keep their width: only the selected instance's status gives way. */
const KEPT_WHOLE = { flexShrink: 0 } as const;

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
        // A grid row of the window: without this, a long status would widen the window's grid.
        minWidth: 0,
        bgcolor: 'primary.main',
        color: 'primary.contrastText',
        '& > *': { fontSize: 12 },
      }}
    >
      <Typography variant="caption" noWrap sx={KEPT_WHOLE}>
        {info?.host === 'browser' ? 'Browser host' : 'Desktop'}
      </Typography>
      <Typography variant="caption" noWrap sx={KEPT_WHOLE}>
        {count} instance{count === 1 ? '' : 's'}
      </Typography>
      {/* A live region of its own: a footer may not take the status role. The one item that gives
          way when a long reason does not fit: it is cut short, and whole in its tooltip. */}
      <Typography
        role="status"
        variant="caption"
        noWrap
        sx={{ minWidth: 0, flexShrink: 1 }}
        title={failed?.stateDetail}
      >
        {selected ? `${selected.name}: ${connectionStateLabel(selected)}` : null}
        {failed?.stateDetail ? ` — ${failed.stateDetail}` : null}
      </Typography>
      {failed && (
        <Button
          size="small"
          color="inherit"
          aria-label={mendingButton(failed).name}
          onClick={() => openEditConnection(failed.id)}
          sx={{ ...KEPT_WHOLE, py: 0, minHeight: 0, fontSize: 12, textTransform: 'none' }}
        >
          {mendingButton(failed).label}
        </Button>
      )}
      <Box sx={{ flex: 1 }} />
      {info && (
        <Typography variant="caption" noWrap title={info.dataDir} sx={KEPT_WHOLE}>
          {info.name} {info.version}
        </Typography>
      )}
    </Box>
  );
}
