/**
 * A LIKE pattern that matches `text` anywhere, its characters taken literally: `%`, `_` and the
 * escape character `\` (LIKE's default) are escaped. Bound as a whole, the pattern is known when
 * the statement is planned, so a pg_trgm index serves it from three characters on.
 */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

/**
 * The pattern for a typed text, or null for a text that no stored text can contain: PostgreSQL's
 * text holds no NUL character, and a statement given one fails, while `LIKE NULL` simply matches
 * nothing.
 */
export const typedTextPattern = (text: string): string | null =>
  text.includes('\0') ? null : containsPattern(text);
