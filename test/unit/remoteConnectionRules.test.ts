import { describe, expect, it } from 'vitest';
import { isPassingFailure, remoteFailureKinds } from '../../shared/contract/errors';
import {
  ServerUrlSchema,
  SignInNameSchema,
  SignInPasswordSchema,
  TimeoutSecondsSchema,
} from '../../shared/domain/instance';

const messageOf = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.error?.issues[0]?.message;

describe('the server address rule', () => {
  it.each([
    ['https://integrate.example.com:8443', 'https://integrate.example.com:8443'],
    ['  http://127.0.0.1:8080/  ', 'http://127.0.0.1:8080'],
    ['https://example.com/roster//', 'https://example.com/roster'],
    ['http://[::1]:8080', 'http://[::1]:8080'],
  ])('accepts %j as %j', (input, expected) => {
    expect(ServerUrlSchema.parse(input)).toBe(expected);
  });

  it.each([
    ['', /Enter the server address/],
    ['   ', /Enter the server address/],
    ['integrate.example.com', /starts with http:\/\/ or https:\/\//],
    ['ftp://integrate.example.com', /starts with http:\/\/ or https:\/\//],
    ['file:///etc/passwd', /starts with http:\/\/ or https:\/\//],
    ['http://owner:secret@example.com', /Leave sign-in details/],
    ['http://example.com/?next=1', /Leave sign-in details/],
    ['http://example.com/#top', /Leave sign-in details/],
  ])('refuses %j, saying why', (input, message) => {
    expect(messageOf(ServerUrlSchema.safeParse(input))).toMatch(message);
  });

  it('refuses a huge address before looking at it', () => {
    expect(ServerUrlSchema.safeParse(`http://${'a'.repeat(5000)}.com`).success).toBe(false);
  });
});

describe('the sign-in rules', () => {
  it('trims the username but never the password', () => {
    expect(SignInNameSchema.parse('  owner ')).toBe('owner');
    expect(SignInPasswordSchema.parse(' pass word ')).toBe(' pass word ');
  });

  it('asks for a username and a password', () => {
    expect(messageOf(SignInNameSchema.safeParse('  '))).toMatch(/Enter the username/);
    expect(messageOf(SignInPasswordSchema.safeParse(''))).toBe('Enter the password.');
  });

  it.each([0, -1, 301, 1.5, Number.NaN])('refuses a timeout of %s seconds', (seconds) => {
    expect(TimeoutSecondsSchema.safeParse(seconds).success).toBe(false);
  });

  it.each([1, 10, 300])('accepts a timeout of %s seconds', (seconds) => {
    expect(TimeoutSecondsSchema.parse(seconds)).toBe(seconds);
  });
});

describe('which failures are worth trying again', () => {
  it('are only those of a server down, slow or failing for a moment', () => {
    expect(remoteFailureKinds.filter((kind) => isPassingFailure({ kind }))).toEqual([
      'unreachable',
      'timeout',
      'unavailable',
      'server',
    ]);
    expect(isPassingFailure({})).toBe(false);
  });
});
