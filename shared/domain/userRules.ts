import { z } from 'zod';
import { MAX_TEXT } from '../contract/limits';
import { PASSWORD_LIMIT } from './passwordPolicy';

/**
 * The rules of a user's fields, shared by the forms (checked as the admin types) and
 * the main side (checked again before anything is written).
 */
export const USERNAME_MAX = 64;
export const DISPLAY_NAME_MIN = 4;
export const DISPLAY_NAME_MAX = 20;
export const EMAIL_MAX = 254;
export const GROUP_NAME_MAX = 64;

/** Bounded before trimming so a huge string is refused without being copied around. */
export const trimmed = () =>
  z
    .string()
    .max(MAX_TEXT)
    .transform((value) => value.trim());

/**
 * Characters that make a name show something other than what it holds, with
 * what to tell the admin. Zero-width joiners (U+200C, U+200D) are allowed:
 * emoji sequences and scripts such as Persian and Devanagari need them.
 */
const DECEPTIVE_CHARACTERS: readonly (readonly [RegExp, string])[] = [
  // U+2028 and U+2029 break lines as a newline does, though Unicode files them apart from Cc.
  [/[\p{Cc}\u2028\u2029]/u, 'cannot contain control characters (such as tabs or line breaks).'],
  // These reorder how the text around them is shown ("Trojan Source"), e.g. making "nimda" read "admin".
  [
    /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u,
    'cannot contain text-direction characters (bidirectional overrides).',
  ],
  // Invisible, so two names that differ only by them look the same in every list.
  [/[\u00AD\u200B\u2060\uFEFF]/u, 'cannot contain invisible characters (such as a zero-width space).'],
  // With the u flag this matches only a surrogate without its pair, which cannot be stored as UTF-8.
  [/[\uD800-\uDFFF]/u, 'contains a broken character (a lone surrogate).'],
];

/** A string refused, before its length is judged, when it holds a deceptive character. */
export const honestName = (subject: string) =>
  z.string().superRefine((value, context) => {
    const found = DECEPTIVE_CHARACTERS.find(([pattern]) => pattern.test(value));
    if (found) context.addIssue({ code: 'custom', message: `${subject} ${found[1]}` });
  });

export const UsernameSchema = trimmed().pipe(
  z
    .string()
    .min(1, 'Enter a username.')
    .max(USERNAME_MAX, `Use at most ${USERNAME_MAX} characters.`)
    .regex(/^[A-Za-z0-9._-]+$/, 'Use only letters, digits, ".", "_" and "-".'),
);

/**
 * A password as a form or a request carries it: not trimmed (spaces are part of a password) and
 * bounded. Whether it is good enough is the instance's password policy, which the directory checks
 * when it sets one.
 */
export const PasswordSchema = z
  .string()
  .min(1, 'Enter a password.')
  .max(PASSWORD_LIMIT, `Use at most ${PASSWORD_LIMIT} characters.`);

export const DisplayNameSchema = trimmed().pipe(
  honestName('The display name')
    .min(
      DISPLAY_NAME_MIN,
      `The display name must be ${DISPLAY_NAME_MIN} to ${DISPLAY_NAME_MAX} characters long.`,
    )
    .max(
      DISPLAY_NAME_MAX,
      `The display name must be ${DISPLAY_NAME_MIN} to ${DISPLAY_NAME_MAX} characters long.`,
    ),
);

export const EmailSchema = trimmed().pipe(
  z.string().min(1, 'Enter an email address.').max(EMAIL_MAX).pipe(z.email('Enter a valid email address.')),
);

export const GroupNameSchema = trimmed().pipe(
  honestName('The group name')
    .min(1, 'Enter a group name.')
    .max(GROUP_NAME_MAX, `Use at most ${GROUP_NAME_MAX} characters.`),
);

/** Usernames and group names are unique regardless of case. */
export const uniqueKey = (name: string): string => name.toLowerCase();

export const GENERIC_USERNAME_PREFIX = 'user';
