import Box from '@mui/material/Box';
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
  return (
    <Box
      component="footer"
      role="status"
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
      {selected && (
        <Typography variant="caption" noWrap>
          {selected.name}: {connectionStateLabel(selected)}
        </Typography>
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
