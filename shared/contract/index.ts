import { appChannels } from './app';
import { auditChannels } from './audit';
import { directoryChannels } from './directory';
import type { ChannelInput, ChannelOutput } from './channel';
import { instancesChannels } from './instances';
import { preferencesChannels } from './preferences';
import { exportChannels } from './userExport';
import { importChannels } from './userImport';

/** Every channel between the renderer and the main side. Adding a group means adding it here. */
export const contract = {
  ...appChannels,
  ...instancesChannels,
  ...preferencesChannels,
  ...directoryChannels,
  ...exportChannels,
  ...importChannels,
  ...auditChannels,
} as const;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type InputOf<C extends ChannelName> = ChannelInput<Contract[C]>;
export type OutputOf<C extends ChannelName> = ChannelOutput<Contract[C]>;

export const channelNames = Object.keys(contract) as ChannelName[];
