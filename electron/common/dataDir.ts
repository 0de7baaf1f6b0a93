import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Roster';

/** The same folder Electron's `app.getPath('userData')` gives, so both hosts share instances. */
export function defaultDataDir(platform = process.platform, env = process.env, home = os.homedir()): string {
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
}

/** How the audit log names changes made in the app: the operating-system account running it. */
export const localActor = (): string => `local:${os.userInfo().username}`;
