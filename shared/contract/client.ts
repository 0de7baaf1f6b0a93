import type { Result } from './errors';
import type { EventName, EventPayload } from './events';
import type { ChannelName, InputOf, OutputOf } from './index';

/** The untyped shape a transport provides: Electron's preload, the browser host's HTTP bridge, or an in-memory pair. */
export interface RosterBridge {
  invoke: (channel: string, input: unknown) => Promise<unknown>;
  on: (event: string, listener: (payload: unknown) => void) => () => void;
}

/** The same bridge, typed from the contract. */
export interface RosterClient {
  invoke: <C extends ChannelName>(channel: C, input: InputOf<C>) => Promise<Result<OutputOf<C>>>;
  on: <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => () => void;
}

/**
 * The one place the bridge's `unknown`s are given their contract types: the main
 * side validated every input and built every output from the same schemas.
 */
export const typedClient = (bridge: RosterBridge): RosterClient => bridge as RosterClient;
