import { existsSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { SettingsFileSchema } from './settingsSchema';
import { typedSettings, type SettingsBackend, type SettingsStore } from './settingsStore';

export const SETTINGS_NAME = 'settings';

export interface OpenedSettings {
  store: SettingsStore;
  /** What the user should be told, such as a damaged file that was set aside. */
  notices: string[];
}

/**
 * Opens the settings file in `dir` through `createBackend` (conf, or
 * electron-store in the desktop app). A file that is not valid JSON or does not
 * match the schema is renamed, never overwritten, and a fresh one is started.
 */
export function openSettings(
  dir: string,
  createBackend: (options: { cwd: string; configName: string }) => SettingsBackend,
  now: () => Date = () => new Date(),
): OpenedSettings {
  const file = path.join(dir, `${SETTINGS_NAME}.json`);
  const notices: string[] = [];
  const problem = existsSync(file) ? checkFile(file) : undefined;
  if (problem) {
    const stamp = now().toISOString().replace(/[:.]/g, '-');
    let aside = path.join(dir, `${SETTINGS_NAME}.damaged-${stamp}.json`);
    for (let n = 2; existsSync(aside); n++)
      aside = path.join(dir, `${SETTINGS_NAME}.damaged-${stamp}-${n}.json`);
    renameSync(file, aside);
    notices.push(
      `The settings file could not be read (${problem}). It was kept as ${aside} and default settings were used.`,
    );
  }
  const backend = createBackend({ cwd: dir, configName: SETTINGS_NAME });
  return { store: typedSettings(backend), notices };
}

function checkFile(file: string): string | undefined {
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return 'it is not valid JSON';
  }
  const parsed = SettingsFileSchema.safeParse(document);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  return `"${issue?.path.join('.') ?? ''}" is not valid`;
}
