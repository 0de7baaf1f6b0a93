import { app, BrowserWindow, dialog, session, shell } from 'electron';
import type { Logger } from '../common/logger';
import type { SettingsStore } from '../settings/settingsStore';
import { confirmInMessageBox, createExternalOpener, remoteInstanceOrigins } from './hardening/externalOpener';
import { HELP_ORIGINS } from './hardening/helpLinks';
import { createPermissionGuard } from './hardening/permissionPolicy';
import { guardWebContents } from './hardening/webContentsGuard';

/**
 * Electron's security checklist, wired: permissions denied on the default session and every
 * session a web contents uses, every web contents guarded as it is created, and the one external
 * opener. Must run before the first window is made.
 */
export function hardenElectron(options: {
  appOrigins: readonly string[];
  settings: SettingsStore;
  logger: Logger;
}): void {
  const { appOrigins, settings, logger } = options;
  const guardPermissions = createPermissionGuard(appOrigins, logger);
  guardPermissions(session.defaultSession);
  const openExternal = createExternalOpener({
    openExternal: (url) => shell.openExternal(url),
    confirm: confirmInMessageBox((box) => {
      const window = BrowserWindow.getFocusedWindow();
      return window ? dialog.showMessageBox(window, box) : dialog.showMessageBox(box);
    }),
    trustedOrigins: () => [...remoteInstanceOrigins(settings.get('instances')), ...HELP_ORIGINS],
    logger,
  });
  app.on('web-contents-created', (_event, contents) =>
    guardWebContents(contents, { appOrigins, openExternal, guardPermissions, logger }),
  );
}
