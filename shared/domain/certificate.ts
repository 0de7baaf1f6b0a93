import { z } from 'zod';
import { MAX_TEXT } from '../contract/limits';

/** The hex digits of a SHA-256 fingerprint in pairs, "AA:BB:…", as certificate viewers show it. */
export function formatFingerprint(hex: string): string {
  const digits = hex.replace(/[^0-9a-f]/gi, '').toUpperCase();
  return digits.match(/.{1,2}/g)?.join(':') ?? '';
}

const FINGERPRINT = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/;

/** A SHA-256 fingerprint, with or without colons, in any case; kept as "AA:BB:…". */
export const FingerprintSchema = z
  .string()
  .max(200)
  .refine(
    (value) => /^[0-9a-f:\s]*$/i.test(value),
    'A SHA-256 fingerprint is 64 hexadecimal digits, e.g. AA:BB:…',
  )
  .transform(formatFingerprint)
  .pipe(z.string().regex(FINGERPRINT, 'A SHA-256 fingerprint is 64 hexadecimal digits, e.g. AA:BB:…'));

/** The most a PEM certificate may weigh here: far above a real one (2 to 4 KB), far below harm. */
const MAX_PEM = 16_384;

/** One certificate in PEM, as `openssl` and Node write it. */
export const PemCertificateSchema = z
  .string()
  .max(MAX_PEM, 'This is too long for one certificate.')
  .regex(
    /^-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\s*$/,
    'Give one certificate in PEM form (-----BEGIN CERTIFICATE----- …).',
  );

/**
 * A certificate the admin chose to trust for one remote instance: kept with that instance's
 * settings, and accepted for it alone (exactly this certificate, whoever signed it).
 */
export const PinnedCertificateSchema = z.strictObject({
  fingerprint: FingerprintSchema,
  pem: PemCertificateSchema,
});
export type PinnedCertificate = z.infer<typeof PinnedCertificateSchema>;

/** What the admin needs to decide whether to trust a certificate the computer does not. */
export const CertificateDetailsSchema = PinnedCertificateSchema.extend({
  subject: z.string().max(MAX_TEXT),
  issuer: z.string().max(MAX_TEXT),
  /** ISO 8601. */
  validFrom: z.string().max(64),
  validTo: z.string().max(64),
});
export type CertificateDetails = z.infer<typeof CertificateDetailsSchema>;
