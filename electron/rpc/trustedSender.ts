/** What the main side knows about the frame a message came from. */
export interface SenderFrame {
  url: string;
  isMainFrame: boolean;
}

/**
 * Only the app's own top-level page may call in: an iframe or a page that was
 * navigated elsewhere is refused before any handler runs.
 */
export function isTrustedSender(frame: SenderFrame | null, allowedOrigins: readonly string[]): boolean {
  if (!frame?.isMainFrame) return false;
  const origin = originOf(frame.url);
  return origin !== undefined && allowedOrigins.includes(origin);
}

/**
 * scheme://host for any URL. WHATWG URL gives custom schemes such as app:// the
 * origin "null", which would make every app:// page look alike.
 */
export function originOf(address: string): string | undefined {
  try {
    const url = new URL(address);
    return url.origin === 'null' ? `${url.protocol}//${url.host}` : url.origin;
  } catch {
    return undefined;
  }
}
