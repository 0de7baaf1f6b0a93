import { execFileSync } from 'node:child_process';
import path from 'node:path';

export interface CertificateFiles {
  certFile: string;
  keyFile: string;
}

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made with openssl: valid for a day, but
 * signed by nobody this computer trusts. The instance server's TLS tests and the remote instances'
 * certificate faults share it.
 */
export function makeSelfSignedCertificate(dir: string): CertificateFiles {
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      '/CN=localhost',
      '-days',
      '1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  return { certFile, keyFile };
}
