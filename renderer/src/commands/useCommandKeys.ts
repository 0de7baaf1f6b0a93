import { useEffect } from 'react';
import { matchesAccelerator } from '../../../shared/commands/accelerators';
import { commandIds, commandOf, offeredOn, type CommandId } from '../../../shared/commands/commands';
import type { HostKind } from '../../../shared/domain/appInfo';
import { roster } from '../roster/roster';
import { trackFocus } from './editCommands';
import { isMacPlatform } from './platform';
import { runCommand } from './runCommand';

/**
 * The shortcuts the page binds in the browser host. The browser already does the clipboard, undo,
 * zoom and Select All in text; the lists take Ctrl/Cmd+A themselves.
 */
const pageBound = (host: HostKind): { id: CommandId; accelerator: string }[] =>
  commandIds.flatMap((id) => {
    const { accelerator, role } = commandOf(id);
    return accelerator !== undefined && role === undefined && id !== 'edit.selectAll' && offeredOn(id, host)
      ? [{ id, accelerator }]
      : [];
  });

/**
 * Runs the commands chosen outside the page: the native menu's, in Electron, which also owns their
 * accelerators there; and in the browser host, the commands' shortcuts.
 */
export function useCommandKeys(host: HostKind | undefined): void {
  useEffect(() => {
    const stopTracking = trackFocus();
    const stopListening = roster().on('commands.invoked', ({ command }) => runCommand(command));
    if (host !== 'browser')
      return () => {
        stopTracking();
        stopListening();
      };
    const bound = pageBound(host);
    const mac = isMacPlatform();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat) return;
      const command = bound.find(({ accelerator }) => matchesAccelerator(event, accelerator, mac));
      if (!command) return;
      event.preventDefault();
      runCommand(command.id);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => {
      stopTracking();
      stopListening();
      window.removeEventListener('keydown', onKeyDown);
    };
  }, [host]);
}
