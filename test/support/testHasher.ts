import { createPasswordHasher, type Argon2idParams } from '../../electron/secrets/passwordHasher';

/**
 * argon2id at a tiny cost (64 KiB, one pass), for tests that are not about hashing: the same code,
 * library and encoded hashes as the product's, at a fraction of a millisecond instead of about 50 ms
 * a hash, which the suites spent minutes on. The product's own parameters are checked where they
 * matter: the hasher's tests, and the instance server storing a password it was sent.
 */
export const TEST_ARGON2ID: Argon2idParams = Object.freeze({ memoryKiB: 64, iterations: 1, parallelism: 1 });

export const testHasher = createPasswordHasher(TEST_ARGON2ID);
