import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  ACCEPT,
  checkedPin,
  pinnedHostOf,
  pinVerdict,
  REFUSE,
} from '../../electron/services/connections/certificatePins';
import { chromiumErrorCode } from '../../electron/services/connections/chromiumTransport';
import { FingerprintSchema, formatFingerprint } from '../../shared/domain/certificate';
import { pinOf } from '../support/certificatePin';
import { makeSelfSignedCertificate } from '../support/selfSignedCertificate';
import { useTempDirs } from './support/tempDir';

const tempDir = useTempDirs();

const HEX = '0123456789abcdef'.repeat(4);
const FORMATTED = formatFingerprint(HEX);

describe('formatFingerprint', () => {
  it('writes a SHA-256 fingerprint as 32 upper-case pairs joined by colons', () => {
    expect(FORMATTED).toBe('01:23:45:67:89:AB:CD:EF:'.repeat(4).slice(0, -1));
    expect(formatFingerprint(FORMATTED.toLowerCase())).toBe(FORMATTED);
    expect(formatFingerprint(HEX.toUpperCase().replace(/(..)/g, '$1 '))).toBe(FORMATTED);
  });

  it('the schema keeps a fingerprint in that form and refuses anything else', () => {
    expect(FingerprintSchema.parse(HEX)).toBe(FORMATTED);
    for (const bad of ['', 'AB:CD', `${HEX}00`, HEX.replace('0', 'g'), 'sha256/abc='])
      expect(FingerprintSchema.safeParse(bad).success).toBe(false);
  });
});

describe("the Electron verifier's decision for a pinned instance", () => {
  const made = () => {
    const { certFile } = makeSelfSignedCertificate(tempDir('roster-pin-unit-'));
    return { pin: pinOf(certFile), pem: readFileSync(certFile, 'utf8') };
  };

  it('accepts exactly the pinned certificate on the pinned host', () => {
    const { pin, pem } = made();
    const hostPin = { host: '127.0.0.1', fingerprint: pin.fingerprint };
    expect(pinVerdict(hostPin, { hostname: '127.0.0.1', pem })).toBe(ACCEPT);
    expect(
      pinVerdict({ host: 'Example.COM', fingerprint: pin.fingerprint }, { hostname: 'example.com', pem }),
    ).toBe(ACCEPT);
  });

  it('refuses another certificate, the pinned one on another host, and what is not a certificate', () => {
    const { pin, pem } = made();
    const other = made();
    const hostPin = { host: '127.0.0.1', fingerprint: pin.fingerprint };
    expect(pinVerdict(hostPin, { hostname: '127.0.0.1', pem: other.pem })).toBe(REFUSE);
    expect(pinVerdict(hostPin, { hostname: '127.0.0.2', pem })).toBe(REFUSE);
    expect(pinVerdict(hostPin, { hostname: '127.0.0.1', pem: 'garbage' })).toBe(REFUSE);
  });

  it('names the host of an address as Chromium does, IPv6 without brackets', () => {
    expect(pinnedHostOf('https://integrate.example.com:8443/base')).toBe('integrate.example.com');
    expect(pinnedHostOf('https://[::1]:8443')).toBe('::1');
  });
});

describe('checkedPin', () => {
  it('keeps a certificate whose fingerprint is the one given', () => {
    const { certFile } = makeSelfSignedCertificate(tempDir('roster-pin-unit-'));
    const pin = pinOf(certFile);
    expect(checkedPin(pin)).toEqual(pin);
  });

  it('refuses a PEM that is no certificate, or another certificate than the fingerprint says', () => {
    const pin = pinOf(makeSelfSignedCertificate(tempDir('roster-pin-unit-')).certFile);
    const other = pinOf(makeSelfSignedCertificate(tempDir('roster-pin-unit-')).certFile);
    expect(() =>
      checkedPin({ ...pin, pem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' }),
    ).toThrow(/not a certificate/);
    expect(() => checkedPin({ ...pin, pem: other.pem })).toThrow(other.fingerprint);
  });
});

describe("Chromium's network errors", () => {
  it('become the Node codes the remote directory tells apart, or keep their own name', () => {
    expect(chromiumErrorCode(new Error('net::ERR_CONNECTION_REFUSED'))).toBe('ECONNREFUSED');
    expect(chromiumErrorCode(new Error('net::ERR_NAME_NOT_RESOLVED'))).toBe('ENOTFOUND');
    expect(
      chromiumErrorCode(
        new TypeError('fetch failed', { cause: new Error('net::ERR_CERT_AUTHORITY_INVALID') }),
      ),
    ).toBe('ERR_CERT_AUTHORITY_INVALID');
    expect(chromiumErrorCode(new Error('something else'))).toBeUndefined();
  });
});
