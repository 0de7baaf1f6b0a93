import { mkdirSync } from 'node:fs';
import type { appChannels } from '../../../shared/contract/app';
import type { Handlers } from '../../../shared/contract/channel';
import type { AppInfo } from '../../../shared/domain/appInfo';
import type { Logger } from '../../common/logger';

/** Shows a folder in the file manager; resolves with why not, or '' (Electron's shell.openPath). */
export type OpenFolder = (folder: string) => Promise<string>;

export interface AppInfoDeps {
  info: Omit<AppInfo, 'notices'>;
  notices: readonly string[];
  /** Absent where the host cannot show a folder to the user (the browser host). */
  openFolder?: OpenFolder;
  logger: Logger;
}

export function createAppInfoService({
  info,
  notices,
  openFolder,
  logger,
}: AppInfoDeps): Handlers<typeof appChannels> {
  return {
    'app.info': () => ({ ...info, notices: [...notices] }),
    'app.openLogsFolder': async () => {
      const folder = info.logsFolder;
      if (!openFolder) return { opened: false, folder };
      // Made when missing, so that the file manager shows an empty folder rather than an error.
      mkdirSync(folder, { recursive: true });
      const problem = await openFolder(folder);
      if (problem !== '') logger.warn(`could not show the logs folder: ${problem}`);
      return { opened: problem === '', folder };
    },
  };
}
