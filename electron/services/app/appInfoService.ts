import type { appChannels } from '../../../shared/contract/app';
import type { Handlers } from '../../../shared/contract/channel';
import type { AppInfo } from '../../../shared/domain/appInfo';

export interface AppInfoDeps {
  info: Omit<AppInfo, 'notices'>;
  notices: readonly string[];
}

export function createAppInfoService({ info, notices }: AppInfoDeps): Handlers<typeof appChannels> {
  return {
    'app.info': () => ({ ...info, notices: [...notices] }),
  };
}
