import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createPasswordHasher, OWASP_ARGON2ID_MINIMUM } from '../../../electron/secrets/passwordHasher';

// The real argon2 binding, at the real parameters: each hash takes a few tens of milliseconds.
const hasher = createPasswordHasher();

/**
 * Asks the reference implementation, libargon2 (Debian's libargon2-1, through Python's ctypes),
 * whether `password` matches `encoded`: 0 means yes. Undefined where either is missing.
 */
function referenceVerify(encoded: string, password: string): number | undefined {
  const script = [
    'import ctypes, sys',
    'lib = ctypes.CDLL("libargon2.so.1")',
    'lib.argon2id_verify.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t]',
    'pwd = sys.stdin.buffer.read()',
    'print(lib.argon2id_verify(sys.argv[1].encode(), pwd, len(pwd)))',
  ].join('\n');
  const result = spawnSync('python3', ['-c', script, encoded], { input: password, encoding: 'utf8' });
  return result.status === 0 ? Number(result.stdout.trim()) : undefined;
}
const hasReference = referenceVerify('', '') !== undefined;

describe('the password hasher', () => {
  it("defaults to OWASP's argon2id minimum: 19 MiB, 2 iterations, 1 lane", () => {
    expect(OWASP_ARGON2ID_MINIMUM).toEqual({ memoryKiB: 19_456, iterations: 2, parallelism: 1 });
    expect(Object.isFrozen(OWASP_ARGON2ID_MINIMUM)).toBe(true);
  });

  it('produces an encoded argon2id hash that carries those parameters and not the password', async () => {
    const hash = await hasher.hash('correct horse');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(hash).not.toContain('correct horse');
  });

  it.skipIf(!hasReference)(
    `writes hashes the reference libargon2 can verify${hasReference ? '' : ' (skipped: python3 or libargon2-1 missing)'}`,
    async () => {
      const hash = await hasher.hash('pässwörd ✓');
      expect(referenceVerify(hash, 'pässwörd ✓')).toBe(0);
      expect(referenceVerify(hash, 'passwörd ✓')).not.toBe(0);
    },
  );

  it('uses the parameters it is given', async () => {
    const stronger = createPasswordHasher({ memoryKiB: 47_104, iterations: 3, parallelism: 2 });
    const hash = await stronger.hash('correct horse');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=47104,t=3,p=2\$/);
    // The parameters travel in the hash, so any hasher verifies it.
    expect(await hasher.verify(hash, 'correct horse')).toBe(true);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hasher.hash('correct horse');
    expect(await hasher.verify(hash, 'correct horse')).toBe(true);
    expect(await hasher.verify(hash, 'correct horsf')).toBe(false);
    expect(await hasher.verify(hash, 'Correct horse')).toBe(false);
    expect(await hasher.verify(hash, '')).toBe(false);
  });

  it('handles passwords outside ASCII', async () => {
    const hash = await hasher.hash('pässwörd ✓ 密码');
    expect(await hasher.verify(hash, 'pässwörd ✓ 密码')).toBe(true);
    expect(await hasher.verify(hash, 'passwörd ✓ 密码')).toBe(false);
  });

  it('salts every hash: the same password hashes differently each time, and both verify', async () => {
    const [first, second] = await Promise.all([hasher.hash('same password'), hasher.hash('same password')]);
    expect(first).not.toBe(second);
    expect(await hasher.verify(first, 'same password')).toBe(true);
    expect(await hasher.verify(second, 'same password')).toBe(true);
  });

  it.each([
    ['an empty string', ''],
    ['plain text', 'not a hash'],
    ['the password itself', 'correct horse'],
    ['a truncated hash', '$argon2id$v=19$m=19456,t=2,p=1$'],
    ['bad base64', '$argon2id$v=19$m=19456,t=2,p=1$!!!!$????'],
    ['an unknown algorithm', '$argon3$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNo'],
    ['a bcrypt hash', '$2b$12$KIXQJ5gQ9nXc0lTT1xM5UOV2E0mN3c5p8C1E1j7dyKp6Xo6k1bG3e'],
  ])('returns false, without throwing, for a malformed hash: %s', async (_label, malformed) => {
    await expect(hasher.verify(malformed, 'correct horse')).resolves.toBe(false);
  });
});
