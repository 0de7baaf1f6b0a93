import type { PinnedCertificate } from '../../../shared/domain/certificate';
import type { FetchLike } from '../directory/remote/httpJson';
import type { Transport } from './transport';
import { reportUntrustedCertificates } from './untrustedCertificate';

/** What the desktop app gives: Chromium's fetch, and one for a session that trusts a pin. */
export interface ChromiumNet {
  /** net.fetch: the computer's proxy settings and certificate store. */
  fetch: FetchLike;
  /** The fetch of a session whose verifier accepts exactly this certificate on this instance's host. */
  pinnedFetch: (pin: PinnedCertificate, url: string) => FetchLike;
}

/**
 * Chromium's network errors as the Node codes the remote directory already tells apart
 * (refused, reset, unknown host…); the others keep their own name as code ("ERR_CERT_…").
 */
const NODE_CODES: Readonly<Record<string, string>> = {
  ERR_CONNECTION_REFUSED: 'ECONNREFUSED',
  ERR_CONNECTION_RESET: 'ECONNRESET',
  ERR_CONNECTION_CLOSED: 'ECONNRESET',
  ERR_EMPTY_RESPONSE: 'ECONNRESET',
  ERR_NAME_NOT_RESOLVED: 'ENOTFOUND',
  ERR_NAME_RESOLUTION_FAILED: 'EAI_AGAIN',
  ERR_ADDRESS_UNREACHABLE: 'EHOSTUNREACH',
  ERR_INTERNET_DISCONNECTED: 'ENETUNREACH',
};

/** net.fetch rejects with an Error whose message is Chromium's net error, "net::ERR_…". */
export function chromiumErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const found = /net::(ERR_[A-Z0-9_]+)/.exec(current.message)?.[1];
    if (found) return NODE_CODES[found] ?? found;
    current = current.cause;
  }
  return undefined;
}

const withNodeCodes =
  (send: FetchLike): FetchLike =>
  async (input, init) => {
    try {
      return await send(input, init);
    } catch (error) {
      const code = chromiumErrorCode(error);
      if (code === undefined) throw error;
      throw Object.assign(new Error(error instanceof Error ? error.message : String(error)), {
        code,
        cause: error,
      });
    }
  };

/** The desktop app's transport: Chromium's network stack, a session per pinned certificate. */
export function createChromiumTransport(net: ChromiumNet): Transport {
  const plain = reportUntrustedCertificates(withNodeCodes(net.fetch), undefined);
  return (pin) => {
    if (pin === undefined) return plain;
    // The pin's session is chosen per request, from the host asked for.
    return reportUntrustedCertificates(
      withNodeCodes((input, init) => net.pinnedFetch(pin, input)(input, init)),
      pin,
    );
  };
}
