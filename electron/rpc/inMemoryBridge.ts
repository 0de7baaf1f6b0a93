import type { RosterBridge } from '../../shared/contract/client';
import type { RosterCore } from './createRosterCore';

/**
 * A transport with no wire: the main side's own calls (the application menu)
 * and the unit tests use it. Values are cloned as IPC would clone them.
 */
export function createInMemoryBridge(core: RosterCore): RosterBridge {
  return {
    // async, so that a value IPC could not carry rejects the call rather than throwing at the caller.
    invoke: async (channel, input) => core.dispatch(channel, structuredClone(input)),
    on: (event, listener) =>
      core.events.subscribe((name, payload) => {
        if (name === event) listener(structuredClone(payload));
      }),
  };
}
