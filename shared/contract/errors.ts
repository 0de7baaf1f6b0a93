import { z } from 'zod';
import { CertificateDetailsSchema } from '../domain/certificate';

export const errorCodes = [
  'INVALID_INPUT',
  'UNKNOWN_CHANNEL',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  /** A conditional write found the resource at another version: someone else changed it first. */
  'STALE',
  /** The account's password was reset: until its user picks a new one, nothing else is allowed. */
  'PASSWORD_CHANGE_REQUIRED',
  'UNAVAILABLE',
  'BAD_FILE',
  'INTERNAL',
] as const;

/**
 * Why a call to a remote instance failed, finer than the code, so that the UI
 * can explain it and offer what helps (Retry, Edit connection…).
 */
export const remoteFailureKinds = [
  'unreachable',
  'timeout',
  'tls',
  /**
   * The server's certificate is signed by no authority this computer trusts, or for another name,
   * or is not the one trusted for this instance: the error carries it, so that the admin may trust it.
   */
  'untrusted-certificate',
  'credentials',
  'locked',
  'rate-limited',
  'forbidden',
  'password-change',
  'not-admin',
  'wrong-api',
  'validation',
  'not-found',
  'conflict',
  'stale',
  'unavailable',
  'server',
  'bad-answer',
] as const;
export type RemoteFailureKind = (typeof remoteFailureKinds)[number];

/**
 * Failures that may pass by themselves (a server down, slow or failing for a moment): the same
 * request is worth sending again, and the UI offers Retry. The others (a wrong password, a locked
 * account, an untrusted certificate) wait for Connect or Edit connection…, so that retries never
 * add failed sign-ins that lock the account.
 */
const passingFailureKinds: ReadonlySet<RemoteFailureKind> = new Set([
  'unreachable',
  'timeout',
  'unavailable',
  'server',
]);

export const isPassingFailure = (error: { kind?: RemoteFailureKind | undefined }): boolean =>
  error.kind !== undefined && passingFailureKinds.has(error.kind);

export const RosterErrorSchema = z.strictObject({
  code: z.enum(errorCodes),
  message: z.string(),
  field: z.string().optional(),
  kind: z.enum(remoteFailureKinds).optional(),
  /** With kind untrusted-certificate: the certificate the server presented. */
  certificate: CertificateDetailsSchema.optional(),
});

export type RosterErrorCode = (typeof errorCodes)[number];
export type RosterErrorData = z.infer<typeof RosterErrorSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: RosterErrorData };

/**
 * Thrown by services for refusals the user should read; the dispatcher turns
 * it into `{ ok: false, error }` so that nothing but data crosses a boundary.
 */
export class RosterError extends Error {
  readonly code: RosterErrorCode;
  readonly field: string | undefined;

  constructor(code: RosterErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'RosterError';
    this.code = code;
    this.field = field;
  }

  toData(): RosterErrorData {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field };
  }
}
