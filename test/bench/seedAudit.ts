import type { Database } from 'better-sqlite3';
import { recordAudit, type AuditRecord } from '../../electron/services/directory/local/auditLog';
import { sampleUser } from './seedDirectory';

const DAY_MS = 86_400_000;
/** Entries written per transaction. */
const BATCH = 50_000;

export interface AuditSeed {
  entries: number;
  /** The first entry's time; the others follow, evenly spread over `days`. */
  start: Date;
  days: number;
  /** How many users and groups the entries name (as ids 1…n, named as seedDirectory names them). */
  users: number;
  groups: number;
}

/** A deterministic generator (mulberry32): every run writes the same log. */
function randomFrom(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const ADMINS = Array.from({ length: 12 }, (_, n) => `api:${sampleUser(n).username}`);
export const LOCAL_ACTOR = 'local:owner';
const FAILURES = ['wrong password', 'unknown user', 'account disabled', 'account locked'];
const groupName = (id: number) => `group-${String(id - 1).padStart(4, '0')}`;

/**
 * A year of an instance's log: mostly sign-ins and refreshes, then edits of users, memberships
 * (relating the users or the group changed, as the app writes them), groups, a few password
 * resets, tokens and settings; a dozen administrators and the local owner act, sign-ins come from
 * a few hundred addresses.
 */
function entryOf(random: () => number, options: AuditSeed): AuditRecord {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const userId = 1 + Math.floor(random() * options.users);
  const user = sampleUser(userId);
  const address = `10.${Math.floor(random() * 4)}.${Math.floor(random() * 250)}.${Math.floor(random() * 250)}`;
  const admin = random() < 0.1 ? LOCAL_ACTOR : pick(ADMINS);
  const onUser = { targetType: 'user' as const, targetId: userId, targetName: user.username };
  const roll = random();
  if (roll < 0.4)
    return { actor: `api:${user.username}`, source: address, action: 'signIn.refresh', ...onUser };
  if (roll < 0.65)
    return { actor: `login from ${address}`, source: address, action: 'signIn.success', ...onUser };
  if (roll < 0.7)
    return {
      actor: `login from ${address}`,
      source: address,
      action: 'signIn.failure',
      ...onUser,
      detail: pick(FAILURES),
    };
  if (roll < 0.72)
    return { actor: `api:${user.username}`, source: address, action: 'signIn.signOut', ...onUser };
  if (roll < 0.82)
    return {
      actor: admin,
      action: 'user.update',
      ...onUser,
      before: { username: user.username, displayName: user.displayName, email: user.email, enabled: true },
      after: {
        username: user.username,
        displayName: `${user.displayName.split(' ')[0] ?? ''} ${pick(['Moreau', 'Ng', 'Berg', 'Sato'])}`,
        email: user.email,
        enabled: true,
      },
    };
  if (roll < 0.85)
    return {
      actor: admin,
      action: random() < 0.5 ? 'user.disable' : 'user.enable',
      ...onUser,
      before: { enabled: true },
      after: { enabled: false },
    };
  if (roll < 0.9) {
    const groupId = 1 + Math.floor(random() * options.groups);
    const members = [userId, 1 + (userId % options.users)];
    const names = members.map((id) => sampleUser(id).username);
    const added = random() < 0.6;
    return {
      actor: admin,
      action: added ? 'group.addMembers' : 'group.removeMembers',
      targetType: 'group',
      targetId: groupId,
      targetName: groupName(groupId),
      after: added ? { added: names } : { removed: names },
      related: { type: 'user', ids: members },
    };
  }
  if (roll < 0.93)
    return {
      actor: admin,
      action: 'user.create',
      ...onUser,
      after: { username: user.username, displayName: user.displayName, email: user.email, enabled: true },
    };
  if (roll < 0.95)
    return { actor: admin, action: 'user.resetPassword', ...onUser, after: { passwordReset: true } };
  if (roll < 0.97) return { actor: admin, action: 'token.generate', ...onUser };
  if (roll < 0.985) {
    const groupId = 1 + Math.floor(random() * options.groups);
    return {
      actor: admin,
      action: 'user.groups',
      ...onUser,
      before: { groups: [] },
      after: { groups: [groupName(groupId)] },
      related: { type: 'group', ids: [groupId] },
    };
  }
  if (roll < 0.995)
    return {
      actor: admin,
      action: 'user.role',
      ...onUser,
      before: { role: 'user' },
      after: { role: 'auditor' },
    };
  if (roll < 0.999)
    return { actor: admin, action: 'user.delete', ...onUser, before: { username: user.username } };
  return {
    actor: admin,
    action: 'instance.passwordPolicy',
    targetType: 'instance',
    before: { minLength: 8 },
    after: { minLength: 12 },
  };
}

/** Appends `entries` entries through recordAudit (so chained as the app chains them), in large transactions. */
export function seedAudit(db: Database, options: AuditSeed): void {
  const random = randomFrom(14);
  const step = (options.days * DAY_MS) / options.entries;
  const start = options.start.getTime();
  for (let from = 0; from < options.entries; from += BATCH)
    db.transaction(() => {
      for (let n = from; n < Math.min(options.entries, from + BATCH); n++)
        recordAudit(db, new Date(start + n * step).toISOString(), entryOf(random, options));
    })();
}
