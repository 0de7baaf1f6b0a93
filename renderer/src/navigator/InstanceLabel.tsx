import CloudOutlined from '@mui/icons-material/CloudOutlined';
import ComputerOutlined from '@mui/icons-material/ComputerOutlined';
import Box from '@mui/material/Box';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { InstanceView } from '../../../shared/domain/instance';
import { ConnectionStateDot, connectionStateLabel } from './ConnectionStateDot';

export function InstanceLabel({ instance }: { instance: InstanceView }) {
  const Icon = instance.kind === 'local' ? ComputerOutlined : CloudOutlined;
  const state = connectionStateLabel(instance.state);
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, py: 0.25, minWidth: 0 }}>
      <Icon fontSize="small" sx={{ color: 'text.secondary' }} aria-hidden />
      <Typography variant="body2" noWrap sx={{ flex: 1, minWidth: 0 }}>
        {instance.name}
      </Typography>
      <Typography variant="caption" sx={{ color: 'text.secondary' }}>
        {instance.kind === 'local' ? 'local' : 'remote'}
      </Typography>
      <Tooltip title={instance.stateDetail ? `${state}: ${instance.stateDetail}` : state}>
        <span>
          <ConnectionStateDot state={instance.state} />
        </span>
      </Tooltip>
    </Box>
  );
}
