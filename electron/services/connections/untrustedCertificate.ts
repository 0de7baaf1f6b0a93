import type { PinnedCertificate } from '../../../shared/domain/certificate';
import { errorCodes, type FetchLike } from '../directory/remote/httpJson';
import { RemoteError } from '../directory/remote/remoteErrors';
import { peerCertificate } from './peerCertificate';
import { NOT_PINNED } from './pinnedFetch';

/**
 * Failures that the admin may mend by trusting the certificate for the instance: no authority
 * this computer trusts signed it, or it names another host, or it is not the pinned one. (An
 * expired or revoked certificate is a TLS problem of another kind, for the server's admin.)
 * Node's codes, and Chromium's (net.fetch) as chromiumFetch gives them.
 */
const UNTRUSTED: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'it is self-signed and not trusted by this computer',
  SELF_SIGNED_CERT_IN_CHAIN: 'it is signed by a certificate authority this computer does not trust',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its issuer cannot be verified',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its issuer is not known to this computer',
  UNABLE_TO_GET_ISSUER_CERT: 'its issuer is not known to this computer',
  ERR_TLS_CERT_ALTNAME_INVALID: 'it was issued for another host name',
  ERR_CERT_AUTHORITY_INVALID: 'it is signed by no certificate authority this computer trusts',
  ERR_CERT_COMMON_NAME_INVALID: 'it was issued for another host name',
  [NOT_PINNED]: 'it is not the certificate trusted for this instance',
};

/** What Chromium says when a verifier refused a certificate without naming why. */
const REFUSED_BY_VERIFIER = (code: string) => code === 'ERR_FAILED' || code.includes('CERT');

/**
 * Wraps a transport so that a certificate the admin could trust fails as an
 * `untrusted-certificate` RemoteError carrying the certificate the server presents (fingerprint,
 * subject, issuer, dates and PEM), read by a separate handshake that sends nothing. With a pin, any
 * certificate failure is looked at: a certificate other than the pinned one is offered again.
 */
export function reportUntrustedCertificates(send: FetchLike, pin: PinnedCertificate | undefined): FetchLike {
  return async (input, init) => {
    try {
      return await send(input, init);
    } catch (error) {
      const codes = errorCodes(error);
      const known = codes.find((code) => code in UNTRUSTED);
      if (known === undefined && !(pin !== undefined && codes.some(REFUSED_BY_VERIFIER))) throw error;
      const certificate = await peerCertificate(input);
      if (certificate === undefined || certificate.fingerprint === pin?.fingerprint) throw error;
      const code = pin === undefined ? (known ?? 'UNTRUSTED') : NOT_PINNED;
      throw new RemoteError(
        'untrusted-certificate',
        'UNAVAILABLE',
        `The server at ${new URL(input).origin} has a TLS certificate problem: ${UNTRUSTED[code] ?? 'it is not trusted'} (${code}).`,
        { cause: error, certificate },
      );
    }
  };
}
