import { create } from 'zustand';
import type { AppInfo } from '../../../shared/domain/appInfo';
import {
  DEFAULT_PREFERENCES,
  type OptionalUserColumn,
  type Preferences,
  type ThemePreference,
} from '../../../shared/domain/preferences';
import { roster } from '../roster/roster';
import { useFeedback } from './feedbackStore';

interface AppState {
  info: AppInfo | undefined;
  preferences: Preferences;
  load: () => Promise<void>;
  setTheme: (theme: ThemePreference) => Promise<void>;
  setUserColumns: (columns: OptionalUserColumn[]) => Promise<void>;
}

export const useApp = create<AppState>()((set, get) => ({
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
    if (result.ok) set({ preferences: result.value });
    else useFeedback.getState().showError(result.error);
  },
  async setUserColumns(columns) {
    // Shown at once, so the list does not lag the menu's checkbox; put back if the main side refuses.
    const before = get().preferences;
    set({ preferences: { ...before, userColumns: columns } });
    const result = await roster().invoke('preferences.setUserColumns', { columns });
    if (result.ok) set({ preferences: result.value });
    else {
      set({ preferences: { ...get().preferences, userColumns: before.userColumns } });
      useFeedback.getState().showError(result.error);
    }
  },
}));
