import { mayHoldEverlastingKey } from '../../../../../shared/domain/apiKeys';
import type { Role } from '../../../../../shared/domain/roles';
import { fullTime } from '../../timeText';

export interface Lifetime {
  id: string;
  label: string;
  /** Null: the key never expires. */
  days: number | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const DEFAULT_LIFETIME: Lifetime = { id: '30', label: '30 days', days: 30 };

const PRESETS: readonly Lifetime[] = [
  { id: '1', label: '1 day', days: 1 },
  { id: '7', label: '7 days', days: 7 },
  DEFAULT_LIFETIME,
  { id: '90', label: '90 days', days: 90 },
  { id: '365', label: '1 year', days: 365 },
];

const NEVER: Lifetime = { id: 'never', label: 'Never expires', days: null };

/** Offering "Never expires" only where the instance would accept it saves the admin a refusal. */
export const lifetimesFor = (role: Role): readonly Lifetime[] =>
  mayHoldEverlastingKey(role) ? [...PRESETS, NEVER] : PRESETS;

/** When a key made now would stop working: the instance counts the days from its own clock. */
export const expiryHint = (days: number | null, now: number = Date.now()): string =>
  days === null
    ? 'The key works until it is revoked.'
    : `Expires about ${fullTime(new Date(now + days * DAY_MS).toISOString())}.`;
