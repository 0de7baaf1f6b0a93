import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { CONTENT_SECURITY_POLICY } from '../common/contentSecurityPolicy';
import { APP_SCHEME } from './hardening/rendererUrl';
import { resolveStaticFile } from '../common/staticFiles';
import { ticketOfPath, type DownloadTickets } from '../services/downloads/downloadTickets';
import { openDownload } from '../services/downloads/openDownload';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** The renderer's files, and the downloads it follows links to (`/downloads/<ticket>`). */
export function serveRenderer(root: string, downloads: DownloadTickets): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const ticket = url.host === 'roster' ? ticketOfPath(url.pathname) : undefined;
    if (ticket !== undefined) {
      const opened = request.method === 'GET' ? openDownload(downloads, ticket) : undefined;
      return opened
        ? new Response(opened.body, { headers: opened.headers })
        : new Response('Not found', { status: 404 });
    }
    const file = url.host === 'roster' ? resolveStaticFile(root, url.pathname) : undefined;
    if (!file) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}
