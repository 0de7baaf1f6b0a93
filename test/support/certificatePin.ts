import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { PinnedCertificate } from '../../shared/domain/certificate';
import { formatFingerprint } from '../../shared/domain/certificate';

/** What the trust dialog sends for a certificate file: its SHA-256 fingerprint and PEM. */
export function pinOf(certFile: string): PinnedCertificate {
  const certificate = new X509Certificate(readFileSync(certFile));
  return { fingerprint: formatFingerprint(certificate.fingerprint256), pem: certificate.toString() };
}
