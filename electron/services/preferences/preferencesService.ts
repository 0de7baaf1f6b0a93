import type { Handlers } from '../../../shared/contract/channel';
import type { preferencesChannels } from '../../../shared/contract/preferences';
import { DEFAULT_PREFERENCES, type Preferences } from '../../../shared/domain/preferences';
import type { EventBus } from '../../rpc/eventBus';
import type { SettingsStore } from '../../settings/settingsStore';

export function createPreferencesService(deps: {
  settings: SettingsStore;
  events: EventBus;
}): Handlers<typeof preferencesChannels> {
  const { settings, events } = deps;
  const current = (): Preferences => settings.get('preferences') ?? DEFAULT_PREFERENCES;
  return {
    'preferences.get': current,
    'preferences.setTheme': ({ theme }) => {
      const next = { ...current(), theme };
      settings.set('preferences', next);
      events.emit('preferences.changed', next);
      return next;
    },
  };
}
