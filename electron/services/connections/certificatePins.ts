import type { PinnedCertificate } from '../../../shared/domain/certificate';
import { formatFingerprint } from '../../../shared/domain/certificate';
import { RosterError } from '../../../shared/contract/errors';
import { parseCertificate } from './peerCertificate';

/** Answers of Electron's certificate verify proc: accept, or refuse whatever Chromium thinks. */
export const ACCEPT = 0;
export const REFUSE = -2;

/** One instance's pin, as its own Chromium session checks it. */
export interface HostPin {
  /** The instance's host name or address, as in its URL (without brackets). */
  host: string;
  fingerprint: string;
}

/** What Electron's verify proc is asked about: the host connected to and the certificate it showed (PEM). */
export interface PresentedCertificate {
  hostname: string;
  pem: string;
}

/**
 * The verdict on a certificate in the session of a pinned instance: exactly the pinned
 * certificate, on the instance's host, is accepted (whoever signed it, whatever name it bears:
 * the admin trusted it); anything else is refused, even one the computer would trust.
 */
export function pinVerdict(pin: HostPin, presented: PresentedCertificate): typeof ACCEPT | typeof REFUSE {
  if (presented.hostname.toLowerCase() !== pin.host.toLowerCase()) return REFUSE;
  const certificate = parseCertificate(presented.pem);
  if (!certificate) return REFUSE;
  return formatFingerprint(certificate.fingerprint256) === pin.fingerprint ? ACCEPT : REFUSE;
}

/** The host a pin of an instance at `url` is for, as Chromium names it to the verify proc. */
export const pinnedHostOf = (url: string): string => new URL(url).hostname.replace(/^\[|\]$/g, '');

/**
 * A pin as the admin sent it, checked before it is kept: the PEM must be one certificate and its
 * SHA-256 fingerprint the one given (what the admin was shown). Throws INVALID_INPUT otherwise.
 */
export function checkedPin(pin: PinnedCertificate): PinnedCertificate {
  const certificate = parseCertificate(pin.pem);
  if (!certificate)
    throw new RosterError('INVALID_INPUT', 'This is not a certificate Roster can read.', 'certificate');
  const fingerprint = formatFingerprint(certificate.fingerprint256);
  if (fingerprint !== pin.fingerprint)
    throw new RosterError(
      'INVALID_INPUT',
      `The fingerprint does not match the certificate (its fingerprint is ${fingerprint}).`,
      'certificate',
    );
  return { fingerprint, pem: certificate.toString() };
}
