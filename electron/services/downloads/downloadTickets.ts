import { randomBytes } from 'node:crypto';
import type { FileInfo } from '../../common/fileStream';

/** A file to hand over once: made by its producer only when it is fetched. */
export interface Download extends FileInfo {
  chunks: AsyncIterable<string | Uint8Array>;
}

export interface DownloadTickets {
  /** A new ticket for this download: unguessable, good for one fetch within TICKET_TTL_MS. */
  issue: (download: Download) => string;
  /** The download a ticket names, once; an unknown, used or expired ticket names none. */
  claim: (ticket: string) => Download | undefined;
}

/** Long enough to click through to the download, short enough that a leaked address is useless. */
export const TICKET_TTL_MS = 60_000;

/** Where a ticket is fetched, on every host: `/downloads/<ticket>`. */
const DOWNLOADS_PREFIX = '/downloads/';

export const downloadPath = (ticket: string): string => `${DOWNLOADS_PREFIX}${ticket}`;

/** The ticket a download path names (any text: only an issued one is found); undefined for other paths. */
export const ticketOfPath = (pathname: string): string | undefined =>
  pathname.startsWith(DOWNLOADS_PREFIX) ? pathname.slice(DOWNLOADS_PREFIX.length) : undefined;

/**
 * Downloads that a page starts by following a link (which carries no bearer token): the ticket in
 * the address is the credential. Kept in memory, so a restart forgets them; producers are lazy, so
 * a ticket never fetched holds nothing open.
 */
export function createDownloadTickets(now: () => number = Date.now): DownloadTickets {
  const issued = new Map<string, { download: Download; expiresAt: number }>();
  const forgetExpired = (at: number) => {
    for (const [ticket, entry] of issued) if (entry.expiresAt <= at) issued.delete(ticket);
  };
  return {
    issue(download) {
      const at = now();
      forgetExpired(at);
      const ticket = randomBytes(32).toString('base64url');
      issued.set(ticket, { download, expiresAt: at + TICKET_TTL_MS });
      return ticket;
    },
    claim(ticket) {
      forgetExpired(now());
      const entry = issued.get(ticket);
      issued.delete(ticket);
      return entry?.download;
    },
  };
}
