import { typedClient, type RosterBridge, type RosterClient } from '../../../shared/contract/client';
import { createHttpBridge } from './httpBridge';
import { takeHostToken } from './hostToken';

declare global {
  interface Window {
    /** Set by the Electron preload; absent when the browser host serves the page. */
    roster?: RosterBridge;
  }
}

let client: RosterClient | undefined;

/** Finds the bridge this page was given; undefined when the browser host's token is missing. */
export function connectRoster(): RosterClient | undefined {
  const token = window.roster
    ? undefined
    : takeHostToken(window.location, window.sessionStorage, window.history);
  const bridge = window.roster ?? (token ? createHttpBridge(token) : undefined);
  client = bridge && typedClient(bridge);
  return client;
}

/** The client for stores and components; the app renders only after `connectRoster` succeeded. */
export function roster(): RosterClient {
  if (!client) throw new Error('Roster is not connected to its main side.');
  return client;
}
