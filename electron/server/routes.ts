import type { ApiDeps } from './handlers/apiDeps';
import { authRoutes } from './handlers/authRoutes';
import { groupRoutes } from './handlers/groupRoutes';
import { tokenRoutes } from './handlers/tokenRoutes';
import { userRoutes } from './handlers/userRoutes';
import type { Route } from './router';

/*
 * The instance server's REST API (DESIGN.md, "Remote instance REST API").
 *
 * JSON in and out, under /api. Auth: "public" needs nothing; "signed in" needs
 * `Authorization: Bearer <access token>` (a login session's, or the user's
 * generated API token); "admin" also needs the user to be an administrator.
 *
 *   GET    /api/health                      public   -> 200 {name, version, api}
 *   POST   /api/auth/token                  public   {username, password} -> 200 tokens | 401 | 403 disabled | 423 | 429
 *   POST   /api/auth/refresh                public   {refreshToken} -> 200 tokens (both rotated) | 401
 *   POST   /api/auth/logout                 signed in -> 204 (ends this session)
 *   GET    /api/auth/me                     signed in -> 200 {id, username, admin, via: session|apiToken}
 *   GET    /api/users?q=&limit=&offset=     admin    -> 200 {total, offset, items: UserSummary[]}
 *   POST   /api/users                       admin    NewUser -> 201 UserDetail | 409 username taken
 *   GET    /api/users/next-username         admin    -> 200 {username}
 *   POST   /api/users/delete                admin    {userIds} -> 200 {deleted}
 *   GET    /api/users/:id                   admin    -> 200 UserDetail
 *   PATCH  /api/users/:id                   admin    UserChanges -> 200 UserDetail
 *   DELETE /api/users/:id                   admin    -> 204
 *   POST   /api/users/:id/enable|disable    admin    -> 200 UserDetail
 *   PUT    /api/users/:id/password          admin    {password} -> 204
 *   PUT    /api/users/:id/groups            admin    {groupIds} -> 200 UserDetail
 *   GET    /api/users/:id/access            admin    -> 200 {admin, failedLogins, lockedUntil}
 *   PUT    /api/users/:id/admin             admin    {admin} -> 200 access
 *   POST   /api/users/:id/unlock            admin    -> 200 access
 *   POST   /api/users/:id/tokens            admin    -> 201 TokenPair (the only time it is shown)
 *   GET    /api/users/:id/tokens            admin    -> 200 {createdAt, accessExpiresAt, refreshExpiresAt} | 404
 *   DELETE /api/users/:id/tokens            admin    -> 204
 *   GET    /api/groups?q=&limit=&offset=    admin    -> 200 {total, offset, items: GroupSummary[]}
 *   POST   /api/groups                      admin    {name} -> 201 GroupSummary | 409 name taken
 *   GET    /api/groups/:id                  admin    -> 200 GroupSummary
 *   DELETE /api/groups/:id                  admin    -> 204
 *   GET    /api/groups/:id/members?q=…      admin    -> 200 {total, offset, items: UserSummary[]}
 *   POST   /api/groups/:id/members          admin    {userIds} -> 200 GroupSummary
 *   DELETE /api/groups/:id/members/:userId  admin    -> 200 GroupSummary
 *
 * tokens = {accessToken, refreshToken, tokenType: "Bearer", expiresIn, accessExpiresAt, refreshExpiresAt}.
 * Bodies use the shared schemas (NewUserSchema, UserChangesSchema, PasswordSchema, GroupNameSchema …);
 * unknown fields are refused. A request without a body may send nothing or {}.
 *
 * Errors are {error: {code, message, field?, retryAfter?}}:
 *   400 INVALID_INPUT (bad JSON, a schema issue with its field, a malformed id, an unknown query parameter)
 *   401 UNAUTHENTICATED (no, unknown or expired token; wrong username or password) + WWW-Authenticate
 *   403 FORBIDDEN (not an administrator; a disabled account signing in)
 *   404 NOT_FOUND (no such route, user, group or token)   405 INVALID_INPUT (wrong method) + Allow
 *   409 CONFLICT (duplicate name; leaving no enabled administrator; generating a token for a disabled user)
 *   413 INVALID_INPUT (body over the limit)   415 INVALID_INPUT (a body that is not application/json)
 *   423 LOCKED / 429 RATE_LIMITED (+ Retry-After and retryAfter, in seconds)
 *   500 INTERNAL / BAD_FILE, 503 UNAVAILABLE
 * A refused request writes nothing (the failure count of a wrong login is the lockout's own record).
 *
 * Sessions: each login adds a row to `sessions` (hashes only; at most 20 per user), so it never
 * replaces the pair an administrator generated for the user (`tokens`), which is that user's API
 * credential and is accepted as a bearer token too. Access tokens live 1 hour, refresh tokens 30 days;
 * refreshing replaces both. Disabling a user ends its sessions; setting a password ends its other ones.
 *
 * Lockout: every login attempt is counted as a failure before its password is checked, atomically
 * in SQLite, and cleared when it was right; the 5th failure locks the account for 15 minutes (both
 * configurable), during which even the right password is refused (423). Per client address (an IPv4
 * address or an IPv6 /64, in memory), 20 failed logins per 15 minutes; then 429 until the window ends.
 * An administrator unlocks with POST /api/users/:id/unlock, or the `admin` command of the CLI.
 *
 * The first user created becomes an administrator; the last enabled administrator cannot be deleted,
 * disabled or demoted. Every change is in the audit log as `api:<username>` (the admin command as
 * `cli:<os user>`, a lock as `login from <address>`).
 */
export function apiRoutes(deps: ApiDeps): Route[] {
  return [...authRoutes(deps), ...userRoutes(deps), ...tokenRoutes(deps), ...groupRoutes(deps)];
}
