import { isIPv6 } from 'node:net';
import { get, run, type Work } from '../../database/portable/steps';

/** Failed logins one client address may make per window, across every username. */
export interface AddressLimit {
  maxFailures: number;
  windowMs: number;
}

/**
 * 20 per 15 minutes: enough for a handful of people behind one NAT mistyping
 * their passwords, while one address can lock at most 4 accounts (at 5
 * failures each) per window before it is refused outright.
 */
export const DEFAULT_ADDRESS_LIMIT: AddressLimit = Object.freeze({ maxFailures: 20, windowMs: 15 * 60_000 });

export type Take = { ok: true } | { ok: false; retryAt: number };

/**
 * Counts an attempt from `address` before its password is checked; refused, with when to retry,
 * once the window is full. Windows are fixed, per address, each starting at the attempt that first
 * counted a failure. Run inside the sign-in's write transaction: attempts in parallel, in any
 * process serving the instance, then take turns, and none slips past the limit.
 */
export function* takeAddressAttempt(address: string, now: number, limit: AddressLimit): Work<Take> {
  const key = addressKey(address);
  const window = yield* get<{ window_start: number; failures: number }>(
    'SELECT window_start, failures FROM sign_in_addresses WHERE address_key = ?',
    key,
  );
  if (!window || now - window.window_start >= limit.windowMs) {
    // Finished windows count for nothing: whoever starts a new one sweeps them away.
    yield* run('DELETE FROM sign_in_addresses WHERE window_start <= ?', now - limit.windowMs);
    yield* run(
      `INSERT INTO sign_in_addresses (address_key, window_start, failures) VALUES (?, ?, 1)
       ON CONFLICT (address_key) DO UPDATE SET window_start = excluded.window_start, failures = 1`,
      key,
      now,
    );
    return { ok: true };
  }
  if (window.failures >= limit.maxFailures)
    return { ok: false, retryAt: window.window_start + limit.windowMs };
  yield* run('UPDATE sign_in_addresses SET failures = failures + 1 WHERE address_key = ?', key);
  return { ok: true };
}

/**
 * Gives back an attempt that was not a failed guess (a right password, a locked account). A window
 * left with no failure goes: the address's next window starts at its next failure, not at a success.
 */
export function* giveBackAddressAttempt(address: string): Work<void> {
  const key = addressKey(address);
  yield* run(
    'UPDATE sign_in_addresses SET failures = failures - 1 WHERE address_key = ? AND failures > 0',
    key,
  );
  yield* run('DELETE FROM sign_in_addresses WHERE address_key = ? AND failures = 0', key);
}

/**
 * What counts as one client: an IPv4 address (also when written IPv4-mapped,
 * `::ffff:a.b.c.d`), or an IPv6 /64, the block one host or site usually gets.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('%')[0]?.split('::') ?? [];
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  // A trailing dotted IPv4 part (`::ffff:1.2.3.4`, `64:ff9b::1.2.3.4`) stands for two groups.
  const width = (groups: string[]) => groups.reduce((sum, group) => sum + (group.includes('.') ? 2 : 1), 0);
  const missing = 8 - width(headGroups) - width(tailGroups);
  const groups = address.includes('::')
    ? [...headGroups, ...Array<string>(Math.max(0, missing)).fill('0'), ...tailGroups]
    : headGroups;
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
