import { z } from 'zod';
import type { ProblemCode } from '../../shared/api/problem';
import { RosterError, type RosterErrorCode } from '../../shared/contract/errors';
import { problem, type ProblemExtras } from '../common/problemJson';
import { inputError } from '../rpc/inputErrors';
import { StaleVersionError } from '../services/directory/local/errors';
import { SignInError } from '../services/signIn/signInService';

/** A refusal with its HTTP status, answered as problem+json. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ProblemCode,
    message: string,
    readonly extras: ProblemExtras = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }

  toProblem() {
    return problem(this.status, this.code, this.message, this.extras);
  }
}

/** How each refusal of the services reads over HTTP. */
export const STATUS_OF_CODE: Readonly<Record<RosterErrorCode, number>> = {
  INVALID_INPUT: 400,
  UNKNOWN_CHANNEL: 404,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  STALE: 412,
  PASSWORD_CHANGE_REQUIRED: 403,
  UNAVAILABLE: 503,
  BAD_FILE: 500,
  INTERNAL: 500,
};

const SIGN_IN_STATUS = {
  unauthenticated: [401, 'UNAUTHENTICATED'],
  'rate-limited': [429, 'RATE_LIMITED'],
} as const satisfies Record<SignInError['reason'], readonly [number, ProblemCode]>;

/** A service's refusal or a schema's complaint as an HttpError; anything else is not a refusal. */
export function asHttpError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (error instanceof SignInError) {
    const [status, code] = SIGN_IN_STATUS[error.reason];
    return new HttpError(status, code, error.message, { retryAfter: error.retryAfter });
  }
  if (error instanceof StaleVersionError)
    return new HttpError(412, 'STALE', error.message, { currentVersion: error.currentVersion });
  if (error instanceof RosterError)
    return new HttpError(STATUS_OF_CODE[error.code], error.code, error.message, { field: error.field });
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
  return badInput(data.message, data.field ?? unknown);
}

export const badInput = (message: string, field?: string): HttpError =>
  new HttpError(400, 'INVALID_INPUT', message, { field });

export const notFound = (message = 'Not found.', field?: string): HttpError =>
  new HttpError(404, 'NOT_FOUND', message, { field });
