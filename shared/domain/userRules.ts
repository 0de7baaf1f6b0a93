import { z } from 'zod';
import { MAX_TEXT } from '../contract/limits';

/**
 * The rules of seed 000, shared by the forms (checked as the admin types) and
 * the main side (checked again before anything is written).
 */
export const USERNAME_MAX = 64;
export const PASSWORD_MIN = 5;
export const PASSWORD_MAX = 20;
export const DISPLAY_NAME_MIN = 4;
export const DISPLAY_NAME_MAX = 20;
export const EMAIL_MAX = 254;
export const GROUP_NAME_MAX = 64;

/** Bounded before trimming so a huge string is refused without being copied around. */
const trimmed = () =>
  z
    .string()
    .max(MAX_TEXT)
    .transform((value) => value.trim());

export const UsernameSchema = trimmed().pipe(
  z
    .string()
    .min(1, 'Enter a username.')
    .max(USERNAME_MAX, `Use at most ${USERNAME_MAX} characters.`)
    .regex(/^[A-Za-z0-9._-]+$/, 'Use only letters, digits, ".", "_" and "-".'),
);

const PASSWORD_LENGTH = `The password must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters long.`;

/** Not trimmed: spaces are part of a password. */
export const PasswordSchema = z
  .string()
  .min(PASSWORD_MIN, PASSWORD_LENGTH)
  .max(PASSWORD_MAX, PASSWORD_LENGTH);

export const DisplayNameSchema = trimmed().pipe(
  z
    .string()
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
  z.string().min(1, 'Enter a group name.').max(GROUP_NAME_MAX, `Use at most ${GROUP_NAME_MAX} characters.`),
);

/** Usernames and group names are unique regardless of case. */
export const uniqueKey = (name: string): string => name.toLowerCase();

export const GENERIC_USERNAME_PREFIX = 'user';
