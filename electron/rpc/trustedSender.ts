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
  let origin: string;
  try {
    const url = new URL(frame.url);
    origin = url.origin === 'null' ? `${url.protocol}//${url.host}` : url.origin;
  } catch {
    return false;
  }
  return allowedOrigins.includes(origin);
}
