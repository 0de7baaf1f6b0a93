import { z } from 'zod';
import { RosterError, type RosterErrorCode } from '../../shared/contract/errors';
import { inputError } from '../rpc/inputErrors';

/**
 * The codes an answer's `{ error: { code } }` may carry: the contract's own,
 * plus three that only HTTP needs. A client maps them back to RosterError
 * codes (UNAUTHENTICATED → sign in again; LOCKED and RATE_LIMITED → wait
 * `retryAfter` seconds).
 */
export type ApiErrorCode = RosterErrorCode | 'UNAUTHENTICATED' | 'LOCKED' | 'RATE_LIMITED';

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; field?: string; retryAfter?: number };
}

/** A refusal with its HTTP status; `retryAfter` (seconds) also becomes a Retry-After header. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly field?: string,
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'HttpError';
  }

  toBody(): ApiErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.field === undefined ? {} : { field: this.field }),
        ...(this.retryAfter === undefined ? {} : { retryAfter: this.retryAfter }),
      },
    };
  }
}

/** How each refusal of the services reads over HTTP. */
export const STATUS_OF_CODE: Readonly<Record<RosterErrorCode, number>> = {
  INVALID_INPUT: 400,
  UNKNOWN_CHANNEL: 404,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAVAILABLE: 503,
  BAD_FILE: 500,
  INTERNAL: 500,
};

/** A service's refusal or a schema's complaint as an HttpError; anything else is not a refusal. */
export function asHttpError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (error instanceof RosterError)
    return new HttpError(STATUS_OF_CODE[error.code], error.code, error.message, error.field);
  if (error instanceof z.ZodError) return fromZod(error);
  return undefined;
}

/** The first issue, naming its field; for an unknown field, the field is that unknown one. */
export function fromZod(error: z.ZodError): HttpError {
  const data = inputError(error);
  const issue = error.issues[0];
  const unknown =
    issue?.code === 'unrecognized_keys'
      ? [...issue.path.map(String), issue.keys[0] ?? ''].join('.')
      : undefined;
  return new HttpError(400, 'INVALID_INPUT', data.message, data.field ?? unknown);
}

export const badInput = (message: string, field?: string): HttpError =>
  new HttpError(400, 'INVALID_INPUT', message, field);

export const unauthenticated = (message = 'Sign in: a valid access token is required.'): HttpError =>
  new HttpError(401, 'UNAUTHENTICATED', message);

export const notFound = (message = 'Not found.', field?: string): HttpError =>
  new HttpError(404, 'NOT_FOUND', message, field);

export const conflict = (message: string, field?: string): HttpError =>
  new HttpError(409, 'CONFLICT', message, field);

/** Whole seconds, at least 1, so that a client waiting that long finds the lock gone. */
export const secondsUntil = (until: Date, now: Date): number =>
  Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
