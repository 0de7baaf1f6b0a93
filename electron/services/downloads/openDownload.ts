import { byteStream, fileHeaders } from '../../common/fileStream';
import type { DownloadTickets } from './downloadTickets';

export interface OpenedDownload {
  headers: Record<string, string>;
  body: ReadableStream<Uint8Array>;
}

/**
 * A ticket's download as both hosts answer it (the browser host pipes the body into its
 * response, Electron's app protocol returns it as a Response's body); undefined when the ticket is
 * unknown, used or expired. Claiming uses the ticket up, whatever happens to the transfer.
 */
export function openDownload(tickets: DownloadTickets, ticket: string): OpenedDownload | undefined {
  const download = tickets.claim(ticket);
  return download && { headers: fileHeaders(download), body: byteStream(download.chunks) };
}
