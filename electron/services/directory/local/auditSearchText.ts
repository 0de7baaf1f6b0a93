/** The parts of an entry its text filter looks in, as stored. */
export interface AuditSearchParts {
  actor: string;
  action: string;
  target_name: string | null;
  detail: string | null;
  before: string | null;
  after: string | null;
}

/** Every value inside a stored before/after, never its field names: "enabled" must not match them all. */
function valuesOf(json: string | null, into: string[]): void {
  if (json === null) return;
  const visit = (value: unknown): void => {
    if (value === null || value === undefined) return;
    if (typeof value === 'object') {
      for (const inner of Object.values(value)) visit(inner);
      return;
    }
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      into.push(String(value));
  };
  try {
    visit(JSON.parse(json));
  } catch {
    // A value that is not JSON is searched as it stands; verify reports the entry.
    into.push(json);
  }
}

/**
 * What the log's text filter matches an entry against, lower-cased by JavaScript (which folds all
 * of Unicode, as SQLite's lower() does not): one part a line, so no match spans two parts.
 */
export function auditSearchText(entry: AuditSearchParts): string {
  const parts = [entry.actor, entry.action];
  if (entry.target_name !== null) parts.push(entry.target_name);
  if (entry.detail !== null) parts.push(entry.detail);
  valuesOf(entry.before, parts);
  valuesOf(entry.after, parts);
  return parts.join('\n').toLowerCase();
}
