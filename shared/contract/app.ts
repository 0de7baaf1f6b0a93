import { AppInfoSchema } from '../domain/appInfo';
import { channel } from './channel';
import { NoInput } from './limits';

export const appChannels = {
  'app.info': channel(NoInput, AppInfoSchema),
} as const;
