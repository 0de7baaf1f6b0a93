/** The two Electron IPC channel names the preload uses; every call and event is multiplexed over them. */
export const IPC_INVOKE = 'roster:invoke';
export const IPC_EVENT = 'roster:event';
