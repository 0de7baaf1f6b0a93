import type { Handlers } from '../../../shared/contract/channel';
import type { preferencesChannels } from '../../../shared/contract/preferences';
import { commandIds, type CommandId } from '../../../shared/commands/commands';
import {
  DEFAULT_PREFERENCES,
  inColumnOrder,
  RECENT_COMMANDS_MAX,
  RECENT_INSTANCES_MAX,
  type Preferences,
} from '../../../shared/domain/preferences';
import type { EventBus } from '../../rpc/eventBus';
import type { SettingsStore } from '../../settings/settingsStore';

export function createPreferencesService(deps: {
  settings: SettingsStore;
  events: EventBus;
}): Handlers<typeof preferencesChannels> {
  const { settings, events } = deps;

  /** The ids among these of instances still in the navigator: a removed one is forgotten. */
  const listed = (ids: readonly string[]): string[] => {
    const known = new Set(settings.get('instances')?.map((instance) => instance.id));
    return ids.filter((id) => known.has(id));
  };

  /** The stored commands this version still has, in their order: a newer one's are left out. */
  const knownCommands = (ids: readonly string[]): CommandId[] =>
    ids.filter((id): id is CommandId => (commandIds as readonly string[]).includes(id));

  /** The stored preferences, each one missing from the file (an older file, say) at its default. */
  const current = (): Preferences => {
    const stored = settings.get('preferences');
    return {
      theme: stored?.theme ?? DEFAULT_PREFERENCES.theme,
      userColumns: inColumnOrder(stored?.userColumns ?? DEFAULT_PREFERENCES.userColumns),
      expandedInstances: listed(stored?.expandedInstances ?? DEFAULT_PREFERENCES.expandedInstances),
      recentCommands: knownCommands(stored?.recentCommands ?? DEFAULT_PREFERENCES.recentCommands).slice(
        0,
        RECENT_COMMANDS_MAX,
      ),
      recentInstances: listed(stored?.recentInstances ?? DEFAULT_PREFERENCES.recentInstances).slice(
        0,
        RECENT_INSTANCES_MAX,
      ),
    };
  };

  const change = (changes: Partial<Preferences>): Preferences => {
    const next = { ...current(), ...changes };
    // Spread over what is stored, so that a newer version's preferences in the same file survive.
    settings.set('preferences', { ...settings.get('preferences'), ...next });
    events.emit('preferences.changed', next);
    return next;
  };

  return {
    'preferences.get': current,
    'preferences.setTheme': ({ theme }) => change({ theme }),
    'preferences.setUserColumns': ({ columns }) => change({ userColumns: inColumnOrder(columns) }),
    'preferences.setExpandedInstances': ({ instanceIds }) =>
      change({ expandedInstances: listed(instanceIds) }),
    'preferences.noteCommandRun': ({ command }) =>
      change({
        recentCommands: [command, ...current().recentCommands.filter((id) => id !== command)].slice(
          0,
          RECENT_COMMANDS_MAX,
        ),
      }),
    'preferences.setRecentInstances': ({ instanceIds }) => change({ recentInstances: listed(instanceIds) }),
  };
}
