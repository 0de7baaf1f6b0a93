import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Keeping something only its holder can read back: sealed with AES-256-GCM under a key derived
 * (HKDF-SHA-256) from a secret the caller holds and the store never sees. Used for the first answer
 * to an idempotent create, which may hold a token pair.
 */
const IV_BYTES = 12;
const TAG_BYTES = 16;

const keyFrom = (secret: string, context: string): Buffer =>
  Buffer.from(hkdfSync('sha256', secret, context, 'roster sealed answer', 32));

export function seal(secret: string, context: string, plain: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(secret, context), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** Undefined when the secret or context is not the one it was sealed with, or the bytes were changed. */
export function unseal(secret: string, context: string, sealed: Buffer): string | undefined {
  if (sealed.length < IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFrom(secret, context), sealed.subarray(0, IV_BYTES));
    decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return undefined;
  }
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
export const hmacHex = (secret: string, text: string): string =>
  createHmac('sha256', secret).update(text, 'utf8').digest('hex');
