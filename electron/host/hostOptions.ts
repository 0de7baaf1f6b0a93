import { parseArgs } from 'node:util';
import { defaultDataDir } from '../common/dataDir';

export interface HostOptions {
  dataDir: string;
  port: number;
}

export const HOST_USAGE = `Usage: npm run host -- [--data-dir <folder>] [--port <number>]
  --data-dir  where settings and local instances live (or ROSTER_DATA_DIR)
  --port      port on 127.0.0.1, 0 for any free one (or ROSTER_PORT; default 0)`;

/** Flags win over environment variables, which win over defaults. */
export function parseHostOptions(argv: readonly string[], env: NodeJS.ProcessEnv): HostOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: { 'data-dir': { type: 'string' }, port: { type: 'string' } },
    strict: true,
  });
  const dataDir = values['data-dir'] ?? env.ROSTER_DATA_DIR ?? defaultDataDir(process.platform, env);
  const portText = values.port ?? env.ROSTER_PORT ?? '0';
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port > 65_535) throw new Error(`Not a port number: ${portText}`);
  return { dataDir, port };
}
