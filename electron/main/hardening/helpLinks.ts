/**
 * The origins of the app's own help pages on the web, which open without asking. Roster's help is
 * its README and each instance server's /api/docs (on an instance's own origin, trusted as that
 * instance is); a help page put on the web gets its origin here.
 */
export const HELP_ORIGINS: readonly string[] = [];
