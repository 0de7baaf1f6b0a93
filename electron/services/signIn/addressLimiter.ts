import { isIPv6 } from 'node:net';

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

/** Entries kept at most; past it, finished windows are dropped, then the oldest. */
const MAX_ENTRIES = 100_000;

export type Take = { ok: true } | { ok: false; retryAt: number };

export interface AddressLimiter {
  /**
   * Counts an attempt from `address` before its password is checked (check and
   * count happen in one synchronous step, so parallel attempts cannot slip
   * past the limit); refused, with when to retry, once the window is full.
   */
  take: (address: string, now: number) => Take;
  /** Gives back an attempt that was not a failed guess (a right password, a locked account). */
  giveBack: (address: string) => void;
}

/**
 * In memory, in fixed windows per address, each starting at the attempt that
 * first counted a failure: it is reset when the server
 * restarts, which costs an attacker a restart they cannot cause. Behind a
 * reverse proxy every client shares the proxy's address; run the server
 * directly where this limit matters.
 */
export function createAddressLimiter(limit: AddressLimit): AddressLimiter {
  const windows = new Map<string, { start: number; count: number }>();

  const prune = (now: number) => {
    for (const [key, window] of windows) if (now - window.start >= limit.windowMs) windows.delete(key);
    for (const key of windows.keys()) {
      if (windows.size < MAX_ENTRIES) break;
      windows.delete(key);
    }
  };

  return {
    take(address, now) {
      const key = addressKey(address);
      let window = windows.get(key);
      if (!window || now - window.start >= limit.windowMs) {
        if (!window && windows.size >= MAX_ENTRIES) prune(now);
        window = { start: now, count: 0 };
        windows.set(key, window);
      }
      if (window.count >= limit.maxFailures) return { ok: false, retryAt: window.start + limit.windowMs };
      window.count += 1;
      return { ok: true };
    },
    giveBack(address) {
      const key = addressKey(address);
      const window = windows.get(key);
      if (!window) return;
      window.count -= 1;
      // No failure in it: the window starts at the address's next failure, not at a success.
      if (window.count <= 0) windows.delete(key);
    },
  };
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
