import type { IncomingMessage } from 'node:http';

/** Past this much beyond its limit, a body is no longer read to its end: the connection is cut. */
const DRAIN_MAX = 16 * 1024 * 1024;

export class BodyCutShortError extends Error {
  constructor() {
    super('The request body was cut short.');
    this.name = 'BodyCutShortError';
  }
}

/**
 * Reads a request body of at most `limit` bytes. A longer one is read to its
 * end and dropped, not kept, so that a client still sending gets to read the
 * refusal; DRAIN_MAX past the limit the connection is cut instead. Shared by the
 * browser host and the instance server.
 */
export function readLimitedBody(request: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > limit + DRAIN_MAX) request.destroy();
    });
    request.on('end', () => resolve(size > limit ? 'too-large' : Buffer.concat(chunks)));
    request.on('error', reject);
    request.on('close', () => {
      if (!request.complete) reject(new BodyCutShortError());
    });
  });
}
