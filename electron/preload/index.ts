import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/contract/ipcChannels';
import type { RosterBridge } from '../../shared/contract/client';

/** Two functions and nothing else; the main side validates whatever comes through them. */
const bridge: RosterBridge = {
  invoke: (channel, input) => ipcRenderer.invoke(IPC_INVOKE, channel, input),
  on: (event, listener) => {
    const forward = (_: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(IPC_EVENT, forward);
    return () => {
      ipcRenderer.off(IPC_EVENT, forward);
    };
  },
};

contextBridge.exposeInMainWorld('roster', bridge);
