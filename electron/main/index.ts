import { app, BrowserWindow, dialog, Menu, nativeTheme, shell } from 'electron';
import Store from 'electron-store';
import path from 'node:path';
import { typedClient } from '../../shared/contract/client';
import { themeOfCommand, type CommandId } from '../../shared/commands/commands';
import type { ThemePreference } from '../../shared/domain/preferences';
import { APP_NAME, localActor } from '../common/dataDir';
import { logLocationOf, openFileLog, type FileLog } from '../common/fileLog';
import { createConsoleLogger, teeLogger } from '../common/logger';
import { createOsKeychain } from '../secrets/osKeychain';
import { createPasswordHasher } from '../secrets/passwordHasher';
import { createRosterCore } from '../rpc/createRosterCore';
import { originOf } from '../rpc/trustedSender';
import { createInMemoryBridge } from '../rpc/inMemoryBridge';
import { openSettings } from '../settings/openSettings';
import { registerAppScheme, serveRenderer } from './appProtocol';
import { applicationMenuTemplate } from './applicationMenu';
import { hardenElectron } from './hardenElectron';
import { APP_ORIGIN, rendererUrlFor } from './hardening/rendererUrl';
import { bindIpc } from './ipcBinding';
import { createElectronTransport } from './electronTransport';
import { createMainWindow } from './mainWindow';
import { reportProcessFaults } from './processFaults';

// Tests (and admins who keep several profiles) point the app at another data folder.
if (process.env.ROSTER_DATA_DIR) app.setPath('userData', path.resolve(process.env.ROSTER_DATA_DIR));

const rendererUrl = rendererUrlFor({ isPackaged: app.isPackaged, env: process.env });
const appOrigins = [originOf(rendererUrl) ?? APP_ORIGIN];

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  const log = openMainLog();
  reportProcessFaults(process, {
    logger: log.logger,
    logFile: log.file,
    showError: (title, content) => dialog.showErrorBox(title, content),
  });
  app.whenReady().then(
    () => start(log),
    (error: unknown) => {
      log.logger.error('Roster could not start', error);
      app.exit(1);
    },
  );
}

/**
 * `<userData>/logs/roster.log`, beside the profile's settings and instances (so that each data
 * folder keeps its own log, as the browser host's does); Electron's own logs path is pointed there
 * too. While developing, the terminal shows every line as well.
 */
function openMainLog(): FileLog {
  const location = logLocationOf(app.getPath('userData'));
  app.setAppLogsPath(location.folder);
  const log = openFileLog(location, { scope: 'main' });
  return app.isPackaged ? log : { ...log, logger: teeLogger(log.logger, createConsoleLogger('main')) };
}

async function start(log: FileLog) {
  const { logger } = log;
  const dataDir = app.getPath('userData');
  const { store, notices } = openSettings(
    dataDir,
    ({ cwd, configName }) => new Store({ cwd, name: configName }),
  );
  for (const notice of notices) logger.warn(notice);
  hardenElectron({ appOrigins, settings: store, logger });

  const core = createRosterCore(
    {
      settings: store,
      dataDir,
      info: {
        name: APP_NAME,
        version: app.getVersion(),
        host: 'electron',
        platform: process.platform,
        dataDir,
        logFile: log.file,
        logsFolder: log.folder,
      },
      notices,
      nativeDir: path.join(app.getAppPath(), 'native'),
      keychain: createOsKeychain(),
      hasher: createPasswordHasher(),
      actor: localActor(),
      openFolder: (folder) => shell.openPath(folder),
      transport: createElectronTransport(),
    },
    logger,
  );
  let logClosed = false;
  app.on('will-quit', (event) => {
    if (logClosed) return;
    // Once, holding the quit until the log's last lines are on disk.
    event.preventDefault();
    core.close();
    void log.close().finally(() => {
      logClosed = true;
      app.quit();
    });
  });
  serveRenderer(path.join(import.meta.dirname, '../renderer'), core.downloads);
  bindIpc(core, appOrigins);

  const client = typedClient(createInMemoryBridge(core));
  // The window runs the menu's commands, as it runs its own; the theme is the app's, window or not.
  const runFromMenu = (command: CommandId) => {
    const theme = themeOfCommand(command);
    if (theme) void client.invoke('preferences.setTheme', { theme });
    else core.events.emit('commands.invoked', { command });
  };
  let shownTheme: ThemePreference | undefined;
  const applyTheme = (theme: ThemePreference) => {
    // Other preferences change too (the palette's recent commands): the menu is rebuilt only for the theme.
    if (theme === shownTheme) return;
    shownTheme = theme;
    nativeTheme.themeSource = theme;
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        applicationMenuTemplate({
          platform: process.platform,
          packaged: app.isPackaged,
          theme,
          run: runFromMenu,
        }),
      ),
    );
  };
  const preferences = await client.invoke('preferences.get', {});
  applyTheme(preferences.ok ? preferences.value.theme : 'system');
  client.on('preferences.changed', ({ theme }) => applyTheme(theme));

  const openWindow = () =>
    createMainWindow({
      settings: store,
      rendererUrl,
      backgroundColor: nativeTheme.shouldUseDarkColors ? '#121212' : '#fafafa',
    });
  let window = openWindow();

  app.on('second-instance', () => {
    if (window.isDestroyed()) window = openWindow();
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) window = openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
