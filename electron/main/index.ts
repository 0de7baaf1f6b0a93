import { app, BrowserWindow, Menu, nativeTheme } from 'electron';
import Store from 'electron-store';
import path from 'node:path';
import { typedClient } from '../../shared/contract/client';
import type { ThemePreference } from '../../shared/domain/preferences';
import { APP_NAME, localActor } from '../common/dataDir';
import { createOsKeychain } from '../secrets/osKeychain';
import { createPasswordHasher } from '../secrets/passwordHasher';
import { createConsoleLogger } from '../common/logger';
import { createRosterCore } from '../rpc/createRosterCore';
import { originOf } from '../rpc/trustedSender';
import { createInMemoryBridge } from '../rpc/inMemoryBridge';
import { openSettings } from '../settings/openSettings';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './appProtocol';
import { buildApplicationMenu } from './applicationMenu';
import { bindIpc } from './ipcBinding';
import { createElectronTransport } from './electronTransport';
import { createMainWindow } from './mainWindow';

const logger = createConsoleLogger('main');

// Tests (and admins who keep several profiles) point the app at another data folder.
if (process.env.ROSTER_DATA_DIR) app.setPath('userData', path.resolve(process.env.ROSTER_DATA_DIR));

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.whenReady().then(start, (error: unknown) => {
    logger.error('Roster could not start', error);
    app.exit(1);
  });
}

async function start() {
  const dataDir = app.getPath('userData');
  const { store, notices } = openSettings(
    dataDir,
    ({ cwd, configName }) => new Store({ cwd, name: configName }),
  );
  for (const notice of notices) logger.warn(notice);

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
      },
      notices,
      nativeDir: path.join(app.getAppPath(), 'native'),
      keychain: createOsKeychain(),
      hasher: createPasswordHasher(),
      actor: localActor(),
      transport: createElectronTransport(),
    },
    logger,
  );
  app.on('will-quit', () => core.close());
  serveRenderer(path.join(import.meta.dirname, '../renderer'), core.downloads);
  const rendererUrl = process.env.ELECTRON_RENDERER_URL ?? `${APP_ORIGIN}/index.html`;
  bindIpc(core, [originOf(rendererUrl) ?? APP_ORIGIN]);

  const client = typedClient(createInMemoryBridge(core));
  const applyTheme = (theme: ThemePreference) => {
    nativeTheme.themeSource = theme;
    Menu.setApplicationMenu(
      buildApplicationMenu({
        theme,
        setTheme: (next) => void client.invoke('preferences.setTheme', { theme: next }),
      }),
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
