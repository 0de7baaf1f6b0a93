/** Copies text in both hosts: app:// and http://127.0.0.1 are secure contexts, so the async API is there. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
