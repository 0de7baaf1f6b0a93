import { z } from 'zod';
import { errorCodes } from '../contract/errors';

/**
 * The codes a problem answer may carry: the contract's own, and those only HTTP needs. Clients
 * branch on the code (stable), never on the title or detail (for people).
 */
export const problemCodes = [
  ...errorCodes,
  'UNAUTHENTICATED',
  'RATE_LIMITED',
  'METHOD_NOT_ALLOWED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
] as const;
export type ProblemCode = (typeof problemCodes)[number];

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** `type` of a problem: a URN per code, the same for every server. */
export const problemType = (code: ProblemCode): string =>
  `urn:roster:problem:${code.toLowerCase().replaceAll('_', '-')}`;

/** RFC 9457 problem details, with Roster's members beside the standard ones. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string(),
    code: z.enum(problemCodes),
    /** The input the problem is about (a body field, a query parameter, a header). */
    field: z.string().optional(),
    /** Seconds to wait before trying again (a locked account, a rate limit). */
    retryAfter: z.number().int().positive().optional(),
    /** A stale write (412): the version the resource is at now. */
    currentVersion: z.number().int().positive().optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof ProblemSchema>;
