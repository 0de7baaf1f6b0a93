import type { Logger } from '../../common/logger';
import { originOf } from '../../rpc/trustedSender';
import type { PermissionSession } from './permissionPolicy';

interface Preventable {
  preventDefault: () => void;
}
/** Electron's navigation events carry the target in `url` (the positional arguments are deprecated). */
interface NavigationEvent extends Preventable {
  url: string;
}
interface FrameNavigationEvent extends NavigationEvent {
  isMainFrame: boolean;
}

/** The part of Electron's WebContents the guard uses. */
export interface GuardedContents {
  on(event: 'will-attach-webview', listener: (event: Preventable) => void): unknown;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: FrameNavigationEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  readonly session: PermissionSession;
}

export interface WebContentsGuardDeps {
  /** The app's own origins: app://roster, or the dev server's under `electron-vite dev`. */
  appOrigins: readonly string[];
  /** The guarded external opener: a link that asks for a new window goes there instead. */
  openExternal: (url: string) => Promise<unknown>;
  guardPermissions: (session: PermissionSession) => void;
  logger: Logger;
}

/** A navigation may stay within the app's own origins, and go nowhere else. */
export function mayNavigate(url: string, appOrigins: readonly string[]): boolean {
  const origin = originOf(url);
  return origin !== undefined && appOrigins.includes(origin);
}

/**
 * What every web contents gets as it is created (`app.on('web-contents-created')`), whatever made
 * it: no webviews, no navigation or redirect of any frame away from the app's origin, no new
 * windows (a link that asks for one goes to the external opener), and the permission handlers on
 * its session.
 */
export function guardWebContents(contents: GuardedContents, deps: WebContentsGuardDeps): void {
  const { appOrigins, logger } = deps;
  deps.guardPermissions(contents.session);
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger.warn('a webview was refused');
  });
  const stayHome = (kind: string) => (event: NavigationEvent) => {
    if (mayNavigate(event.url, appOrigins)) return;
    event.preventDefault();
    logger.warn(`a ${kind} away from the app was blocked`, {
      origin: originOf(event.url) ?? 'not a URL',
    });
  };
  contents.on('will-navigate', stayHome('navigation'));
  contents.on('will-redirect', stayHome('redirect'));
  const subframe = stayHome('frame navigation');
  // The top frame's navigations are will-navigate's: each is judged (and logged) once.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) subframe(event);
  });
  contents.setWindowOpenHandler(({ url }) => {
    void deps.openExternal(url).catch((error: unknown) => logger.error('opening a link failed', error));
    return { action: 'deny' };
  });
}
