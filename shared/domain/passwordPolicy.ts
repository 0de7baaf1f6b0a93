import { z } from 'zod';

/** The longest password any policy may allow: long passphrases fit, a megabyte of text does not. */
export const PASSWORD_LIMIT = 256;

export const characterClasses = ['lower', 'upper', 'digit', 'symbol'] as const;
export type CharacterClass = (typeof characterClasses)[number];

export const CHARACTER_CLASS_LABELS: Readonly<Record<CharacterClass, string>> = {
  lower: 'a lower-case letter',
  upper: 'an upper-case letter',
  digit: 'a digit',
  symbol: 'a symbol',
};

const CLASS_PATTERNS: Readonly<Record<CharacterClass, RegExp>> = {
  lower: /\p{Ll}/u,
  upper: /\p{Lu}/u,
  digit: /\p{Nd}/u,
  symbol: /[^\p{L}\p{Nd}\s]/u,
};

/**
 * What an instance asks of every password set on it: by an administrator, by the user themselves,
 * on accepting an invitation. Lengths count characters (code points), not UTF-16 units.
 */
export const PasswordPolicySchema = z
  .strictObject({
    minLength: z.number().int().min(1).max(PASSWORD_LIMIT),
    maxLength: z.number().int().min(1).max(PASSWORD_LIMIT),
    /** The character classes every password must contain at least one of. */
    require: z.array(z.enum(characterClasses)).max(characterClasses.length),
    /** Refuses a password equal to the username, regardless of case. */
    notUsername: z.boolean(),
  })
  .refine((policy) => policy.minLength <= policy.maxLength, {
    error: 'The minimum length cannot be more than the maximum length.',
    path: ['minLength'],
  })
  .refine((policy) => policy.maxLength >= new Set(policy.require).size, {
    error: 'The maximum length leaves no room for every required kind of character.',
    path: ['maxLength'],
  })
  .meta({ id: 'PasswordPolicy' });
export type PasswordPolicy = z.infer<typeof PasswordPolicySchema>;

/** 5 to 20 characters, of any kind, as every instance had before policies could be set. */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  minLength: 5,
  maxLength: 20,
  require: [],
  notUsername: true,
};

const length = (text: string): number => Array.from(text).length;

/** The first rule of `policy` that `password` breaks, as a sentence for the person typing it; null if none. */
export function passwordProblem(policy: PasswordPolicy, password: string, username?: string): string | null {
  const size = length(password);
  if (size < policy.minLength || size > policy.maxLength)
    return policy.minLength === policy.maxLength
      ? `The password must be ${policy.minLength} characters long.`
      : `The password must be ${policy.minLength} to ${policy.maxLength} characters long.`;
  const missing = characterClasses.filter(
    (kind) => policy.require.includes(kind) && !CLASS_PATTERNS[kind].test(password),
  );
  if (missing.length > 0)
    return `The password must contain ${missing.map((kind) => CHARACTER_CLASS_LABELS[kind]).join(', ')}.`;
  if (policy.notUsername && username !== undefined && password.toLowerCase() === username.toLowerCase())
    return 'The password cannot be the username.';
  return null;
}

/** A policy in a few words, for a form's helper text. */
export function describePolicy(policy: PasswordPolicy): string {
  const sizes =
    policy.minLength === policy.maxLength
      ? `${policy.minLength} characters`
      : `${policy.minLength} to ${policy.maxLength} characters`;
  const kinds = characterClasses.filter((kind) => policy.require.includes(kind));
  const withKinds =
    kinds.length === 0 ? '' : `, with ${kinds.map((kind) => CHARACTER_CLASS_LABELS[kind]).join(', ')}`;
  return `${sizes}${withKinds}${policy.notUsername ? ', not the username' : ''}`;
}

const ALPHABETS: Readonly<Record<CharacterClass, string>> = {
  // Without the letters and digits that read alike (l, 1, I, O, 0), since people copy these by eye too.
  lower: 'abcdefghijkmnopqrstuvwxyz',
  upper: 'ABCDEFGHJKLMNPQRSTUVWXYZ',
  digit: '23456789',
  symbol: '!#%+-=?@_',
};

/** Long enough to resist guessing for the hours a temporary password lives, short enough to type. */
const GENERATED_LENGTH = 16;

/**
 * A temporary password that `policy` accepts: one character of every class (so any requirement is
 * met), the rest from all of them, shuffled. `randomIndex(n)` must answer a uniform integer in
 * [0, n) from a cryptographic source (node:crypto's randomInt, or crypto.getRandomValues).
 */
export function generatePassword(policy: PasswordPolicy, randomIndex: (n: number) => number): string {
  const size = Math.min(policy.maxLength, Math.max(policy.minLength, GENERATED_LENGTH));
  const pick = (alphabet: string) => alphabet.charAt(randomIndex(alphabet.length));
  const all = characterClasses.map((kind) => ALPHABETS[kind]).join('');
  // The required classes first, so that even the shortest password the policy allows holds them.
  const kinds = [...characterClasses].sort(
    (a, b) => Number(policy.require.includes(b)) - Number(policy.require.includes(a)),
  );
  const chars = kinds.slice(0, size).map((kind) => pick(ALPHABETS[kind]));
  while (chars.length < size) chars.push(pick(all));
  for (let index = chars.length - 1; index > 0; index -= 1) {
    const other = randomIndex(index + 1);
    [chars[index], chars[other]] = [chars[other] as string, chars[index] as string];
  }
  return chars.join('');
}
