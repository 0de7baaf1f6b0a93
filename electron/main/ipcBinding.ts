import { ipcMain, webContents } from 'electron';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/contract/ipcChannels';
import type { RosterCore } from '../rpc/createRosterCore';
import { isTrustedSender } from '../rpc/trustedSender';

/**
 * Binds the dispatcher to Electron IPC. The sender is checked (our origin, top
 * frame) before the dispatcher sees the call; the dispatcher checks the rest.
 */
export function bindIpc(core: RosterCore, allowedOrigins: readonly string[]): () => void {
  ipcMain.handle(IPC_INVOKE, (event, channel: unknown, input: unknown) => {
    const frame = event.senderFrame;
    const sender = frame ? { url: frame.url, isMainFrame: frame === event.sender.mainFrame } : null;
    if (!isTrustedSender(sender, allowedOrigins)) {
      return {
        ok: false,
        error: { code: 'FORBIDDEN', message: 'Calls are accepted from the Roster window only.' },
      };
    }
    return core.dispatch(channel, input);
  });
  const unsubscribe = core.events.subscribe((name, payload) => {
    for (const contents of webContents.getAllWebContents()) {
      if (
        !contents.isDestroyed() &&
        isTrustedSender({ url: contents.getURL(), isMainFrame: true }, allowedOrigins)
      ) {
        contents.send(IPC_EVENT, name, payload);
      }
    }
  });
  return () => {
    ipcMain.removeHandler(IPC_INVOKE);
    unsubscribe();
  };
}
