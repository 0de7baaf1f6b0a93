/** A regular expression's text matching `text` literally. */
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A users-list row's accessible name, which reads what the row shows in its order: the user and
 * role as given, then the Last sign-in and Created columns (in whatever words they read now:
 * "Never", "just now", "3 min. ago"), then the status chips if any ("invited", "disabled").
 */
export function userRowName(userAndRole: string, status?: string): RegExp {
  return new RegExp(`^${literal(userAndRole)}, [^,]+, [^,]+${status ? `, ${literal(status)}` : ''}$`);
}

/** The end of a row's name: its role, the two date columns, then the status chips if any. */
export function userRowEnd(role: string, status?: string): RegExp {
  return new RegExp(`, ${literal(role)}, [^,]+, [^,]+${status ? `, ${literal(status)}` : ''}$`);
}
