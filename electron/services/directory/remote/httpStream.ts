import {
  answerOf,
  classifyFailure,
  traceCall,
  transportOf,
  type HttpJsonOptions,
  type HttpRequest,
} from './httpJson';
import type { HttpAnswer } from './remoteErrors';

export interface StreamedAnswer extends HttpAnswer {
  /**
   * A success answer's body as it arrives, when it is of the media type asked for; any other
   * answer's body is read whole, as HttpJson reads it.
   */
  chunks?: AsyncIterable<Uint8Array>;
}

export type HttpStream = (request: HttpRequest) => Promise<StreamedAnswer>;

/** Aborts the request when one wait (for the answer, or for the next piece of its body) runs too long. */
function watchdog(timeoutMs: number) {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  return {
    signal: controller.signal,
    arm() {
      clearTimeout(timer);
      timer = setTimeout(
        () => controller.abort(new DOMException('No answer in time.', 'TimeoutError')),
        timeoutMs,
      );
    },
    disarm: () => clearTimeout(timer),
  };
}

const mediaTypeOf = (contentType: string | null): string =>
  (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/**
 * Requests whose success body, of `mediaType`, is streamed (an export), with the timeout per wait
 * rather than for the whole transfer, which may rightly take longer. A transfer cut off midway
 * throws from the chunks, as HttpJson's failures do (unreachable, timeout); a reader that stops
 * early ends the transfer. Not sent again after a failure: a repeat could not resume where the
 * first stopped.
 */
export function createHttpStream(options: HttpJsonOptions, mediaType: string): HttpStream {
  const { origin, prefix, timeoutMs, send } = transportOf(options);

  async function* chunksOf(
    body: ReadableStream<Uint8Array>,
    timer: ReturnType<typeof watchdog>,
    trace: ReturnType<typeof traceCall>,
  ) {
    const reader = body.getReader();
    try {
      for (;;) {
        timer.arm();
        const next = await reader.read().catch((error: unknown) => {
          const failure = classifyFailure(error, origin, timeoutMs);
          trace.failed(failure.kind);
          throw failure;
        });
        timer.disarm();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      timer.disarm();
      // Ends the transfer when the reader stopped early; after the end it does nothing.
      await reader.cancel().catch(() => undefined);
    }
  }

  return async (request) => {
    const headers: Record<string, string> = {
      Accept: `${mediaType}, application/problem+json`,
      ...request.headers,
    };
    if (request.token !== undefined) headers.Authorization = `Bearer ${request.token}`;
    const trace = traceCall(options.logger, request, headers);
    const timer = watchdog(timeoutMs);
    try {
      timer.arm();
      const response = await send(`${origin}${prefix}${request.path}`, {
        method: request.method,
        headers,
        signal: timer.signal,
        redirect: 'error',
      });
      if (response.ok && response.body && mediaTypeOf(response.headers.get('content-type')) === mediaType) {
        timer.disarm();
        // Logged when the answer starts: a transfer cut off later is logged as a failure too.
        trace.answered(response.status);
        return {
          status: response.status,
          headers: response.headers,
          body: undefined,
          json: false,
          what: trace.what,
          chunks: chunksOf(response.body, timer, trace),
        };
      }
      const text = await response.text();
      timer.disarm();
      trace.answered(response.status);
      return answerOf(response, text, trace.what);
    } catch (error) {
      timer.disarm();
      const failure = classifyFailure(error, origin, timeoutMs);
      trace.failed(failure.kind);
      throw failure;
    }
  };
}

/** A streamed body as text, decoded across chunk boundaries; a BOM is kept, as it belongs to the file. */
export async function* decodedText(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    if (text !== '') yield text;
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}
