import { net, session } from 'electron';
import type { PinnedCertificate } from '../../shared/domain/certificate';
import { pinnedHostOf, pinVerdict } from '../services/connections/certificatePins';
import { createChromiumTransport } from '../services/connections/chromiumTransport';
import type { FetchLike } from '../services/directory/remote/httpJson';
import type { Transport } from '../services/connections/transport';

/**
 * Remote instances over Chromium's network stack. A pinned instance gets an in-memory session of
 * its own (per host and certificate) whose verifier accepts that certificate there and nothing
 * else; the default session, and every other window, keep the computer's trust untouched.
 */
export function createElectronTransport(): Transport {
  const sessions = new Map<string, FetchLike>();
  const pinnedFetch = (pin: PinnedCertificate, url: string): FetchLike => {
    const host = pinnedHostOf(url);
    const partition = `roster-pin:${host}:${pin.fingerprint}`;
    let send = sessions.get(partition);
    if (!send) {
      const pinned = session.fromPartition(partition, { cache: false });
      pinned.setCertificateVerifyProc((request, callback) =>
        callback(
          pinVerdict(
            { host, fingerprint: pin.fingerprint },
            {
              hostname: request.hostname,
              pem: request.certificate.data,
            },
          ),
        ),
      );
      send = (input, init) => pinned.fetch(input, init);
      sessions.set(partition, send);
    }
    return send;
  };
  return createChromiumTransport({ fetch: (input, init) => net.fetch(input, init), pinnedFetch });
}
