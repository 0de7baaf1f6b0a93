import { beforeAll, describe, expect, it } from 'vitest';
import { api, type OperationId } from '../../../shared/api';
import type { Access, Endpoint } from '../../../shared/api/endpoint';
import { PROBLEM_CONTENT_TYPE } from '../../../shared/api/problem';
import type { GroupSummary, Invitation, TokenPair, UserDetail } from '../../../shared/domain/directory';
import { DEFAULT_PASSWORD_POLICY } from '../../../shared/domain/passwordPolicy';
import {
  holds,
  permissions,
  ROLE_LABELS,
  roles,
  type Permission,
  type Role,
} from '../../../shared/domain/roles';
import { signIn, type Answer, type ApiError } from './support/api';
import { newUserFields, useServedInstance } from './support/servedInstance';

/**
 * Who may call what on the instance server, against a real server process: every role against
 * every operation of `api`, then the rules that depend on whom a User manager acts on, then the
 * API user's sign-in.
 *
 * The expectation of each cell comes from ONE place: the operation's declared `permission` and
 * `holds()` of shared/domain/roles.ts. That derivation is first checked against ISSUE_RULES, a
 * table written by hand from the issue (what each role may do with each kind of operation) and
 * KIND, a hand-written classification of every operation: a wrong GRANTS in roles.ts, or a route
 * declared with the wrong permission, fails there, naming the cell.
 *
 * An allowed request must not answer 403: each row sends a valid request on fixtures made for it
 * (by the owner, whose token is never the caller's), and expects its success status. A refused
 * one answers 403 problem+json naming the missing permission and the caller's role, and writes
 * nothing (the row counts of every table and SQLite's data_version stay as they were).
 */

// Wrong passwords here (the API user's, on purpose) must never trip the per-address limit.
const served = useServedInstance(['--address-limit', '1000']);
const owner = () => served().adminToken;
const call = <T = unknown>(...args: Parameters<ReturnType<typeof served>['api']['call']>) =>
  served().api.call<T>(...args);

// ---------------------------------------------------------------------------------------------
// The issue's rules, by hand

/** What an operation does, as the issue speaks of it. */
type Kind = 'public' | 'signedIn' | 'read' | 'write' | 'settings' | 'introspect' | 'audit';

/** Every operation of the API, classified by hand. A new route must be added here. */
const KIND: Readonly<Record<OperationId, Kind>> = {
  health: 'public',
  signIn: 'public',
  refresh: 'public',
  oauthToken: 'public',
  oauthRevoke: 'public',
  oauthIntrospect: 'introspect',
  signOut: 'signedIn',
  me: 'signedIn',
  getOwnProfile: 'signedIn',
  updateOwnProfile: 'signedIn',
  changeOwnPassword: 'signedIn',
  getOverview: 'read',
  listUsers: 'read',
  exportUsers: 'read',
  createUser: 'write',
  nextUsername: 'read',
  deleteUsers: 'write',
  getUser: 'read',
  updateUser: 'write',
  deleteUser: 'write',
  enableUser: 'write',
  disableUser: 'write',
  setPassword: 'write',
  setUserGroups: 'write',
  getAccess: 'read',
  setRole: 'write',
  unlock: 'write',
  resetPassword: 'write',
  inviteUser: 'write',
  resendInvitation: 'write',
  acceptInvitation: 'public',
  listSessions: 'read',
  endSessions: 'write',
  getPasswordPolicy: 'signedIn',
  setPasswordPolicy: 'settings',
  generateToken: 'write',
  tokenInfo: 'read',
  revokeToken: 'write',
  startBulk: 'write',
  bulkStatus: 'write',
  cancelBulk: 'write',
  previewImport: 'write',
  startImport: 'write',
  importStatus: 'write',
  cancelImport: 'write',
  listApiKeys: 'read',
  createApiKey: 'write',
  revokeApiKey: 'write',
  listGroups: 'read',
  createGroup: 'write',
  deleteGroups: 'write',
  getGroup: 'read',
  updateGroup: 'write',
  deleteGroup: 'write',
  listMembers: 'read',
  addMembers: 'write',
  removeMembers: 'write',
  removeMember: 'write',
  auditPage: 'audit',
  exportAudit: 'audit',
  verifyAudit: 'audit',
  getAuditRetention: 'audit',
  setAuditRetention: 'settings',
};

/**
 * The issue's table: Administrator and User manager read and write users and groups (which users
 * a User manager may touch is checked further down); an Auditor reads; a User (until the
 * self-service routes) and an API user get 403 on every directory route. Only an Administrator
 * changes the instance's settings (its password policy, which everyone signed in may read, and
 * the audit log's retention). Only Administrators and Auditors read the audit log.
 * Only an Administrator and an API user (a resource server checking the tokens it is shown) may
 * introspect tokens. Everyone may reach the public routes and ask who they are.
 */
const ISSUE_RULES: Readonly<Record<Role, Readonly<Record<Kind, boolean>>>> = {
  administrator: {
    public: true,
    signedIn: true,
    read: true,
    write: true,
    settings: true,
    introspect: true,
    audit: true,
  },
  userManager: {
    public: true,
    signedIn: true,
    read: true,
    write: true,
    settings: false,
    introspect: false,
    audit: false,
  },
  auditor: {
    public: true,
    signedIn: true,
    read: true,
    write: false,
    settings: false,
    introspect: false,
    audit: true,
  },
  user: {
    public: true,
    signedIn: true,
    read: false,
    write: false,
    settings: false,
    introspect: false,
    audit: false,
  },
  apiUser: {
    public: true,
    signedIn: true,
    read: false,
    write: false,
    settings: false,
    introspect: true,
    audit: false,
  },
};

/** The permission each kind of directory operation needs, by hand. */
const PERMISSION_OF_KIND: Readonly<Record<Permission, Kind>> = {
  'directory.read': 'read',
  'directory.write': 'write',
  'instance.settings': 'settings',
  'tokens.introspect': 'introspect',
  'audit.read': 'audit',
};

const operationIds = Object.keys(api) as OperationId[];

/** THE expectation: the route's declared permission and roles.ts, as the server checks it. */
const allowedByDeclaration = (role: Role, access: Access): boolean =>
  access === 'public' || access === 'signedIn' || holds(role, access);

describe('the expectation table', () => {
  it('classifies every operation of the API, and nothing else', () => {
    expect(Object.keys(KIND).sort()).toEqual([...operationIds].sort());
  });

  it.each(roles)("roles.ts grants %s exactly the permissions of the issue's table", (role) => {
    for (const permission of permissions)
      expect(holds(role, permission), `${role} ${permission}`).toBe(
        ISSUE_RULES[role][PERMISSION_OF_KIND[permission]],
      );
  });

  it('each route declares the permission of its kind (public and signed-in routes none)', () => {
    const declared = Object.fromEntries(operationIds.map((id) => [id, api[id].permission]));
    const expected = Object.fromEntries(
      operationIds.map((id) => {
        const kind = KIND[id];
        const permission = Object.entries(PERMISSION_OF_KIND).find(([, of]) => of === kind)?.[0];
        return [id, permission ?? kind];
      }),
    );
    expect(declared).toEqual(expected);
  });

  it.each(roles)("derives, for %s on every operation, the issue's answer", (role) => {
    const derived = Object.fromEntries(
      operationIds.map((id) => [id, allowedByDeclaration(role, api[id].permission)]),
    );
    const issue = Object.fromEntries(operationIds.map((id) => [id, ISSUE_RULES[role][KIND[id]]]));
    expect(derived).toEqual(issue);
  });
});

// ---------------------------------------------------------------------------------------------
// Fixtures

interface Caller {
  role: Role;
  id: number;
  username: string;
  password: string;
  /** A session's access token, or for the API user its generated token. */
  token: string;
  /** The API user's generated pair (it has no session). */
  pair?: TokenPair;
}

let groupCounter = 0;
const groupName = (prefix: string) => `${prefix} ${++groupCounter}-${process.pid % 1000}`;

/**
 * A bulk job that `caller` started, when they may start one (only its starter may read or cancel
 * it); one of the owner's for the others, who are refused before that matters.
 */
async function jobOf(caller: Caller): Promise<string> {
  const request = {
    action: { kind: 'enable' },
    selection: { kind: 'ids', userIds: [(await freshUser()).id] },
  };
  const own = await served().api.call<{ id: string }>('POST', '/api/users/bulk', {
    token: caller.token,
    body: request,
  });
  return own.status === 201
    ? own.body.id
    : (await must<{ id: string }>('POST', '/api/users/bulk', request)).id;
}

/** An import of one row that names an existing user and changes nothing. */
const quietImport = async () => ({
  rows: [{ line: 2, username: (await freshUser()).username }],
});

/** An import job that `caller` started, when they may start one; else one of the owner's. */
async function importOf(caller: Caller): Promise<string> {
  const request = await quietImport();
  const own = await served().api.call<{ id: string }>('POST', '/api/users/import', {
    token: caller.token,
    body: request,
  });
  return own.status === 201
    ? own.body.id
    : (await must<{ id: string }>('POST', '/api/users/import', request)).id;
}

/**
 * The file's state before a request that must write nothing. The caller's session notes its use at
 * most once a minute (a write of its own); one call first takes that turn, so that a refusal is
 * not blamed for it when the suite runs for minutes.
 */
async function quietState(caller: Caller) {
  await served().api.call('GET', '/api/auth/me', { token: caller.token });
  return served().observer.state();
}

/** An owner's call that must succeed: the fixtures. */
async function must<T>(method: string, path: string, body?: unknown): Promise<T> {
  const answer = await call<T>(method, path, { token: owner(), body });
  if (answer.status >= 300)
    throw new Error(`fixture ${method} ${path} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

type Fresh = UserDetail & { password: string };

/** A new user made by the owner: a User unless told, enabled unless told. */
async function freshUser(options: { role?: Role; enabled?: boolean; prefix?: string } = {}): Promise<Fresh> {
  const fields = newUserFields(options.prefix ?? 'mx');
  const created = await must<UserDetail>('POST', '/api/users', {
    ...fields,
    enabled: options.enabled ?? true,
    role: options.role ?? 'user',
  });
  expect(created.role).toBe(options.role ?? 'user');
  return { ...created, password: fields.password };
}

/** An Invited user made by the owner (a User unless told), with its link's one-time token. */
async function freshInvitation(role: Role = 'user'): Promise<{ user: UserDetail; token: string }> {
  const { username, displayName, email } = newUserFields('inv');
  const invitation = await must<Invitation>('POST', '/api/invitations', {
    username,
    displayName,
    email,
    role,
  });
  const token = new URL(invitation.link).pathname.split('/invite/')[1];
  if (token === undefined) throw new Error(`no token in the link ${invitation.link}`);
  return { user: invitation.user, token };
}

const freshGroup = () => must<GroupSummary>('POST', '/api/groups', { name: groupName('Matrix') });

async function groupWith(userId: number): Promise<GroupSummary> {
  const group = await freshGroup();
  return must<GroupSummary>('POST', `/api/groups/${group.id}/members`, { userIds: [userId] });
}

/**
 * Tokens of the caller's kind that a row may refresh or revoke: a new session of its own, or for
 * the API user another API user's generated pair, since refreshing or revoking its own would end
 * the token every later row calls with.
 */
async function refreshableOf(caller: Caller): Promise<{ refreshToken: string }> {
  if (!caller.pair) return sessionOf(caller.username, caller.password);
  const other = await freshUser({ role: 'apiUser', prefix: 'apipair' });
  return must<TokenPair>('POST', `/api/users/${other.id}/tokens`);
}

async function sessionOf(username: string, password: string) {
  const answer = await call<{ accessToken: string; refreshToken: string }>('POST', '/api/auth/token', {
    body: { username, password },
  });
  if (answer.status !== 200) throw new Error(`sign-in of ${username}: ${answer.status}`);
  return answer.body;
}

/** One caller per role, signed in once (a sign-in costs an argon2 hash); the API user by its token. */
async function makeCallers(): Promise<Record<Role, Caller>> {
  const entries = await Promise.all(
    roles.map(async (role): Promise<[Role, Caller]> => {
      const user = await freshUser({ role, prefix: `as${role.slice(0, 4)}` });
      const base = { role, id: user.id, username: user.username, password: user.password };
      if (role === 'apiUser') {
        const pair = await must<TokenPair>('POST', `/api/users/${user.id}/tokens`);
        return [role, { ...base, token: pair.accessToken, pair }];
      }
      return [role, { ...base, token: await signIn(served().api, user.username, user.password) }];
    }),
  );
  return Object.fromEntries(entries) as Record<Role, Caller>;
}

let callers: Record<Role, Caller>;
/** Read-only targets shared by the reading rows: a User with a token, in a group. */
let reader: UserDetail;
let readGroup: GroupSummary;

beforeAll(async () => {
  callers = await makeCallers();
  reader = await freshUser({ prefix: 'reader' });
  await must('POST', `/api/users/${reader.id}/tokens`);
  readGroup = await groupWith(reader.id);
}, 60_000);

// ---------------------------------------------------------------------------------------------
// One valid request per operation

interface Request {
  method: string;
  path: string;
  body?: unknown;
  /** Sent form-encoded instead of `body` (the OAuth endpoints). */
  form?: Record<string, string>;
  /** The caller's token unless given; null sends none. */
  token?: string | null;
  /** The status of the request when the caller is allowed it. */
  success: number;
}

/**
 * A valid request for every operation, on fixtures made for this row, as `caller` would send it.
 * The targets are Users, whom a User manager may manage. Four public or signed-in rows answer the
 * API user otherwise, for reasons of its own (not its permissions): no password sign-in (401, or
 * OAuth's 400 invalid_grant), no password to change (401), no session to end (409).
 */
const REQUESTS: Readonly<Record<OperationId, (caller: Caller) => Promise<Request>>> = {
  health: () => Promise.resolve({ method: 'GET', path: '/api/health', success: 200 }),
  signIn: (caller) =>
    Promise.resolve({
      method: 'POST',
      path: '/api/auth/token',
      body: { username: caller.username, password: caller.password },
      token: null,
      success: caller.role === 'apiUser' ? 401 : 200,
    }),
  refresh: async (caller) => ({
    method: 'POST',
    path: '/api/auth/refresh',
    body: { refreshToken: (await refreshableOf(caller)).refreshToken },
    token: null,
    success: 200,
  }),
  oauthToken: (caller) =>
    Promise.resolve({
      method: 'POST',
      path: '/oauth/token',
      form: { grant_type: 'password', username: caller.username, password: caller.password },
      token: null,
      success: caller.role === 'apiUser' ? 400 : 200,
    }),
  oauthRevoke: async (caller) => ({
    method: 'POST',
    path: '/oauth/revoke',
    form: { token: (await refreshableOf(caller)).refreshToken },
    token: null,
    success: 200,
  }),
  // The caller's own token, which a resource server would be shown.
  oauthIntrospect: (caller) =>
    Promise.resolve({
      method: 'POST',
      path: '/oauth/introspect',
      form: { token: caller.token },
      success: 200,
    }),
  signOut: async (caller) => ({
    method: 'POST',
    path: '/api/auth/logout',
    token: caller.pair ? caller.token : (await sessionOf(caller.username, caller.password)).accessToken,
    success: caller.role === 'apiUser' ? 409 : 204,
  }),
  me: () => Promise.resolve({ method: 'GET', path: '/api/auth/me', success: 200 }),
  getOwnProfile: () => Promise.resolve({ method: 'GET', path: '/api/me', success: 200 }),
  updateOwnProfile: () =>
    Promise.resolve({ method: 'PATCH', path: '/api/me', body: { displayName: 'Matrix self' }, success: 200 }),
  // The same password again: the row's account goes on signing in. An API user has no password.
  changeOwnPassword: (caller) =>
    Promise.resolve({
      method: 'PUT',
      path: '/api/me/password',
      body: { currentPassword: caller.password, newPassword: caller.password },
      success: caller.role === 'apiUser' ? 401 : 204,
    }),
  getOverview: () => Promise.resolve({ method: 'GET', path: '/api/overview', success: 200 }),
  listUsers: () => Promise.resolve({ method: 'GET', path: '/api/users?limit=5', success: 200 }),
  exportUsers: () =>
    Promise.resolve({ method: 'GET', path: '/api/users/export?q=matrix&columns=username', success: 200 }),
  createUser: () =>
    Promise.resolve({ method: 'POST', path: '/api/users', body: newUserFields('mxnew'), success: 201 }),
  nextUsername: () => Promise.resolve({ method: 'GET', path: '/api/users/next-username', success: 200 }),
  deleteUsers: async () => ({
    method: 'POST',
    path: '/api/users/delete',
    body: { userIds: [(await freshUser()).id] },
    success: 200,
  }),
  getUser: () => Promise.resolve({ method: 'GET', path: `/api/users/${reader.id}`, success: 200 }),
  updateUser: async () => ({
    method: 'PATCH',
    path: `/api/users/${(await freshUser()).id}`,
    body: { displayName: 'Matrix changed' },
    success: 200,
  }),
  deleteUser: async () => ({ method: 'DELETE', path: `/api/users/${(await freshUser()).id}`, success: 204 }),
  enableUser: async () => ({
    method: 'POST',
    path: `/api/users/${(await freshUser({ enabled: false })).id}/enable`,
    success: 200,
  }),
  disableUser: async () => ({
    method: 'POST',
    path: `/api/users/${(await freshUser()).id}/disable`,
    success: 200,
  }),
  setPassword: async () => ({
    method: 'PUT',
    path: `/api/users/${(await freshUser()).id}/password`,
    body: { password: 'matrix-pw-2' },
    success: 204,
  }),
  setUserGroups: async () => ({
    method: 'PUT',
    path: `/api/users/${(await freshUser()).id}/groups`,
    body: { groupIds: [readGroup.id] },
    success: 200,
  }),
  getAccess: () => Promise.resolve({ method: 'GET', path: `/api/users/${reader.id}/access`, success: 200 }),
  setRole: async () => ({
    method: 'PUT',
    path: `/api/users/${(await freshUser()).id}/role`,
    body: { role: 'auditor' },
    success: 200,
  }),
  unlock: async () => ({
    method: 'POST',
    path: `/api/users/${(await freshUser()).id}/unlock`,
    success: 200,
  }),
  resetPassword: async () => ({
    method: 'POST',
    path: `/api/users/${(await freshUser()).id}/password-reset`,
    success: 200,
  }),
  inviteUser: () => {
    const { username, displayName, email } = newUserFields('mxinv');
    const body = { username, displayName, email };
    return Promise.resolve({ method: 'POST', path: '/api/invitations', body, success: 201 });
  },
  resendInvitation: async () => ({
    method: 'POST',
    path: `/api/users/${(await freshInvitation()).user.id}/invitation`,
    success: 200,
  }),
  acceptInvitation: async () => ({
    method: 'POST',
    path: '/api/invitations/accept',
    body: { token: (await freshInvitation()).token, password: 'accepted-pw-1' },
    token: null,
    success: 204,
  }),
  listSessions: () =>
    Promise.resolve({ method: 'GET', path: `/api/users/${reader.id}/sessions`, success: 200 }),
  endSessions: async () => {
    const user = await freshUser();
    await sessionOf(user.username, user.password);
    return { method: 'DELETE', path: `/api/users/${user.id}/sessions`, success: 200 };
  },
  getPasswordPolicy: () =>
    Promise.resolve({ method: 'GET', path: '/api/settings/password-policy', success: 200 }),
  // The policy every test here counts on: the row's write changes nothing it relies on.
  setPasswordPolicy: () =>
    Promise.resolve({
      method: 'PUT',
      path: '/api/settings/password-policy',
      body: DEFAULT_PASSWORD_POLICY,
      success: 200,
    }),
  generateToken: async () => ({
    method: 'POST',
    path: `/api/users/${(await freshUser()).id}/tokens`,
    success: 201,
  }),
  tokenInfo: () => Promise.resolve({ method: 'GET', path: `/api/users/${reader.id}/tokens`, success: 200 }),
  revokeToken: async () => {
    const user = await freshUser();
    await must('POST', `/api/users/${user.id}/tokens`);
    return { method: 'DELETE', path: `/api/users/${user.id}/tokens`, success: 204 };
  },
  // Enabling an enabled user changes nothing, so that no job writes while another row's refusal is
  // checked for writing nothing.
  startBulk: async () => ({
    method: 'POST',
    path: '/api/users/bulk',
    body: { action: { kind: 'enable' }, selection: { kind: 'ids', userIds: [(await freshUser()).id] } },
    success: 201,
  }),
  bulkStatus: async (caller) => ({
    method: 'GET',
    path: `/api/users/bulk/${await jobOf(caller)}`,
    success: 200,
  }),
  cancelBulk: async (caller) => ({
    method: 'DELETE',
    path: `/api/users/bulk/${await jobOf(caller)}`,
    success: 200,
  }),
  previewImport: async () => ({
    method: 'POST',
    path: '/api/users/import/preview',
    body: await quietImport(),
    success: 200,
  }),
  startImport: async () => ({
    method: 'POST',
    path: '/api/users/import',
    body: await quietImport(),
    success: 201,
  }),
  importStatus: async (caller) => ({
    method: 'GET',
    path: `/api/users/import/${await importOf(caller)}`,
    success: 200,
  }),
  cancelImport: async (caller) => ({
    method: 'DELETE',
    path: `/api/users/import/${await importOf(caller)}`,
    success: 200,
  }),
  listApiKeys: () => Promise.resolve({ method: 'GET', path: `/api/users/${reader.id}/keys`, success: 200 }),
  createApiKey: async () => ({
    method: 'POST',
    path: `/api/users/${(await freshUser()).id}/keys`,
    body: { name: 'matrix', scope: 'read', expiresInDays: 1 },
    success: 201,
  }),
  revokeApiKey: async () => {
    const user = await freshUser();
    const created = await must<{ key: { id: number } }>('POST', `/api/users/${user.id}/keys`, {
      name: 'matrix',
      scope: 'read',
      expiresInDays: 1,
    });
    return { method: 'DELETE', path: `/api/users/${user.id}/keys/${created.key.id}`, success: 204 };
  },
  listGroups: () => Promise.resolve({ method: 'GET', path: '/api/groups?limit=5', success: 200 }),
  createGroup: () =>
    Promise.resolve({
      method: 'POST',
      path: '/api/groups',
      body: { name: groupName('Created') },
      success: 201,
    }),
  deleteGroups: async () => ({
    method: 'POST',
    path: '/api/groups/delete',
    body: { groupIds: [(await freshGroup()).id, (await freshGroup()).id] },
    success: 200,
  }),
  getGroup: () => Promise.resolve({ method: 'GET', path: `/api/groups/${readGroup.id}`, success: 200 }),
  updateGroup: async () => ({
    method: 'PATCH',
    path: `/api/groups/${(await freshGroup()).id}`,
    body: { name: groupName('Renamed') },
    success: 200,
  }),
  deleteGroup: async () => ({
    method: 'DELETE',
    path: `/api/groups/${(await freshGroup()).id}`,
    success: 204,
  }),
  listMembers: () =>
    Promise.resolve({ method: 'GET', path: `/api/groups/${readGroup.id}/members`, success: 200 }),
  addMembers: async () => ({
    method: 'POST',
    path: `/api/groups/${(await freshGroup()).id}/members`,
    body: { userIds: [reader.id] },
    success: 200,
  }),
  removeMembers: async () => ({
    method: 'POST',
    path: `/api/groups/${(await groupWith(reader.id)).id}/members/delete`,
    body: { userIds: [reader.id] },
    success: 200,
  }),
  removeMember: async () => ({
    method: 'DELETE',
    path: `/api/groups/${(await groupWith(reader.id)).id}/members/${reader.id}`,
    success: 200,
  }),
  auditPage: () =>
    Promise.resolve({
      method: 'GET',
      path: `/api/audit?targetType=user&targetId=${reader.id}`,
      success: 200,
    }),
  exportAudit: () =>
    Promise.resolve({ method: 'GET', path: '/api/audit/export?format=jsonl&kind=users', success: 200 }),
  verifyAudit: () => Promise.resolve({ method: 'GET', path: '/api/audit/verify', success: 200 }),
  getAuditRetention: () =>
    Promise.resolve({ method: 'GET', path: '/api/settings/audit-retention', success: 200 }),
  // Keeping everything, as the instance does: no entry any other row counts on goes.
  setAuditRetention: () =>
    Promise.resolve({
      method: 'PUT',
      path: '/api/settings/audit-retention',
      body: { days: null },
      success: 200,
    }),
};

async function send(caller: Caller, request: Request): Promise<Answer<ApiError>> {
  const token = request.token === undefined ? caller.token : request.token;
  return call<ApiError>(request.method, request.path, {
    ...(token === null ? {} : { token }),
    ...(request.body === undefined ? {} : { body: request.body }),
    ...(request.form === undefined
      ? {}
      : {
          raw: new URLSearchParams(request.form).toString(),
          contentType: 'application/x-www-form-urlencoded',
        }),
  });
}

/** An OAuth endpoint's refusal of its caller (RFC 6750 §3.1): 403 insufficient_scope, saying why. */
function expectInsufficientScope(answer: Answer, label: string): string {
  expect(answer.status, label).toBe(403);
  expect(answer.headers.get('content-type'), label).toBe('application/json; charset=utf-8');
  expect(answer.headers.get('cache-control'), label).toBe('no-store');
  const body = answer.body as { error?: unknown; error_description?: unknown };
  expect(Object.keys(body).sort(), label).toEqual(['error', 'error_description']);
  expect(body.error, label).toBe('insufficient_scope');
  expect(body.error_description, label).toEqual(expect.any(String));
  return String(body.error_description);
}

/** A refusal by permission: 403 problem+json naming the permission and the role, and nothing written. */
function expectForbiddenByPermission(
  caller: Caller,
  permission: Access,
  answer: Answer<ApiError>,
  label: string,
) {
  expect(answer.status, label).toBe(403);
  expect(answer.headers.get('content-type'), label).toBe(`${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
  expect(answer.body, label).toMatchObject({
    type: 'urn:roster:problem:forbidden',
    title: 'Forbidden',
    status: 403,
    code: 'FORBIDDEN',
  });
  expect(answer.body.detail, label).toContain(`"${caller.username}"`);
  expect(answer.body.detail, label).toContain(`the permission ${permission}`);
  expect(answer.body.detail, label).toContain(`the role ${ROLE_LABELS[caller.role]}`);
}

describe.each(roles)('every operation as %s', (role) => {
  it.each(operationIds)('%s: allowed or 403 as its declared permission says', async (operationId) => {
    const caller = callers[role];
    const endpoint: Endpoint = api[operationId];
    const allowed = allowedByDeclaration(role, endpoint.permission);
    const request = await REQUESTS[operationId](caller);
    const label = `${role} ${operationId}: ${request.method} ${request.path}`;

    const before = await quietState(caller);
    const answer = await send(caller, request);

    if (allowed) {
      expect(answer.status, `${label} (${JSON.stringify(answer.body)})`).not.toBe(403);
      expect(answer.status, `${label} (${JSON.stringify(answer.body)})`).toBe(request.success);
      if (operationId === 'me')
        expect(answer.body).toMatchObject({
          id: caller.id,
          username: caller.username,
          role,
          via: role === 'apiUser' ? 'apiToken' : 'session',
        });
      if (operationId === 'oauthIntrospect')
        expect(answer.body).toMatchObject({
          active: true,
          sub: String(caller.id),
          username: caller.username,
          role,
        });
      // The API user's password is refused as a wrong one is, in OAuth's words.
      if (operationId === 'oauthToken' && role === 'apiUser')
        expect(answer.body).toMatchObject({ error: 'invalid_grant' });
    } else if (endpoint.format === 'oauth') {
      const description = expectInsufficientScope(answer, label);
      expect(description, label).toContain(`"${caller.username}"`);
      expect(description, label).toContain(`the permission ${endpoint.permission}`);
      expect(description, label).toContain(`the role ${ROLE_LABELS[caller.role]}`);
      expect(served().observer.state(), `${label} wrote nothing`).toEqual(before);
    } else {
      expectForbiddenByPermission(caller, endpoint.permission, answer, label);
      expect(served().observer.state(), `${label} wrote nothing`).toEqual(before);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// An account whose password was reset may do nothing but change it

const duringPasswordChange = (id: OperationId): boolean =>
  (api[id] as Endpoint).duringPasswordChange === true;

describe('an Administrator whose password was reset', () => {
  const TEMPORARY = 'Temporary-pw-9';
  let resetAdmin: Fresh;

  beforeAll(async () => {
    resetAdmin = await freshUser({ role: 'administrator', prefix: 'mustchg' });
    await must('POST', `/api/users/${resetAdmin.id}/password-reset`, { password: TEMPORARY });
  });

  /** Signed in afresh with the temporary password, so that no row of it is old enough to be touched. */
  const resetCaller = async (): Promise<Caller> => ({
    role: 'administrator',
    id: resetAdmin.id,
    username: resetAdmin.username,
    password: TEMPORARY,
    token: await signIn(served().api, resetAdmin.username, TEMPORARY),
  });

  it('is allowed exactly the password change, signing out and reading the policy', () => {
    const allowed = operationIds.filter(duringPasswordChange).sort();
    expect(allowed).toEqual(['changeOwnPassword', 'getPasswordPolicy', 'signOut']);
  });

  const gated = operationIds.filter((id) => api[id].permission !== 'public' && !duringPasswordChange(id));
  it.each(gated)('%s: 403 PASSWORD_CHANGE_REQUIRED, nothing written', async (operationId) => {
    const caller = await resetCaller();
    const request = await REQUESTS[operationId](caller);
    const label = `${operationId}: ${request.method} ${request.path}`;
    const before = await quietState(caller);
    const answer = await send(caller, request);
    expect(answer.status, `${label} (${JSON.stringify(answer.body)})`).toBe(403);
    // An OAuth endpoint says it in OAuth's words; the rest in problem details.
    let detail: string | undefined;
    if ((api[operationId] as Endpoint).format === 'oauth') detail = expectInsufficientScope(answer, label);
    else {
      expect(answer.headers.get('content-type'), label).toBe(`${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
      expect(answer.body, label).toMatchObject({ status: 403, code: 'PASSWORD_CHANGE_REQUIRED' });
      detail = answer.body.detail;
    }
    expect(detail, label).toContain(`"${caller.username}"`);
    expect(detail, label).toContain('PUT /api/me/password');
    expect(served().observer.state(), `${label} wrote nothing`).toEqual(before);
  });

  it('reads the policy, signs out, and once the password is changed may do everything again', async () => {
    const caller = await resetCaller();
    for (const operationId of ['getPasswordPolicy', 'signOut'] as const) {
      const request = await REQUESTS[operationId](caller);
      expect((await send(caller, request)).status, operationId).toBe(request.success);
    }
    const changed = await call('PUT', '/api/me/password', {
      token: caller.token,
      body: { currentPassword: TEMPORARY, newPassword: 'Chosen-pw-9' },
    });
    expect(changed.status).toBe(204);
    for (const operationId of ['listUsers', 'me', 'setPasswordPolicy'] as const) {
      const request = await REQUESTS[operationId](caller);
      expect((await send(caller, request)).status, operationId).toBe(request.success);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// What a User manager may do depends on whom it acts on

interface TargetRequest {
  label: string;
  /** A valid request on `target` (made fresh for it). */
  build: (target: Fresh) => Promise<Omit<Request, 'token'>>;
}

/** Every write that names a user, as a User manager would send it. */
const TARGETED: readonly TargetRequest[] = [
  {
    label: 'PATCH /api/users/{id}',
    build: (t) =>
      Promise.resolve({
        method: 'PATCH',
        path: `/api/users/${t.id}`,
        body: { displayName: 'Managed' },
        success: 200,
      }),
  },
  {
    label: 'DELETE /api/users/{id}',
    build: (t) => Promise.resolve({ method: 'DELETE', path: `/api/users/${t.id}`, success: 204 }),
  },
  {
    label: 'POST /api/users/delete',
    build: (t) =>
      Promise.resolve({ method: 'POST', path: '/api/users/delete', body: { userIds: [t.id] }, success: 200 }),
  },
  {
    label: 'POST /api/users/{id}/disable',
    build: (t) => Promise.resolve({ method: 'POST', path: `/api/users/${t.id}/disable`, success: 200 }),
  },
  {
    label: 'POST /api/users/{id}/enable',
    build: (t) => Promise.resolve({ method: 'POST', path: `/api/users/${t.id}/enable`, success: 200 }),
  },
  {
    label: 'PUT /api/users/{id}/password',
    build: (t) =>
      Promise.resolve({
        method: 'PUT',
        path: `/api/users/${t.id}/password`,
        body: { password: 'managed-pw-1' },
        success: 204,
      }),
  },
  {
    label: 'PUT /api/users/{id}/role',
    build: (t) =>
      Promise.resolve({
        method: 'PUT',
        path: `/api/users/${t.id}/role`,
        // A role a User manager may give: only the target can make it a refusal.
        body: { role: t.role === 'auditor' ? 'user' : 'auditor' },
        success: 200,
      }),
  },
  {
    label: 'PUT /api/users/{id}/groups',
    build: (t) =>
      Promise.resolve({
        method: 'PUT',
        path: `/api/users/${t.id}/groups`,
        body: { groupIds: [readGroup.id] },
        success: 200,
      }),
  },
  {
    label: 'POST /api/users/{id}/tokens',
    build: (t) => Promise.resolve({ method: 'POST', path: `/api/users/${t.id}/tokens`, success: 201 }),
  },
  {
    label: 'DELETE /api/users/{id}/tokens',
    build: async (t) => {
      await must('POST', `/api/users/${t.id}/tokens`);
      return { method: 'DELETE', path: `/api/users/${t.id}/tokens`, success: 204 };
    },
  },
  {
    label: 'POST /api/users/{id}/unlock',
    build: (t) => Promise.resolve({ method: 'POST', path: `/api/users/${t.id}/unlock`, success: 200 }),
  },
  {
    label: 'POST /api/users/{id}/password-reset',
    build: (t) =>
      Promise.resolve({ method: 'POST', path: `/api/users/${t.id}/password-reset`, success: 200 }),
  },
  {
    label: 'DELETE /api/users/{id}/sessions',
    build: (t) => Promise.resolve({ method: 'DELETE', path: `/api/users/${t.id}/sessions`, success: 200 }),
  },
  {
    label: 'POST /api/groups/{id}/members',
    build: async (t) => ({
      method: 'POST',
      path: `/api/groups/${(await freshGroup()).id}/members`,
      body: { userIds: [t.id] },
      success: 200,
    }),
  },
  {
    label: 'POST /api/groups/{id}/members/delete',
    build: async (t) => ({
      method: 'POST',
      path: `/api/groups/${(await groupWith(t.id)).id}/members/delete`,
      body: { userIds: [t.id] },
      success: 200,
    }),
  },
  {
    label: 'DELETE /api/groups/{id}/members/{userId}',
    build: async (t) => ({
      method: 'DELETE',
      path: `/api/groups/${(await groupWith(t.id)).id}/members/${t.id}`,
      success: 200,
    }),
  },
];

const PRIVILEGED_TARGETS = ['administrator', 'userManager'] as const;
const MANAGEABLE_TARGETS = ['auditor', 'user', 'apiUser'] as const;

/** A 403 of the directory: FORBIDDEN on `field`, saying who may not do what. */
function expectForbiddenByDirectory(answer: Answer<ApiError>, field: string, label: string) {
  expect(answer.status, `${label} (${JSON.stringify(answer.body)})`).toBe(403);
  expect(answer.headers.get('content-type'), label).toBe(`${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
  expect(answer.body, label).toMatchObject({ status: 403, code: 'FORBIDDEN', field });
  // The wording itself ("A User manager", not "An") is checked once, below.
  expect(answer.body.detail, label).toMatch(/^An? User manager may not /);
}

describe('a User manager, by the role of the user it acts on', () => {
  describe.each(PRIVILEGED_TARGETS)('on an %s', (targetRole) => {
    let target: Fresh;
    beforeAll(async () => {
      target = await freshUser({ role: targetRole, prefix: 'priv' });
    });

    it.each(TARGETED.map((entry) => [entry.label, entry] as const))(
      '%s: 403 FORBIDDEN from the directory, nothing written',
      async (label, entry) => {
        const request = await entry.build(target);
        const before = await quietState(callers.userManager);
        const answer = await send(callers.userManager, request);
        expectForbiddenByDirectory(answer, 'userId', `${targetRole} ${label}`);
        expect(answer.body.detail).toContain(target.username);
        expect(answer.body.detail).toContain(ROLE_LABELS[targetRole]);
        expect(served().observer.state(), `${label} wrote nothing`).toEqual(before);
      },
    );

    it('may still read them: the user, its access and its token times', async () => {
      await must('POST', `/api/users/${target.id}/tokens`);
      const token = callers.userManager.token;
      expect((await call('GET', `/api/users/${target.id}`, { token })).status).toBe(200);
      expect((await call('GET', `/api/users/${target.id}/access`, { token })).status).toBe(200);
      expect((await call('GET', `/api/users/${target.id}/tokens`, { token })).status).toBe(200);
    });

    it('an Administrator may do each of those to them', async () => {
      for (const entry of TARGETED) {
        const fresh = await freshUser({ role: targetRole, prefix: 'priv' });
        const request = await entry.build(fresh);
        const answer = await send(callers.administrator, request);
        expect(answer.status, `${entry.label} (${JSON.stringify(answer.body)})`).toBe(request.success);
      }
    });
  });

  describe.each(MANAGEABLE_TARGETS)('on an %s', (targetRole) => {
    it('succeeds at every write that names them', async () => {
      for (const entry of TARGETED) {
        const fresh = await freshUser({
          role: targetRole,
          enabled: entry.label.endsWith('/enable') ? false : true,
          prefix: 'mgd',
        });
        const request = await entry.build(fresh);
        const answer = await send(callers.userManager, request);
        expect(answer.status, `${entry.label} (${JSON.stringify(answer.body)})`).toBe(request.success);
      }
    });
  });

  it('cannot create an Administrator or a User manager: 403 on role, nothing written', async () => {
    for (const role of PRIVILEGED_TARGETS) {
      const before = await quietState(callers.userManager);
      const answer = await send(callers.userManager, {
        method: 'POST',
        path: '/api/users',
        body: { ...newUserFields('nogrant'), role },
        success: 201,
      });
      expectForbiddenByDirectory(answer, 'role', `create ${role}`);
      expect(answer.body.detail).toContain(ROLE_LABELS[role]);
      expect(served().observer.state(), `create ${role} wrote nothing`).toEqual(before);
    }
  });

  it('cannot invite an Administrator or a User manager, nor renew the link of one: 403, nothing written', async () => {
    for (const role of PRIVILEGED_TARGETS) {
      const { username, displayName, email } = newUserFields('noinv');
      const before = await quietState(callers.userManager);
      const invited = await send(callers.userManager, {
        method: 'POST',
        path: '/api/invitations',
        body: { username, displayName, email, role },
        success: 201,
      });
      expectForbiddenByDirectory(invited, 'role', `invite ${role}`);
      expect(invited.body.detail).toContain(ROLE_LABELS[role]);
      expect(served().observer.state(), `invite ${role} wrote nothing`).toEqual(before);

      const pending = await freshInvitation(role);
      const beforeResend = served().observer.state();
      const resent = await send(callers.userManager, {
        method: 'POST',
        path: `/api/users/${pending.user.id}/invitation`,
        success: 200,
      });
      expectForbiddenByDirectory(resent, 'userId', `resend ${role}`);
      expect(resent.body.detail).toContain(pending.user.username);
      expect(served().observer.state(), `resend ${role} wrote nothing`).toEqual(beforeResend);
      // The link the owner handed out still works: the refusal did not replace it.
      const accepted = await call('POST', '/api/invitations/accept', {
        body: { token: pending.token, password: 'still-valid-1' },
      });
      expect(accepted.status).toBe(204);
    }
  });

  it('says so in English: "A User manager may not …", "who is a User manager"', async () => {
    const other = await freshUser({ role: 'userManager', prefix: 'words' });
    const changed = await call<ApiError>('PATCH', `/api/users/${other.id}`, {
      token: callers.userManager.token,
      body: { displayName: 'Not yours' },
    });
    expect(changed.body.detail).toBe(
      `A User manager may not change ${other.username}, who is a User manager.`,
    );
    const granted = await call<ApiError>('PUT', `/api/users/${reader.id}/role`, {
      token: callers.userManager.token,
      body: { role: 'userManager' },
    });
    expect(granted.body.detail).toBe('A User manager may not give the role User manager.');
  });

  it.each(MANAGEABLE_TARGETS)('creates a user with the role %s', async (role) => {
    const answer = await call<UserDetail>('POST', '/api/users', {
      token: callers.userManager.token,
      body: { ...newUserFields('granted'), role },
    });
    expect(answer.status).toBe(201);
    expect(answer.body.role).toBe(role);
  });

  it('cannot make a User an Administrator or a User manager: 403 on role, nothing written', async () => {
    const user = await freshUser();
    for (const role of PRIVILEGED_TARGETS) {
      const before = served().observer.state();
      const answer = await call<ApiError>('PUT', `/api/users/${user.id}/role`, {
        token: callers.userManager.token,
        body: { role },
      });
      expectForbiddenByDirectory(answer, 'role', `PUT role ${role}`);
      expect(answer.body.detail).toContain(ROLE_LABELS[role]);
      expect(served().observer.state(), `PUT role ${role} wrote nothing`).toEqual(before);
    }
    expect((await call<UserDetail>('GET', `/api/users/${user.id}`, { token: owner() })).body.role).toBe(
      'user',
    );
  });

  it('moves a user between User, Auditor and API user', async () => {
    const user = await freshUser();
    for (const role of ['auditor', 'apiUser', 'user', 'apiUser', 'auditor', 'user'] as const) {
      const answer = await call<UserDetail>('PUT', `/api/users/${user.id}/role`, {
        token: callers.userManager.token,
        body: { role },
      });
      expect(answer.status, role).toBe(200);
      expect(answer.body.role).toBe(role);
    }
  });

  it('an Administrator may give both roles', async () => {
    for (const role of PRIVILEGED_TARGETS) {
      const user = await freshUser();
      const answer = await call<UserDetail>('PUT', `/api/users/${user.id}/role`, {
        token: callers.administrator.token,
        body: { role },
      });
      expect(answer.status).toBe(200);
      expect(answer.body.role).toBe(role);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The API user

describe('an API user', () => {
  it('cannot sign in with its password: 401, the very answer a wrong password gets', async () => {
    const apiUser = await freshUser({ role: 'apiUser', prefix: 'apiu' });
    const attempt = (username: string, password: string) =>
      call<ApiError>('POST', '/api/auth/token', { body: { username, password } });

    const right = await attempt(apiUser.username, apiUser.password);
    const wrong = await attempt(apiUser.username, 'not-the-password');
    const unknown = await attempt('no-such-api-user', apiUser.password);
    expect(right.status).toBe(401);
    expect(right.headers.get('content-type')).toBe(`${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
    expect(right.body).toEqual(wrong.body);
    expect(right.body).toEqual(unknown.body);
    expect(right.headers.get('www-authenticate')).toBe(wrong.headers.get('www-authenticate'));
    // The attempt counts as a failure, as a wrong one does, so nothing tells the password was right.
    expect(served().observer.account(apiUser.username)?.failed_logins).toBe(2);
  });

  it('starts no session however often it tries', async () => {
    const apiUser = await freshUser({ role: 'apiUser', prefix: 'apiu' });
    const sessions = () =>
      served().observer.db.prepare('SELECT count(*) FROM sessions WHERE user_id = ?').pluck().get(apiUser.id);
    for (let attempt = 0; attempt < 3; attempt++)
      expect(
        (
          await call('POST', '/api/auth/token', {
            body: { username: apiUser.username, password: apiUser.password },
          })
        ).status,
      ).toBe(401);
    expect(sessions()).toBe(0);
  });

  it('uses its generated token pair as a bearer token, which gets 403 on directory routes', async () => {
    const apiUser = await freshUser({ role: 'apiUser', prefix: 'apiu' });
    const pair = await must<TokenPair>('POST', `/api/users/${apiUser.id}/tokens`);

    const me = await call('GET', '/api/auth/me', { token: pair.accessToken });
    expect(me).toMatchObject({
      status: 200,
      body: { id: apiUser.id, username: apiUser.username, role: 'apiUser', via: 'apiToken' },
    });
    const caller: Caller = { ...apiUser, role: 'apiUser', token: pair.accessToken };
    for (const [method, path, permission] of [
      ['GET', '/api/users', 'directory.read'],
      ['GET', `/api/users/${apiUser.id}`, 'directory.read'],
      ['GET', '/api/groups', 'directory.read'],
      ['PATCH', `/api/users/${apiUser.id}`, 'directory.write'],
    ] as const) {
      const before = served().observer.state();
      const answer = await call<ApiError>(method, path, {
        token: pair.accessToken,
        ...(method === 'PATCH' ? { body: { displayName: 'Not me' } } : {}),
      });
      expectForbiddenByPermission(caller, permission, answer, `${method} ${path}`);
      expect(served().observer.state()).toEqual(before);
    }
  });
});

describe('an account made an API user', () => {
  it('keeps no password sign-in: its session stops working and cannot be refreshed; its token pair works', async () => {
    const user = await freshUser({ role: 'auditor', prefix: 'toapi' });
    const session = await sessionOf(user.username, user.password);
    const pair = await must<TokenPair>('POST', `/api/users/${user.id}/tokens`);
    expect((await call('GET', '/api/users', { token: session.accessToken })).status).toBe(200);

    await must('PUT', `/api/users/${user.id}/role`, { role: 'apiUser' });

    // "No interactive sign-in with a password": the session a password opened ends with the change.
    const me = await call<ApiError>('GET', '/api/auth/me', { token: session.accessToken });
    expect(me.status, `a password session still answers ${JSON.stringify(me.body)}`).toBe(401);
    const refreshed = await call<ApiError>('POST', '/api/auth/refresh', {
      body: { refreshToken: session.refreshToken },
    });
    expect(refreshed.status, 'the password session could still be refreshed').toBe(401);
    expect((await call('GET', '/api/auth/me', { token: pair.accessToken })).body).toMatchObject({
      role: 'apiUser',
      via: 'apiToken',
    });
  });
});

describe('a role change', () => {
  it('takes effect on the next request of an API token already issued, and ends sign-in sessions', async () => {
    const user = await freshUser({ role: 'userManager', prefix: 'chg' });
    const session = await signIn(served().api, user.username, user.password);
    const pair = await must<TokenPair>('POST', `/api/users/${user.id}/tokens`);
    const token = pair.accessToken;
    expect((await call('POST', '/api/groups', { token, body: { name: groupName('Before') } })).status).toBe(
      201,
    );

    await must('PUT', `/api/users/${user.id}/role`, { role: 'auditor' });
    // What the session was signed in for has changed: it ends.
    expect((await call('GET', '/api/auth/me', { token: session })).status).toBe(401);
    expect((await call('GET', '/api/users', { token })).status).toBe(200);
    const refused = await call<ApiError>('POST', '/api/groups', {
      token,
      body: { name: groupName('After') },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('directory.write');

    await must('PUT', `/api/users/${user.id}/role`, { role: 'user' });
    expect((await call('GET', '/api/users', { token })).status).toBe(403);
    expect((await call('GET', '/api/auth/me', { token })).body).toMatchObject({ role: 'user' });
  });
});
