import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  characterClasses,
  DEFAULT_PASSWORD_POLICY,
  describePolicy,
  generatePassword,
  PASSWORD_LIMIT,
  passwordProblem,
  PasswordPolicySchema,
  type CharacterClass,
  type PasswordPolicy,
} from '../../shared/domain/passwordPolicy';
import { PasswordSchema } from '../../shared/domain/userRules';

/**
 * The instance's password policy as the directory, the forms and the invitation page apply it:
 * which rule a password breaks (and the sentence that says so), the policy in a few words, the
 * policies an Administrator may set, and the temporary passwords made for a reset.
 */

const policy = (changes: Partial<PasswordPolicy> = {}): PasswordPolicy => ({
  minLength: 1,
  maxLength: PASSWORD_LIMIT,
  require: [],
  notUsername: false,
  ...changes,
});

describe('passwordProblem', () => {
  it('accepts exactly the lengths of the policy, and names them when refusing', () => {
    const tenToTwelve = policy({ minLength: 10, maxLength: 12 });
    const message = 'The password must be 10 to 12 characters long.';
    expect(passwordProblem(tenToTwelve, 'a'.repeat(9))).toBe(message);
    expect(passwordProblem(tenToTwelve, 'a'.repeat(10))).toBeNull();
    expect(passwordProblem(tenToTwelve, 'a'.repeat(12))).toBeNull();
    expect(passwordProblem(tenToTwelve, 'a'.repeat(13))).toBe(message);
  });

  it('says "N characters long" when the policy allows a single length', () => {
    expect(passwordProblem(policy({ minLength: 8, maxLength: 8 }), 'short')).toBe(
      'The password must be 8 characters long.',
    );
  });

  it('counts characters (code points), not UTF-16 units', () => {
    const five = policy({ minLength: 5, maxLength: 5 });
    // Each emoji is two UTF-16 units: 10 units, 5 characters.
    const emoji = '😀😁😂🤣😃';
    expect(emoji).toHaveLength(10);
    expect(passwordProblem(five, emoji)).toBeNull();
    expect(passwordProblem(five, '😀😁😂🤣')).toBe('The password must be 5 characters long.');
    expect(passwordProblem(policy({ maxLength: 4 }), emoji)).toMatch(/1 to 4 characters/);
    // The default policy's 20 holds 20 astral characters (40 units).
    expect(passwordProblem(DEFAULT_PASSWORD_POLICY, '𝒜'.repeat(20))).toBeNull();
    expect(passwordProblem(DEFAULT_PASSWORD_POLICY, '𝒜'.repeat(21))).toMatch(/5 to 20/);
  });

  it('does not trim: spaces count as characters', () => {
    expect(passwordProblem(policy({ minLength: 5 }), '  a  ')).toBeNull();
  });

  const examples: Readonly<Record<CharacterClass, { has: string; lacks: string; label: string }>> = {
    lower: { has: 'ABCdEF', lacks: 'ABCDEF12!', label: 'a lower-case letter' },
    upper: { has: 'abcDef', lacks: 'abcdef12!', label: 'an upper-case letter' },
    digit: { has: 'abc4ef', lacks: 'abcDEF!?', label: 'a digit' },
    symbol: { has: 'abc!ef', lacks: 'abcDEF12', label: 'a symbol' },
  };

  it.each(characterClasses)('requires %s when the policy says so, and only then', (kind) => {
    const { has, lacks, label } = examples[kind];
    const requiring = policy({ require: [kind] });
    expect(passwordProblem(requiring, has)).toBeNull();
    expect(passwordProblem(requiring, lacks)).toBe(`The password must contain ${label}.`);
    expect(passwordProblem(policy(), lacks)).toBeNull();
  });

  it('knows letters and digits beyond ASCII', () => {
    const all = policy({ require: ['lower', 'upper', 'digit', 'symbol'] });
    // Greek small and capital letters, an Arabic-Indic digit, and a currency sign.
    expect(passwordProblem(all, 'αΩ٣€')).toBeNull();
    // A space is not a symbol.
    expect(passwordProblem(policy({ require: ['symbol'] }), 'abc def')).toBe(
      'The password must contain a symbol.',
    );
  });

  it('names every missing class at once, in a fixed order', () => {
    const all = policy({ require: ['symbol', 'digit', 'upper', 'lower'] });
    expect(passwordProblem(all, 'abcdef')).toBe(
      'The password must contain an upper-case letter, a digit, a symbol.',
    );
    expect(passwordProblem(all, '      ')).toBe(
      'The password must contain a lower-case letter, an upper-case letter, a digit, a symbol.',
    );
  });

  it('checks the length before the classes', () => {
    expect(passwordProblem(policy({ minLength: 10, require: ['digit'] }), 'abc')).toMatch(/10 to 256/);
  });

  it('refuses the username, whatever the case, when notUsername is set', () => {
    const strict = policy({ notUsername: true });
    expect(passwordProblem(strict, 'Alice.Smith', 'alice.smith')).toBe(
      'The password cannot be the username.',
    );
    expect(passwordProblem(strict, 'alice.smith', 'ALICE.SMITH')).toBe(
      'The password cannot be the username.',
    );
    expect(passwordProblem(strict, 'alice.smith1', 'alice.smith')).toBeNull();
    expect(passwordProblem(strict, 'alice.smith')).toBeNull();
    expect(passwordProblem(policy({ notUsername: false }), 'alice.smith', 'alice.smith')).toBeNull();
  });

  it('keeps the rules every instance had before policies (5 to 20 characters, not the username)', () => {
    expect(DEFAULT_PASSWORD_POLICY).toEqual({ minLength: 5, maxLength: 20, require: [], notUsername: true });
    expect(passwordProblem(DEFAULT_PASSWORD_POLICY, 'abcd')).toBe(
      'The password must be 5 to 20 characters long.',
    );
    expect(passwordProblem(DEFAULT_PASSWORD_POLICY, 'abcde')).toBeNull();
    expect(passwordProblem(DEFAULT_PASSWORD_POLICY, 'Owner', 'owner')).toBe(
      'The password cannot be the username.',
    );
  });
});

describe('describePolicy', () => {
  it('says the lengths, the classes in a fixed order, and the username rule', () => {
    expect(describePolicy(DEFAULT_PASSWORD_POLICY)).toBe('5 to 20 characters, not the username');
    expect(
      describePolicy({
        minLength: 10,
        maxLength: 64,
        require: ['symbol', 'digit', 'upper'],
        notUsername: true,
      }),
    ).toBe('10 to 64 characters, with an upper-case letter, a digit, a symbol, not the username');
    expect(describePolicy({ minLength: 12, maxLength: 12, require: ['lower'], notUsername: false })).toBe(
      '12 characters, with a lower-case letter',
    );
  });
});

describe('PasswordPolicySchema', () => {
  const issues = (value: unknown) => {
    const parsed = PasswordPolicySchema.safeParse(value);
    return parsed.success
      ? []
      : parsed.error.issues.map((issue) => ({ path: issue.path, message: issue.message }));
  };

  it('takes the default policy and the widest one', () => {
    expect(issues(DEFAULT_PASSWORD_POLICY)).toEqual([]);
    expect(issues(policy({ require: [...characterClasses], notUsername: true }))).toEqual([]);
  });

  it('refuses a minimum above the maximum, on minLength', () => {
    expect(issues(policy({ minLength: 11, maxLength: 10 }))).toEqual([
      { path: ['minLength'], message: 'The minimum length cannot be more than the maximum length.' },
    ]);
    expect(issues(policy({ minLength: 10, maxLength: 10 }))).toEqual([]);
  });

  it('refuses a maximum too short to hold every required class, on maxLength', () => {
    const tooShort = { minLength: 1, maxLength: 2, require: ['lower', 'upper', 'digit'], notUsername: false };
    expect(issues(tooShort)).toEqual([
      {
        path: ['maxLength'],
        message: 'The maximum length leaves no room for every required kind of character.',
      },
    ]);
    expect(issues({ ...tooShort, maxLength: 3 })).toEqual([]);
    // A class named twice needs one character, not two.
    expect(issues({ ...tooShort, maxLength: 1, require: ['digit', 'digit'] })).toEqual([]);
  });

  it.each([
    ['a length of 0', policy({ minLength: 0 }), 'minLength'],
    ['a length over the limit', policy({ maxLength: PASSWORD_LIMIT + 1 }), 'maxLength'],
    ['a fractional length', policy({ minLength: 5.5 }), 'minLength'],
    ['an unknown class', { ...policy(), require: ['emoji'] }, 'require'],
    [
      'more classes than exist',
      { ...policy(), require: ['lower', 'upper', 'digit', 'symbol', 'lower'] },
      'require',
    ],
    ['an unknown field', { ...policy(), maxAgeDays: 90 }, ''],
    ['a missing field', { minLength: 5, maxLength: 20, require: [] }, 'notUsername'],
  ])('refuses %s', (_label, value, field) => {
    const found = issues(value);
    expect(found.length).toBeGreaterThan(0);
    expect(found.map((issue) => issue.path[0] ?? '')).toContain(field);
  });
});

describe('PasswordSchema (the request boundary)', () => {
  it('takes 1 to 256 characters untrimmed, leaving the rest to the policy', () => {
    expect(PasswordSchema.safeParse('').success).toBe(false);
    expect(PasswordSchema.parse(' a ')).toBe(' a ');
    expect(PasswordSchema.safeParse('x'.repeat(PASSWORD_LIMIT)).success).toBe(true);
    expect(PasswordSchema.safeParse('x'.repeat(PASSWORD_LIMIT + 1)).success).toBe(false);
  });
});

describe('generatePassword', () => {
  const LOOK_ALIKES = /[lI1O0]/;
  /** The characters a generated password may hold: letters, digits and a few symbols, none alike. */
  const ALLOWED = /^[a-km-zA-HJ-NP-Z2-9!#%+\-=?@_]+$/;

  const random = (n: number) => {
    // The contract of randomIndex: a whole number in [0, n), for n ≥ 1.
    if (!Number.isInteger(n) || n < 1) throw new Error(`randomIndex(${n}) asked of an empty range`);
    return randomInt(n);
  };

  /** A policy an Administrator could set, drawn at random. */
  function randomPolicy(): PasswordPolicy {
    const require = characterClasses.filter(() => randomInt(2) === 1);
    const low = Math.max(1, require.length);
    const maxLength = low + randomInt(PASSWORD_LIMIT - low + 1);
    const minLength = 1 + randomInt(maxLength);
    return PasswordPolicySchema.parse({ minLength, maxLength, require, notUsername: randomInt(2) === 1 });
  }

  it('meets every one of 2,000 random policies, at 16 characters or the nearest length allowed', () => {
    const failures: string[] = [];
    for (let round = 0; round < 2_000; round++) {
      const drawn = randomPolicy();
      const password = generatePassword(drawn, random);
      const problem = passwordProblem(drawn, password, 'some.user');
      const expectedLength = Math.min(drawn.maxLength, Math.max(drawn.minLength, 16));
      if (problem !== null || Array.from(password).length !== expectedLength || !ALLOWED.test(password))
        failures.push(`${JSON.stringify(drawn)} → ${password} (${problem ?? 'length or alphabet'})`);
    }
    expect(failures).toEqual([]);
  });

  it('fits every class into the shortest password that holds them all', () => {
    const tight = policy({ minLength: 4, maxLength: 4, require: ['symbol', 'digit', 'upper', 'lower'] });
    for (let round = 0; round < 200; round++)
      expect(passwordProblem(tight, generatePassword(tight, random))).toBeNull();
    const one = policy({ maxLength: 1, require: ['digit'] });
    for (let round = 0; round < 50; round++) expect(generatePassword(one, random)).toMatch(/^[2-9]$/);
  });

  it('never uses characters that read alike (l, 1, I, O, 0)', () => {
    const long = policy({ minLength: PASSWORD_LIMIT, maxLength: PASSWORD_LIMIT });
    let seen = '';
    for (let round = 0; round < 200; round++) seen += generatePassword(long, random);
    expect(seen).not.toMatch(LOOK_ALIKES);
    // 51,200 draws from the full alphabet: every character it holds shows up.
    expect(new Set(seen).size).toBe(25 + 24 + 8 + 9);
  });

  it('draws from the random source: two passwords differ', () => {
    const first = generatePassword(DEFAULT_PASSWORD_POLICY, random);
    const second = generatePassword(DEFAULT_PASSWORD_POLICY, random);
    expect(first).not.toBe(second);
  });
});
