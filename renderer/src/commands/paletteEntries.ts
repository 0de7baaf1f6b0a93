import { matchSorter } from 'match-sorter';
import { shortcutOf } from '../../../shared/commands/accelerators';
import {
  commandIds,
  commandOf,
  MENU_LABELS,
  offeredOn,
  type CommandId,
} from '../../../shared/commands/commands';
import type { HostKind } from '../../../shared/domain/appInfo';
import type { InstanceView } from '../../../shared/domain/instance';
import { targetsOf } from './instanceTargets';

export interface PaletteEntry {
  /** Unique among the entries: a command's or an instance's id. */
  key: string;
  title: string;
  /** The menu it lives in, or where an instance is. */
  detail: string;
  shortcut?: string;
  recent?: boolean;
}

/**
 * The commands the palette offers for a typed text, best match first (a fuzzy match: "uag" finds
 * Users and Groups…) and, among the matches, the recently run ones before the rest. With nothing
 * typed: the recent ones, then every other in menu order.
 */
export function commandEntries(
  query: string,
  { host, recent, mac }: { host: HostKind; recent: readonly CommandId[]; mac: boolean },
): PaletteEntry[] {
  const offered = commandIds.filter((id) => !commandOf(id).paletteHidden && offeredOn(id, host));
  const entries = offered.map((id): PaletteEntry => {
    const command = commandOf(id);
    return {
      key: id,
      title: command.paletteLabel ?? command.label,
      detail: MENU_LABELS[command.menu],
      shortcut: shortcutOf(id, mac),
      recent: recent.includes(id),
    };
  });
  const rank = (entry: PaletteEntry) => {
    const index = recent.indexOf(entry.key as CommandId);
    return index === -1 ? recent.length : index;
  };
  const matches = query.trim() ? matchSorter(entries, query.trim(), { keys: ['title', 'detail'] }) : entries;
  // Stable: matches keep their order of merit within the recent ones and within the others.
  return [...matches].sort((a, b) => rank(a) - rank(b));
}

/** The instances a chosen command can act on, the selected one first, narrowed by the text typed. */
export function instanceEntries(
  query: string,
  command: CommandId,
  instances: readonly InstanceView[],
  selectedId: string | undefined,
): PaletteEntry[] {
  const entries = targetsOf(command, instances, selectedId).map((instance): PaletteEntry => ({
    key: instance.id,
    title: instance.name,
    detail: `${instance.kind === 'local' ? 'Local' : 'Remote'} · ${instance.location}`,
  }));
  return query.trim() ? matchSorter(entries, query.trim(), { keys: ['title', 'detail'] }) : entries;
}
