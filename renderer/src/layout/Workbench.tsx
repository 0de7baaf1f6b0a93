import Box from '@mui/material/Box';
import { AuditLogHost } from '../audit/AuditLogDialog';
import { ConfirmHost } from '../dialogs/ConfirmHost';
import { NavigatorPanel } from '../navigator/NavigatorPanel';
import { useInstances } from '../store/instancesStore';
import { UsersAndGroupsDialog } from '../usersAndGroups/UsersAndGroupsDialog';
import { WorkArea } from '../workarea/WorkArea';
import { FeedbackSnackbar } from './FeedbackSnackbar';
import { StatusBar } from './StatusBar';
import { TitleBar } from './TitleBar';

/** The IDE-style frame: title bar, navigator on the left, work area, status bar. */
export function Workbench() {
  const dialogInstance = useInstances((state) =>
    state.instances.find((instance) => instance.id === state.usersAndGroupsFor),
  );
  const closeUsersAndGroups = useInstances((state) => state.closeUsersAndGroups);
  const start = useInstances((state) => state.usersAndGroupsStart);
  return (
    <Box
      sx={{
        display: 'grid',
        gridTemplateRows: 'auto 1fr auto',
        height: '100vh',
        bgcolor: 'background.default',
      }}
    >
      <TitleBar />
      <Box sx={{ display: 'grid', gridTemplateColumns: '280px 1fr', minHeight: 0 }}>
        <Box sx={{ borderRight: 1, borderColor: 'divider', bgcolor: 'background.paper', minHeight: 0 }}>
          <NavigatorPanel />
        </Box>
        <WorkArea />
      </Box>
      <StatusBar />
      {dialogInstance && (
        <UsersAndGroupsDialog instance={dialogInstance} start={start} onClose={closeUsersAndGroups} />
      )}
      <AuditLogHost />
      <ConfirmHost />
      <FeedbackSnackbar />
    </Box>
  );
}
