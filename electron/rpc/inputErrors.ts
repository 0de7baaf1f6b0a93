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

/**
 * Zod keeps the value it was given out of its issues (unless parsing asks for
 * it with reportInput), so its default message is the only place left that
 * says a field was missing rather than of the wrong type.
 */
const RECEIVED_NOTHING = /received undefined$/;

/** The JSON type each of zod's expected types stands for, in the user's words. */
const TYPE_NAMES: Partial<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  tuple: 'a list',
  object: 'an object',
  record: 'an object',
};

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `Unexpected field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}.`;
    case 'invalid_type':
      return describeWrongType(issue);
    case 'too_big':
      return issue.origin === 'string' && issue.message.startsWith('Too big')
        ? `Use at most ${String(issue.maximum)} characters.`
        : issue.message;
    default:
      return issue.message;
  }
}

function describeWrongType(issue: z.core.$ZodIssueInvalidType): string {
  const isField = issue.path.length > 0;
  if (RECEIVED_NOTHING.test(issue.message))
    return isField ? 'This field is required.' : 'The request was empty.';
  const subject = isField ? 'This field' : 'The request';
  const type = TYPE_NAMES[issue.expected];
  return type ? `${subject} must be ${type}.` : `${subject} has the wrong type.`;
}
