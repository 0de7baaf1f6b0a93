import type { SettingsFile, SettingsKey } from './settingsSchema';

/** The part of `conf` (and of electron-store, which extends it) that Roster uses. */
export interface SettingsBackend {
  readonly path: string;
  get: (key: string) => unknown;
  set: (key: string, value: unknown) => void;
}

/** Typed access to the settings file; values were checked against the schema when it was opened. */
export interface SettingsStore {
  readonly path: string;
  get: <K extends SettingsKey>(key: K) => SettingsFile[K];
  set: <K extends SettingsKey>(key: K, value: NonNullable<SettingsFile[K]>) => void;
}

export const typedSettings = (backend: SettingsBackend): SettingsStore => ({
  path: backend.path,
  get: (key) => backend.get(key) as SettingsFile[typeof key],
  set: (key, value) => backend.set(key, value),
});
