import { create } from 'zustand';
import type { AppInfo } from '../../../shared/domain/appInfo';
import {
  DEFAULT_PREFERENCES,
  openedFirst,
  type OptionalUserColumn,
  type Preferences,
  type ThemePreference,
} from '../../../shared/domain/preferences';
import type { Result } from '../../../shared/contract/errors';
import { roster } from '../roster/roster';
import { useFeedback } from './feedbackStore';

interface AppState {
  info: AppInfo | undefined;
  preferences: Preferences;
  load: () => Promise<void>;
  setTheme: (theme: ThemePreference) => Promise<void>;
  setUserColumns: (columns: OptionalUserColumn[]) => Promise<void>;
  setExpandedInstances: (instanceIds: string[]) => Promise<void>;
  /** Puts the instance first among the recently opened ones. */
  rememberOpened: (instanceId: string) => Promise<void>;
}

export const useApp = create<AppState>()((set, get) => {
  /**
   * Shown at once, so that the screen does not lag the click (a menu's checkbox, a tree's chevron);
   * put back if the main side refuses.
   */
  const setAtOnce = async <K extends 'userColumns' | 'expandedInstances' | 'recentInstances'>(
    key: K,
    value: Preferences[K],
    send: () => Promise<Result<Preferences>>,
  ) => {
    const before = get().preferences[key];
    set({ preferences: { ...get().preferences, [key]: value } });
    const result = await send();
    // Only this preference: answers to concurrent changes may arrive in another order than the
    // events that announced them, and a whole older answer would undo a newer change of another.
    if (result.ok) set({ preferences: { ...get().preferences, [key]: result.value[key] } });
    else {
      set({ preferences: { ...get().preferences, [key]: before } });
      useFeedback.getState().showError(result.error);
    }
  };
  return {
    info: undefined,
    preferences: DEFAULT_PREFERENCES,
    async load() {
      const [info, preferences] = await Promise.all([
        roster().invoke('app.info', {}),
        roster().invoke('preferences.get', {}),
      ]);
      if (info.ok) {
        set({ info: info.value });
        for (const notice of info.value.notices) useFeedback.getState().show('warning', notice);
      } else useFeedback.getState().showError(info.error);
      if (preferences.ok) set({ preferences: preferences.value });
      else useFeedback.getState().showError(preferences.error);
      roster().on('preferences.changed', (next) => set({ preferences: next }));
    },
    async setTheme(theme) {
      const result = await roster().invoke('preferences.setTheme', { theme });
      if (result.ok) set({ preferences: { ...get().preferences, theme: result.value.theme } });
      else useFeedback.getState().showError(result.error);
    },
    setUserColumns: (columns) =>
      setAtOnce('userColumns', columns, () => roster().invoke('preferences.setUserColumns', { columns })),
    setExpandedInstances: (instanceIds) =>
      setAtOnce('expandedInstances', instanceIds, () =>
        roster().invoke('preferences.setExpandedInstances', { instanceIds }),
      ),
    async rememberOpened(instanceId) {
      const recent = get().preferences.recentInstances;
      if (recent[0] === instanceId) return;
      const instanceIds = openedFirst(recent, instanceId);
      await setAtOnce('recentInstances', instanceIds, () =>
        roster().invoke('preferences.setRecentInstances', { instanceIds }),
      );
    },
  };
});
