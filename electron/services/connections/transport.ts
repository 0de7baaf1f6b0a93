import type { PinnedCertificate } from '../../../shared/domain/certificate';
import type { FetchLike } from '../directory/remote/httpJson';
import { pinnedFetch } from './pinnedFetch';
import { reportUntrustedCertificates } from './untrustedCertificate';

/**
 * How every request to remote instances goes out: one fetch per instance, trusting what the
 * computer trusts, or (with a pin) exactly the certificate the admin trusted for that instance
 * and nothing else. The desktop app gives Chromium's network stack (net.fetch, which follows the
 * system's proxy settings and certificate store); tests and the browser host use Node's.
 */
export type Transport = (pin: PinnedCertificate | undefined) => FetchLike;

const nodeFetch: FetchLike = (input, init) => fetch(input, init);

/** Node's fetch, or for a pinned instance node:https accepting the pinned certificate only. */
export function createNodeTransport(): Transport {
  const byFingerprint = new Map<string, FetchLike>();
  return (pin) => {
    if (pin === undefined) return reportUntrustedCertificates(nodeFetch, undefined);
    let send = byFingerprint.get(pin.fingerprint);
    if (!send) {
      send = reportUntrustedCertificates(pinnedFetch(pin), pin);
      byFingerprint.set(pin.fingerprint, send);
    }
    return send;
  };
}
