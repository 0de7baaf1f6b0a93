import type { RemoteFailureKind, RosterErrorData } from '../../../shared/contract/errors';
import type { InstanceView } from '../../../shared/domain/instance';

const TITLES: Record<RemoteFailureKind, string> = {
  unreachable: 'Server unreachable',
  timeout: 'The server did not answer in time',
  tls: 'Certificate problem',
  'untrusted-certificate': 'Certificate not trusted',
  credentials: 'Wrong username or password',
  locked: 'Account locked',
  'rate-limited': 'Too many sign-in attempts',
  forbidden: 'Not allowed',
  'password-change': 'New password needed',
  'not-admin': 'May not manage users',
  'wrong-api': 'Incompatible server',
  validation: 'Refused by the server',
  'not-found': 'Not found on the server',
  conflict: 'Conflicting change',
  stale: 'Changed on the server meanwhile',
  unavailable: 'Server unavailable',
  server: 'Server error',
  'bad-answer': 'Unexpected answer from the server',
};

/** A short title for an error from a remote instance, e.g. "Server unreachable"; undefined for other errors. */
export const failureTitle = (error: RosterErrorData): string | undefined =>
  error.kind === undefined ? undefined : TITLES[error.kind];

/**
 * Failures that connecting again cannot mend: it would send the same saved password, which the
 * server refused or must see replaced first, and add failed sign-ins that may lock the account.
 * Only Edit connection… helps.
 */
const NEEDS_NEW_PASSWORD: ReadonlySet<RemoteFailureKind> = new Set(['credentials', 'password-change']);

/** Whether Retry is worth offering for an instance in error. */
export const retryMayHelp = (instance: Pick<InstanceView, 'stateKind'>): boolean =>
  instance.stateKind === undefined || !NEEDS_NEW_PASSWORD.has(instance.stateKind);

/**
 * What the button that opens Edit connection… for an instance in error says, and its accessible
 * name: for a refused certificate, what mends it is the dialog's offer to trust the certificate.
 */
export function mendingButton(instance: Pick<InstanceView, 'name' | 'stateKind'>): {
  label: string;
  name: string;
} {
  return instance.stateKind === 'untrusted-certificate'
    ? { label: 'Review certificate…', name: `Review certificate of ${instance.name}` }
    : { label: 'Edit connection…', name: `Edit connection of ${instance.name}` };
}
