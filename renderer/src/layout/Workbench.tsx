import Box from '@mui/material/Box';
import { AuditLogHost } from '../audit/AuditLogDialog';
import { ConfirmHost } from '../dialogs/ConfirmHost';
import { CommandPaletteHost } from '../commands/CommandPalette';
import { useCommandKeys } from '../commands/useCommandKeys';
import { AboutDialog } from '../help/AboutDialog';
import { DocumentationDialog } from '../help/DocumentationDialog';
import { NavigatorPanel } from '../navigator/NavigatorPanel';
import { useApp } from '../store/appStore';
import { useInstances } from '../store/instancesStore';
import { useWorkbench } from '../store/workbenchStore';
import { UsersAndGroupsDialog } from '../usersAndGroups/UsersAndGroupsDialog';
import { WorkArea } from '../workarea/WorkArea';
import { FeedbackSnackbar } from './FeedbackSnackbar';
import { InstanceDialogs } from './InstanceDialogs';
import { StatusBar } from './StatusBar';
import { TitleBar } from './TitleBar';

/** The IDE-style frame: title bar, navigator on the left, work area, status bar. */
export function Workbench() {
  const dialogInstance = useInstances((state) =>
    state.instances.find((instance) => instance.id === state.usersAndGroupsFor),
  );
  const closeUsersAndGroups = useInstances((state) => state.closeUsersAndGroups);
  const start = useInstances((state) => state.usersAndGroupsStart);
  const navigatorHidden = useWorkbench((state) => state.navigatorHidden);
  useCommandKeys(useApp((state) => state.info?.host));
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
      <Box sx={{ display: 'grid', gridTemplateColumns: navigatorHidden ? '1fr' : '280px 1fr', minHeight: 0 }}>
        {/* Hidden, not removed: the tree keeps its focus, scroll and open menus for when it returns. */}
        <Box
          hidden={navigatorHidden}
          sx={{ borderRight: 1, borderColor: 'divider', bgcolor: 'background.paper', minHeight: 0 }}
        >
          <NavigatorPanel />
        </Box>
        <WorkArea />
      </Box>
      <StatusBar />
      {dialogInstance && (
        <UsersAndGroupsDialog instance={dialogInstance} start={start} onClose={closeUsersAndGroups} />
      )}
      <InstanceDialogs />
      <AuditLogHost />
      <CommandPaletteHost />
      <DocumentationDialog />
      <AboutDialog />
      <ConfirmHost />
      <FeedbackSnackbar />
    </Box>
  );
}
