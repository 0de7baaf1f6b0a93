import { argon2id, hash as argon2Hash, verify as argon2Verify, type HashOptions } from 'argon2';
import { createLimiter } from '../common/limiter';

export interface Argon2idParams {
  /** Memory per hash, in KiB. */
  readonly memoryKiB: number;
  /** Passes over that memory (argon2's "t", or time cost). */
  readonly iterations: number;
  /** Lanes (argon2's "p"). */
  readonly parallelism: number;
}

/**
 * OWASP's minimum for argon2id (Password Storage Cheat Sheet): 19 MiB, 2 iterations, 1 lane.
 * The README cites this constant; raise it, never lower it, for production use.
 * https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#argon2id
 */
export const OWASP_ARGON2ID_MINIMUM: Argon2idParams = Object.freeze({
  memoryKiB: 19_456,
  iterations: 2,
  parallelism: 1,
});

export interface PasswordHasher {
  /** An encoded argon2id string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`) with a fresh random salt. */
  hash(password: string): Promise<string>;
  /** Whether `password` matches `hash`; false, never an error, for a hash it cannot read. */
  verify(hash: string, password: string): Promise<boolean>;
}

/**
 * Hashes running at once: libuv's default thread pool size. The rest wait here, in JavaScript,
 * rather than in libuv's queue, which no one can empty: a process exiting with hundreds of hashes
 * queued there (a burst of sign-ins at shutdown) would run them all before it could end, and every
 * other thread-pool job (file reads, DNS) would wait behind them meanwhile.
 */
export const HASHES_AT_ONCE = 4;

/**
 * Passwords are low-entropy, so they get a slow, memory-hard hash (argon2id) with a random salt
 * per hash; the encoded string carries its own parameters, so raising them later keeps old
 * hashes verifiable. Nothing here logs, and no error message contains the password.
 */
export function createPasswordHasher(params: Argon2idParams = OWASP_ARGON2ID_MINIMUM): PasswordHasher {
  const options: HashOptions = {
    type: argon2id,
    memoryCost: params.memoryKiB,
    timeCost: params.iterations,
    parallelism: params.parallelism,
  };
  const slot = createLimiter(HASHES_AT_ONCE);
  return {
    hash: (password) => slot(async () => inSpecOrder(await argon2Hash(password, options))),
    verify: (hash, password) =>
      slot(async () => {
        try {
          return await argon2Verify(hash, password);
        } catch {
          // A malformed or foreign hash (a damaged row, an import from elsewhere) fails closed:
          // the password does not match, which is what the caller must act on anyway.
          return false;
        }
      }),
  };
}

/**
 * node-argon2 0.45 encodes the parameters as `m=…,p=…,t=…`, but the PHC string format fixes the
 * order `m,t,p`, and the reference libargon2 (behind most other languages' bindings) refuses to
 * decode anything else (https://github.com/ranisalt/node-argon2/issues/559). Stored hashes are
 * rewritten in the spec's order so that they stay portable; node-argon2 reads either order.
 */
function inSpecOrder(encoded: string): string {
  const match = /^(\$argon2id\$v=\d+\$)([^$]+)(\$[^$]+\$[^$]+)$/.exec(encoded);
  if (!match) return encoded;
  const [, head = '', list = '', tail = ''] = match;
  const params: Partial<Record<string, string>> = {};
  for (const pair of list.split(',')) {
    const [key = '', value = ''] = pair.split('=', 2);
    params[key] = value;
  }
  const { m, t, p, ...others } = params;
  if (m === undefined || t === undefined || p === undefined || Object.keys(others).length > 0) return encoded;
  return `${head}m=${m},t=${t},p=${p}${tail}`;
}
