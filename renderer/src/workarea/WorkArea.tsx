import Box from '@mui/material/Box';
import { useInstances } from '../store/instancesStore';
import { InstanceOverviewPanel } from './InstanceOverviewPanel';
import { RecentInstances } from './RecentInstances';

/** The selected instance's overview, or, with none selected, the instances opened lately. */
export function WorkArea() {
  const instance = useInstances((state) =>
    state.instances.find((candidate) => candidate.id === state.selectedId),
  );
  return (
    <Box component="main" aria-label="Work area" sx={{ p: 3, overflow: 'auto', height: '100%' }}>
      {instance ? <InstanceOverviewPanel key={instance.id} instance={instance} /> : <RecentInstances />}
    </Box>
  );
}
