import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';

/** A file answer's name and media type. */
export interface FileInfo {
  fileName: string;
  contentType: string;
}

/** A download, never a page, never kept in a cache. The names Roster makes are plain ASCII. */
export const fileHeaders = ({ fileName, contentType }: FileInfo): Record<string, string> => ({
  'Content-Type': contentType,
  'Content-Disposition': `attachment; filename="${fileName}"`,
  'Cache-Control': 'no-store',
});

const encoder = new TextEncoder();

/**
 * The producer's chunks as a stream of bytes, for every host (a Response body in Electron, a Node
 * response elsewhere): a chunk is asked for only when the reader wants one, so a slow reader slows
 * the producer instead of filling memory. A producer that fails errors the stream; a reader that
 * goes away ends the producer.
 */
export function byteStream(chunks: AsyncIterable<string | Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await iterator.next();
        if (next.done === true) controller.close();
        else controller.enqueue(typeof next.value === 'string' ? encoder.encode(next.value) : next.value);
      },
      async cancel() {
        await iterator.return?.();
      },
    },
    // Nothing read ahead of the reader.
    { highWaterMark: 0 },
  );
}

/**
 * Streams a body into a Node response with backpressure. A failure midway destroys the response,
 * so that the client sees a transfer cut off (its download fails) rather than a shorter file that
 * looks whole, and rejects with the failure; a client that goes away cancels the body, and that
 * is no failure.
 */
export async function pipeToResponse(
  body: ReadableStream<Uint8Array>,
  response: ServerResponse,
): Promise<void> {
  try {
    // The DOM's and Node's declarations of ReadableStream differ in name only.
    await pipeline(Readable.fromWeb(body as NodeReadableStream<Uint8Array>), response);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
  }
}
