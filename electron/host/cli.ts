import Conf from 'conf';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { APP_NAME, localActor } from '../common/dataDir';
import { createOsKeychain } from '../secrets/osKeychain';
import { createPasswordHasher } from '../secrets/passwordHasher';
import { logLocationOf, openFileLog } from '../common/fileLog';
import { createConsoleLogger, teeLogger } from '../common/logger';
import { createRosterCore } from '../rpc/createRosterCore';
import { openSettings } from '../settings/openSettings';
import { createBrowserHost } from './browserHost';
import { newAccessToken } from './httpAuth';
import { HOST_USAGE, parseHostOptions } from './hostOptions';
import packageJson from '../../package.json';

async function main() {
  let options;
  try {
    options = parseHostOptions(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${HOST_USAGE}`);
    process.exit(2);
  }
  mkdirSync(options.dataDir, { recursive: true });
  const log = openFileLog(logLocationOf(options.dataDir), { scope: 'host' });
  // Run from a terminal: what goes to the file is shown there too, as before there was a file.
  const logger = teeLogger(log.logger, createConsoleLogger('host'));
  const { store, notices } = openSettings(
    options.dataDir,
    (conf) => new Conf({ ...conf, projectName: 'roster' }),
  );
  for (const notice of notices) logger.warn(notice);

  const core = createRosterCore(
    {
      settings: store,
      dataDir: options.dataDir,
      info: {
        name: APP_NAME,
        version: packageJson.version,
        host: 'browser',
        platform: process.platform,
        dataDir: options.dataDir,
        logFile: log.file,
        logsFolder: log.folder,
      },
      notices,
      nativeDir: path.join(import.meta.dirname, '../../native'),
      keychain: createOsKeychain(),
      hasher: createPasswordHasher(),
      actor: localActor(),
    },
    logger,
  );
  const host = createBrowserHost({
    core,
    staticRoot: path.join(import.meta.dirname, '../renderer'),
    token: newAccessToken(),
    logger,
  });
  const { url } = await host.listen(options.port);
  console.log(`Roster is ready at ${url}`);
  console.log('Open that address in your browser; stop with Ctrl+C.');

  const stop = () =>
    void host
      .close()
      .then(() => {
        core.close();
        return log.close();
      })
      .then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
