import { z } from 'zod';

export const hostKinds = ['electron', 'browser'] as const;
export type HostKind = (typeof hostKinds)[number];

export const AppInfoSchema = z.strictObject({
  name: z.string(),
  version: z.string(),
  host: z.enum(hostKinds),
  platform: z.string(),
  dataDir: z.string(),
  /** The log file this host writes (on the machine it runs on), for a message or a bug report to name. */
  logFile: z.string(),
  /** The folder it is in, with the files rotated out of it. */
  logsFolder: z.string(),
  /** Problems met at start-up that the user should know about (say, a settings file set aside). */
  notices: z.array(z.string()),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;
