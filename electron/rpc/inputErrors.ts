import type { z } from 'zod';
import type { RosterErrorData } from '../../shared/contract/errors';

/** The first schema issue as a message for the user, naming the field it is about. */
export function inputError(error: z.ZodError): RosterErrorData {
  const issue = error.issues[0];
  if (!issue) return { code: 'INVALID_INPUT', message: 'The request was not valid.' };
  const field = issue.path.map(String).join('.');
  const message = describeIssue(issue);
  return field ? { code: 'INVALID_INPUT', message, field } : { code: 'INVALID_INPUT', message };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `Unexpected field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}.`;
    case 'invalid_type':
      return issue.input === undefined
        ? 'This field is required.'
        : `Expected ${issue.expected}, got ${describeValue(issue.input)}.`;
    case 'too_big':
      return issue.origin === 'string' && issue.message.startsWith('Too big')
        ? `Use at most ${String(issue.maximum)} characters.`
        : issue.message;
    default:
      return issue.message;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value;
}
