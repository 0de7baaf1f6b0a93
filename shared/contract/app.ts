import { z } from 'zod';
import { AppInfoSchema } from '../domain/appInfo';
import { channel } from './channel';
import { NoInput } from './limits';

export const OpenLogsFolderOutputSchema = z.strictObject({
  /** False where the host cannot show a folder (the browser host's page may be on another machine). */
  opened: z.boolean(),
  folder: z.string(),
});
export type OpenLogsFolderOutput = z.infer<typeof OpenLogsFolderOutputSchema>;

export const appChannels = {
  'app.info': channel(NoInput, AppInfoSchema),
  'app.openLogsFolder': channel(NoInput, OpenLogsFolderOutputSchema),
} as const;
