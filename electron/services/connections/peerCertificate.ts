import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { connect } from 'node:tls';
import { formatFingerprint, type CertificateDetails } from '../../../shared/domain/certificate';

/** How long the look at a server's certificate may take, beside the request that failed. */
const PROBE_TIMEOUT_MS = 5_000;

/** "CN=localhost\nO=Example" as one line: "CN=localhost, O=Example". */
const oneLine = (name: string): string =>
  name
    .split('\n')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join(', ');

const isoDate = (text: string): string => {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
};

/** What the admin is shown of a certificate, and what is pinned if they trust it. */
export function certificateDetails(certificate: X509Certificate): CertificateDetails {
  return {
    fingerprint: formatFingerprint(certificate.fingerprint256),
    pem: certificate.toString(),
    subject: oneLine(certificate.subject),
    issuer: oneLine(certificate.issuer),
    validFrom: isoDate(certificate.validFrom),
    validTo: isoDate(certificate.validTo),
  };
}

/** A PEM text as a certificate, or undefined when it is not one. */
export function parseCertificate(pem: string): X509Certificate | undefined {
  try {
    return new X509Certificate(pem);
  } catch {
    return undefined;
  }
}

/**
 * The certificate the server at `url` presents, whether or not anyone trusts it: a TLS handshake
 * that checks nothing and sends nothing (no request, no password), then hangs up. Undefined when
 * the server cannot be reached or gives none.
 */
export function peerCertificate(url: string): Promise<CertificateDetails | undefined> {
  const { hostname, port } = new URL(url);
  const host = hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = connect({
      host,
      port: Number(port || 443),
      // SNI takes names only, never an address.
      ...(isIP(host) === 0 ? { servername: host } : {}),
      rejectUnauthorized: false,
      timeout: PROBE_TIMEOUT_MS,
    });
    const done = (details: CertificateDetails | undefined) => {
      socket.destroy();
      resolve(details);
    };
    socket.once('secureConnect', () => {
      const raw = socket.getPeerCertificate().raw as Buffer | undefined;
      done(raw && raw.length > 0 ? certificateDetails(new X509Certificate(raw)) : undefined);
    });
    socket.once('timeout', () => done(undefined));
    socket.once('error', () => done(undefined));
  });
}
