import type { Logger } from '../../common/logger';
import { originOf } from '../../rpc/trustedSender';

/**
 * The one permission granted, and only to the app's own top-level page: writing text to the
 * clipboard, which Chromium asks for before every `navigator.clipboard.writeText` (the Copy
 * buttons of tokens, keys and passwords). Everything else is denied.
 */
const GRANTED_TO_APP = new Set(['clipboard-sanitized-write']);

export interface PermissionAsker {
  /** The URL or origin of the frame that asks; absent when Electron does not say. */
  url: string | undefined;
  isMainFrame: boolean;
}

export function isPermissionGranted(
  permission: string,
  asker: PermissionAsker,
  appOrigins: readonly string[],
): boolean {
  if (!GRANTED_TO_APP.has(permission) || !asker.isMainFrame || asker.url === undefined) return false;
  const origin = originOf(asker.url);
  return origin !== undefined && appOrigins.includes(origin);
}

interface RequestDetails {
  requestingUrl?: string;
  isMainFrame?: boolean;
}
interface CheckDetails {
  requestingUrl?: string;
  isMainFrame?: boolean;
}

/** The part of an Electron Session this guard sets. */
export interface PermissionSession {
  setPermissionRequestHandler(
    handler: (
      webContents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
      details: RequestDetails,
    ) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (
      webContents: unknown,
      permission: string,
      requestingOrigin: string,
      details: CheckDetails,
    ) => boolean,
  ): void;
}

/**
 * Returns a function that gives a session handlers answering every permission request and check
 * by `isPermissionGranted`, once per session (web contents often share one). A denied request is
 * logged with the asker's origin; checks, which pages make often, are not.
 */
export function createPermissionGuard(
  appOrigins: readonly string[],
  logger: Logger,
): (session: PermissionSession) => void {
  const guarded = new WeakSet<PermissionSession>();
  return (session) => {
    if (guarded.has(session)) return;
    guarded.add(session);
    session.setPermissionRequestHandler((_contents, permission, callback, details) => {
      const granted = isPermissionGranted(
        permission,
        { url: details.requestingUrl, isMainFrame: details.isMainFrame === true },
        appOrigins,
      );
      if (!granted)
        logger.warn('permission request denied', {
          permission,
          origin: originOf(details.requestingUrl ?? '') ?? 'unknown',
        });
      callback(granted);
    });
    session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
      isPermissionGranted(
        permission,
        { url: details.requestingUrl ?? requestingOrigin, isMainFrame: details.isMainFrame === true },
        appOrigins,
      ),
    );
  };
}
