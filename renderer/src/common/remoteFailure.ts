import type { RemoteFailureKind, RosterErrorData } from '../../../shared/contract/errors';

const TITLES: Record<RemoteFailureKind, string> = {
  unreachable: 'Server unreachable',
  timeout: 'The server did not answer in time',
  tls: 'Certificate not trusted',
  credentials: 'Wrong username or password',
  locked: 'Account locked',
  'rate-limited': 'Too many sign-in attempts',
  forbidden: 'Not allowed',
  'not-admin': 'Not an administrator',
  'wrong-api': 'Incompatible server',
  validation: 'Refused by the server',
  'not-found': 'Not found on the server',
  conflict: 'Conflicting change',
  unavailable: 'Server unavailable',
  server: 'Server error',
  'bad-answer': 'Unexpected answer from the server',
};

/** Failures that may go away by themselves: trying the same thing again is worth offering. */
const PASSING: ReadonlySet<RemoteFailureKind> = new Set([
  'unreachable',
  'timeout',
  'unavailable',
  'server',
  'locked',
  'rate-limited',
]);

/** A short title for an error from a remote instance, e.g. "Server unreachable"; undefined for other errors. */
export const failureTitle = (error: RosterErrorData): string | undefined =>
  error.kind === undefined ? undefined : TITLES[error.kind];

/** Whether to offer Retry next to this error. */
export const isPassingFailure = (error: RosterErrorData): boolean =>
  error.kind !== undefined && PASSING.has(error.kind);
