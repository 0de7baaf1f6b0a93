import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The API's docs page at /api/docs: Swagger UI, served from the installed swagger-ui-dist package
 * (never a CDN), reading /api/openapi.json. Only the files the page needs are served.
 */
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

/** Swagger UI sets inline styles on its elements; scripts still come only from this origin. */
export const DOCS_CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Roster instance server API</title>
    <link rel="icon" href="/api/docs/favicon-32x32.png" />
    <link rel="stylesheet" href="/api/docs/swagger-ui.css" />
  </head>
  <body>
    <div id="docs"></div>
    <script src="/api/docs/swagger-ui-bundle.js"></script>
    <script src="/api/docs/init.js"></script>
  </body>
</html>
`;

const INIT = `window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#docs',
  deepLinking: true,
  tryItOutEnabled: false,
  validatorUrl: 'none',
});
`;

export interface DocsFile {
  contentType: string;
  body: string | Buffer;
}

export function createDocsPage(): (pathname: string) => DocsFile | undefined {
  const root = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const cache = new Map<string, Buffer>();
  return (pathname) => {
    if (pathname === '/api/docs') return { contentType: 'text/html; charset=utf-8', body: PAGE };
    if (pathname === '/api/docs/init.js')
      return { contentType: 'text/javascript; charset=utf-8', body: INIT };
    const name = pathname.startsWith('/api/docs/') ? pathname.slice('/api/docs/'.length) : '';
    const contentType = ASSETS[name];
    if (contentType === undefined) return undefined;
    let body = cache.get(name);
    if (!body) {
      body = readFileSync(path.join(root, name));
      cache.set(name, body);
    }
    return { contentType, body };
  };
}
