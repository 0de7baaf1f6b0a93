import { Agent, request as httpsRequest, type AgentOptions } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { Readable, type Duplex } from 'node:stream';
import { connect, type ConnectionOptions, type PeerCertificate } from 'node:tls';
import { formatFingerprint, type PinnedCertificate } from '../../../shared/domain/certificate';
import type { FetchLike } from '../directory/remote/httpJson';

/** The code of the error a pinned connection fails with when the server shows another certificate. */
export const NOT_PINNED = 'ERR_CERTIFICATE_NOT_PINNED';

/** Statuses whose answer has no body, which a Response refuses to be given one for. */
const BODILESS = new Set([101, 204, 205, 304]);

/**
 * An agent whose sockets are handed to HTTP only once the server has shown exactly the pinned
 * certificate: nothing (no request line, no password) is written to a server that has not.
 * The chain and the name are not checked: trusting this one certificate for this instance is
 * what the admin decided, whoever signed it.
 */
class PinnedAgent extends Agent {
  constructor(
    private readonly fingerprint: string,
    options: AgentOptions,
  ) {
    super(options);
  }

  override createConnection(
    options: ConnectionOptions,
    callback?: (error: Error | null, socket: Duplex) => void,
  ): undefined {
    const socket = connect({ ...options, rejectUnauthorized: false });
    const fail = (error: Error) => {
      socket.destroy();
      callback?.(error, socket);
    };
    socket.once('error', fail);
    socket.once('secureConnect', () => {
      socket.off('error', fail);
      // An empty object when the server showed none.
      const peer: Partial<PeerCertificate> = socket.getPeerCertificate();
      const shown = formatFingerprint(peer.fingerprint256 ?? '');
      if (shown === this.fingerprint) return callback?.(null, socket);
      fail(
        Object.assign(new Error('The server presented a certificate other than the one trusted for it.'), {
          code: NOT_PINNED,
        }),
      );
    });
    return undefined;
  }
}

const headersOf = (message: IncomingMessage): Headers => {
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
};

const headersOfInit = (init: RequestInit): Record<string, string> => {
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, name) => {
    headers[name] = value;
  });
  return headers;
};

/**
 * A fetch, as far as the remote directory uses one (a string body, no redirects followed, abort by
 * signal), over node:https, that talks only to a server showing the pinned certificate. One agent
 * per pin, so that kept-alive sockets are reused only under the same trust.
 */
export function pinnedFetch(pin: PinnedCertificate): FetchLike {
  const agent = new PinnedAgent(pin.fingerprint, { keepAlive: true, maxSockets: 8 });
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input);
      // Plain http has no certificate to check.
      if (url.protocol !== 'https:') {
        fetch(input, init).then(resolve, reject);
        return;
      }
      const request = httpsRequest(
        url,
        {
          agent,
          method: init.method ?? 'GET',
          headers: headersOfInit(init),
          ...(init.signal ? { signal: init.signal } : {}),
        },
        (message) => {
          const status = message.statusCode ?? 0;
          if (status >= 300 && status < 400 && init.redirect === 'error') {
            message.resume();
            reject(new TypeError(`The server answered with a redirect (HTTP ${status}).`));
            return;
          }
          const empty = BODILESS.has(status) || init.method === 'HEAD';
          if (empty) message.resume();
          resolve(
            new Response(empty ? null : (Readable.toWeb(message) as ReadableStream<Uint8Array>), {
              status,
              statusText: message.statusMessage ?? '',
              headers: headersOf(message),
            }),
          );
        },
      );
      request.once('error', reject);
      if (typeof init.body === 'string') request.end(init.body);
      else request.end();
    });
}
