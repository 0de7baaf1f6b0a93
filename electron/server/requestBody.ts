import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { BodyCutShortError, readLimitedBody } from '../common/readLimitedBody';
import { badInput, fromZod, HttpError } from './httpErrors';

/**
 * 256 KiB: the largest valid request (a bulk call with BULK_MAX ids of 16
 * digits each) fits, with room to spare; anything larger is refused unread.
 */
export const DEFAULT_BODY_LIMIT = 256 * 1024;

const tooLarge = (limit: number) =>
  new HttpError(413, 'PAYLOAD_TOO_LARGE', `Request bodies are limited to ${limit} bytes.`);

/**
 * Reads a JSON body and checks it against `schema`, in the order a client can
 * act on: content type (415), size (413), JSON syntax (400), then the schema
 * (400 with the field). A body over the limit is read to its end and dropped,
 * not kept, so that the client, still sending, gets to read the 413.
 */
export async function readJsonBody<S extends z.ZodType>(
  request: IncomingMessage,
  schema: S,
  options: { limit: number; optional?: boolean },
): Promise<z.output<S>> {
  const declared = Number(request.headers['content-length'] ?? 'NaN');
  const hasBody = request.headers['transfer-encoding'] !== undefined || declared > 0;
  if (hasBody && !/^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? ''))
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');

  const text = hasBody ? (await readText(request, options.limit)).trim() : '';
  let input: unknown = {};
  if (text === '') {
    if (!options.optional) throw badInput('This request needs a JSON body.');
  } else {
    try {
      input = JSON.parse(text);
    } catch {
      throw badInput('The request body is not valid JSON.');
    }
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw fromZod(parsed.error);
  return parsed.data;
}

async function readText(request: IncomingMessage, limit: number): Promise<string> {
  let body: Buffer | 'too-large';
  try {
    body = await readLimitedBody(request, limit);
  } catch (error) {
    throw error instanceof BodyCutShortError ? badInput(error.message) : error;
  }
  if (body === 'too-large') throw tooLarge(limit);
  return body.toString('utf8');
}

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/**
 * Reads a form-encoded body (OAuth's endpoints) and checks it against `schema`. A parameter given
 * twice is refused, as RFC 6749 §3.2 asks. Answers the parsed value and the raw form, which says
 * more about a refusal (an unknown grant type, say) than the schema's complaint does.
 */
export async function readFormBody<S extends z.ZodType>(
  request: IncomingMessage,
  schema: S,
  options: { limit: number; onForm: (form: URLSearchParams) => void },
): Promise<z.output<S>> {
  if (!new RegExp(`^${FORM_CONTENT_TYPE}\\s*(;|$)`, 'i').test(request.headers['content-type'] ?? ''))
    throw badInput(`Send the body as ${FORM_CONTENT_TYPE}.`);
  const form = new URLSearchParams(await readText(request, options.limit));
  options.onForm(form);
  const seen = new Set<string>();
  for (const key of form.keys()) {
    if (seen.has(key)) throw badInput(`Give ${key} only once.`, key);
    seen.add(key);
  }
  return schema.parse(Object.fromEntries(form));
}
