import { commandOf, themeOfCommand, type CommandId } from '../../../shared/commands/commands';
import type { InstanceView } from '../../../shared/domain/instance';
import { useAuditLog } from '../audit/auditLogStore';
import { roster } from '../roster/roster';
import { useApp } from '../store/appStore';
import { useFeedback } from '../store/feedbackStore';
import { useInstances } from '../store/instancesStore';
import { useWorkbench } from '../store/workbenchStore';
import { editText, pasteText, selectAll, zoom } from './editCommands';
import { targetsOf } from './instanceTargets';
import { reloadInstance } from './reloadInstance';

function runOnInstance(command: CommandId, instance: InstanceView): void {
  const instances = useInstances.getState();
  const workbench = useWorkbench.getState();
  instances.select(instance.id);
  switch (command) {
    case 'instance.usersAndGroups':
      return instances.openUsersAndGroups(instance.id);
    case 'instance.auditLog':
      return useAuditLog.getState().open(instance.id);
    case 'instance.settings':
      return workbench.set({ settingsFor: instance.id });
    case 'instance.connect':
      return void instances.connect(instance.id);
    case 'instance.disconnect':
      return void instances.disconnect(instance.id);
    case 'instance.editConnection':
      return instances.openEditConnection(instance.id);
    case 'instance.rename':
      return workbench.set({ renaming: instance.id });
    case 'instance.remove':
      return workbench.set({ removing: instance.id });
    case 'view.reloadInstance':
      return void reloadInstance(instance);
  }
}

function runOnApp(command: CommandId): void {
  const workbench = useWorkbench.getState();
  const theme = themeOfCommand(command);
  if (theme) return void useApp.getState().setTheme(theme);
  switch (command) {
    case 'file.newLocalInstance':
      return workbench.set({ adding: 'create' });
    case 'file.openInstanceFile':
      return workbench.set({ adding: 'open' });
    case 'file.addRemoteInstance':
      return workbench.set({ adding: 'remote' });
    case 'edit.undo':
      return editText('undo');
    case 'edit.redo':
      return editText('redo');
    case 'edit.cut':
      return editText('cut');
    case 'edit.copy':
      return editText('copy');
    case 'edit.paste':
      return void pasteText();
    case 'edit.selectAll':
      return selectAll();
    case 'view.commandPalette':
      return workbench.set({ palette: { step: 'command' } });
    case 'view.toggleNavigator':
      return workbench.set({ navigatorHidden: !workbench.navigatorHidden });
    case 'view.zoomIn':
      return zoom('in');
    case 'view.zoomOut':
      return zoom('out');
    case 'view.resetZoom':
      return zoom('reset');
    case 'help.documentation':
      return workbench.set({ documentation: true });
    case 'help.about':
      return workbench.set({ about: true });
    case 'help.openLogsFolder':
      return void openLogsFolder();
  }
}

async function openLogsFolder(): Promise<void> {
  const result = await roster().invoke('app.openLogsFolder', {});
  if (!result.ok) return useFeedback.getState().showError(result.error);
  // The browser host's page may be on another machine than its logs: it says where they are.
  if (!result.value.opened)
    useFeedback.getState().show('info', `Roster's logs are in ${result.value.folder}`);
}

/**
 * Runs a command from any of its places: the menus, the palette, a shortcut. One that acts on an
 * instance acts on the given one, else on the selected one if it applies there, else asks which.
 */
export function runCommand(command: CommandId, instanceId?: string): void {
  // The palette lists the latest commands first, whichever way they were run.
  const noteRun = () => void roster().invoke('preferences.noteCommandRun', { command });
  if (commandOf(command).instance === undefined) {
    runOnApp(command);
    if (!commandOf(command).paletteHidden) noteRun();
    return;
  }
  const { instances, selectedId } = useInstances.getState();
  const wanted = instanceId ?? selectedId;
  const targets = targetsOf(command, instances, wanted);
  const chosen = targets.find((instance) => instance.id === wanted);
  if (chosen) {
    runOnInstance(command, chosen);
    noteRun();
  } else if (targets.length > 0) useWorkbench.getState().set({ palette: { step: 'instance', command } });
  else
    useFeedback
      .getState()
      .show('info', `No instance in the navigator can take "${commandOf(command).label}" now.`);
}
