import type { z } from 'zod';
import { ProblemSchema } from '../../../../shared/api/problem';
import {
  RosterError,
  type RemoteFailureKind,
  type RosterErrorCode,
  type RosterErrorData,
} from '../../../../shared/contract/errors';
import type { CertificateDetails } from '../../../../shared/domain/certificate';

export type { RemoteFailureKind };

/** A RosterError that also says what kind of failure it was; the kind crosses to the UI with the rest. */
export class RemoteError extends RosterError {
  readonly kind: RemoteFailureKind;
  /** Seconds to wait before trying again (locked, rate limited), when the server said. */
  readonly retryAfter: number | undefined;
  /** An untrusted certificate the server presented, for the admin to trust or not. */
  readonly certificate: CertificateDetails | undefined;

  constructor(
    kind: RemoteFailureKind,
    code: RosterErrorCode,
    message: string,
    options: { field?: string; retryAfter?: number; cause?: unknown; certificate?: CertificateDetails } = {},
  ) {
    super(code, message, options.field);
    this.name = 'RemoteError';
    this.kind = kind;
    this.retryAfter = options.retryAfter;
    this.certificate = options.certificate;
    if (options.cause !== undefined) this.cause = options.cause;
  }

  override toData(): RosterErrorData {
    return {
      ...super.toData(),
      kind: this.kind,
      ...(this.certificate === undefined ? {} : { certificate: this.certificate }),
    };
  }
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  /** The parsed JSON body; undefined for an empty body. */
  body: unknown;
  /** False when a non-empty body was not JSON. */
  json: boolean;
  /** "GET /api/users", for messages. */
  what: string;
}

const waitText = (seconds: number | undefined): string => {
  if (seconds === undefined) return 'Try again later.';
  if (seconds < 90) return `Try again in ${Math.max(1, Math.ceil(seconds))} seconds.`;
  return `Try again in ${Math.ceil(seconds / 60)} minutes.`;
};

const oauthDescription = (body: unknown): string | undefined => {
  const description =
    typeof body === 'object' && body !== null
      ? (body as Record<string, unknown>).error_description
      : undefined;
  return typeof description === 'string' ? description : undefined;
};

/** The error an HTTP answer with a failure status stands for. */
export function errorFromAnswer(answer: HttpAnswer): RemoteError {
  const parsed = ProblemSchema.safeParse(answer.body);
  const serverError = parsed.success ? parsed.data : undefined;
  // Problem details, or an OAuth error's description (the token endpoint speaks RFC 6749).
  const message = serverError?.detail ?? oauthDescription(answer.body);
  const field = serverError?.field;
  const header = Number(answer.headers.get('retry-after'));
  const retryAfter = serverError?.retryAfter ?? (Number.isFinite(header) && header > 0 ? header : undefined);
  const status = answer.status;

  switch (status) {
    case 400:
    case 405:
    case 413:
    case 415:
      return new RemoteError(
        'validation',
        'INVALID_INPUT',
        message ?? `The server refused the request (${status}).`,
        {
          field,
        },
      );
    case 401:
      return new RemoteError(
        'credentials',
        'FORBIDDEN',
        'The server did not accept the username or password. Check them and sign in again.',
      );
    case 403:
      if (serverError?.code === 'PASSWORD_CHANGE_REQUIRED')
        return new RemoteError(
          'password-change',
          'PASSWORD_CHANGE_REQUIRED',
          'The password of this account was reset: choose a new password before anything else.',
          { field: 'newPassword' },
        );
      return new RemoteError(
        'forbidden',
        'FORBIDDEN',
        message ?? 'The server refused: this account may not do that.',
      );
    case 404:
      return new RemoteError('not-found', 'NOT_FOUND', message ?? 'The server has no such item.', { field });
    case 409:
      return new RemoteError('conflict', 'CONFLICT', message ?? 'The server refused a conflicting change.', {
        field,
      });
    case 412:
      return new RemoteError(
        'stale',
        'STALE',
        message ??
          'This was changed on the server after you opened it. Reload it, or save again to overwrite.',
      );
    case 423:
      return new RemoteError(
        'locked',
        'FORBIDDEN',
        `This account is locked after too many failed sign-ins. ${waitText(retryAfter)}`,
        { retryAfter },
      );
    case 429:
      return new RemoteError(
        'rate-limited',
        'FORBIDDEN',
        `Too many failed sign-ins from this computer. ${waitText(retryAfter)}`,
        { retryAfter },
      );
    case 503:
      return new RemoteError(
        'unavailable',
        'UNAVAILABLE',
        `The server answered that it is unavailable${message ? `: ${message}` : '.'}`,
      );
    default:
      return new RemoteError(
        'server',
        'INTERNAL',
        `The server answered ${answer.what} with an error (HTTP ${status})${message ? `: ${message}` : '.'}`,
      );
  }
}

/** A success answer whose body is not what Roster expects. */
export function badAnswer(answer: HttpAnswer, detail: string): RemoteError {
  return new RemoteError(
    'bad-answer',
    'INTERNAL',
    `The server answered ${answer.what} with a body Roster does not understand (${detail}). Is this a Roster instance server of a matching version?`,
  );
}

/** Parses a success answer's body with a schema; a mismatch is a clear INTERNAL error, never passed through. */
export function parseAnswer<T extends z.ZodType>(answer: HttpAnswer, schema: T): z.output<T> {
  if (!answer.json) throw badAnswer(answer, 'not JSON');
  const parsed = schema.safeParse(answer.body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw badAnswer(answer, `${where}${issue?.message ?? 'unexpected shape'}`);
  }
  return parsed.data;
}
