import type { StoredInstance } from '../../../shared/domain/instance';
import type { Logger } from '../../common/logger';
import { originOf } from '../../rpc/trustedSender';

export type ExternalOutcome = 'opened' | 'declined' | 'refused';

/** Hands a URL to the user's browser (Electron's shell.openExternal). */
export type OpenExternal = (url: string) => Promise<void>;
/** Asks the user whether to open this address, showing all of it; true to open. */
export type ConfirmOpen = (url: string) => Promise<boolean>;

export interface ExternalOpenerDeps {
  openExternal: OpenExternal;
  confirm: ConfirmOpen;
  /** Origins that open without asking, read at every call: the remote instances added, the help pages. */
  trustedOrigins: () => readonly string[];
  logger: Logger;
}

/**
 * The one way Roster opens anything outside itself. Only https: an address on a remote instance the
 * user added, or on the app's help pages, opens at once; any other asks first, showing the whole
 * address; anything else (http, file, javascript, a custom scheme …) is refused and never opened.
 * The log names the scheme and origin, never the whole address, whose path or query may carry a token
 * (an invitation link, say).
 */
export function createExternalOpener(deps: ExternalOpenerDeps): (url: string) => Promise<ExternalOutcome> {
  return async (address) => {
    let url: URL;
    try {
      url = new URL(address);
    } catch {
      deps.logger.warn('refused to open an address that is not a URL');
      return 'refused';
    }
    if (url.protocol !== 'https:') {
      deps.logger.warn('refused to open a non-https address', { scheme: url.protocol });
      return 'refused';
    }
    const trusted = deps.trustedOrigins().includes(url.origin);
    if (!trusted && !(await deps.confirm(url.href))) {
      deps.logger.info('the user chose not to open an address', { origin: url.origin });
      return 'declined';
    }
    await deps.openExternal(url.href);
    deps.logger.info('opened an address in the browser', { origin: url.origin, asked: !trusted });
    return 'opened';
  };
}

/** The origins of the remote instances in the settings now. */
export function remoteInstanceOrigins(instances: readonly StoredInstance[] | undefined): string[] {
  return (instances ?? []).flatMap((instance) => {
    const origin = instance.kind === 'remote' ? originOf(instance.url) : undefined;
    return origin === undefined ? [] : [origin];
  });
}

/** The part of Electron's dialog.showMessageBox the confirmation uses. */
export type ShowMessageBox = (options: {
  type: 'question';
  buttons: string[];
  defaultId: number;
  cancelId: number;
  title: string;
  message: string;
  detail: string;
  noLink: boolean;
}) => Promise<{ response: number }>;

/** The confirmation as a message box: Cancel is the default, the address is shown whole. */
export function confirmInMessageBox(showMessageBox: ShowMessageBox): ConfirmOpen {
  return async (url) => {
    const { response } = await showMessageBox({
      type: 'question',
      buttons: ['Open in browser', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      title: 'Open an address outside Roster?',
      message: 'Roster was asked to open this address in your browser:',
      detail: url,
      noLink: true,
    });
    return response === 0;
  };
}
