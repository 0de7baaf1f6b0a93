const STORAGE_KEY = 'roster.hostToken';

/**
 * The browser host prints an address whose fragment carries the access token.
 * Keep it for this tab (reloads keep working) and take it out of the address bar.
 */
export function takeHostToken(location: Location, storage: Storage, history: History): string | undefined {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    storage.setItem(STORAGE_KEY, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
    return fromHash;
  }
  return storage.getItem(STORAGE_KEY) ?? undefined;
}
