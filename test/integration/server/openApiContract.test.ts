import SwaggerParser from '@apidevtools/swagger-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GroupSummary, Invitation, TokenPair, UserDetail } from '../../../shared/domain/directory';
import { DEFAULT_PASSWORD_POLICY } from '../../../shared/domain/passwordPolicy';
import { signIn } from './support/api';
import { ADMIN } from './support/instanceFile';
import {
  mediaTypeOf,
  operationsOf,
  referenceProblems,
  schemaValidator,
  type LocatedOperation,
  type OpenApiDocument,
  type SchemaCheck,
} from './support/openApiDocument';
import { newUserFields, useServedInstance } from './support/servedInstance';

/**
 * The OpenAPI document at /api/openapi.json against the running server: it is valid OpenAPI 3.1,
 * and for every operation it lists, a valid request gets the documented success and a refused
 * one a documented problem (or, from the OAuth endpoints, a documented OAuth error), each with a
 * body that the documented schema accepts. The table of examples must name exactly the
 * document's operations, so a new route cannot go untested.
 */

const served = useServedInstance();

const PROBLEM_JSON = 'application/problem+json';
const FORM = 'application/x-www-form-urlencoded';
const NO_SUCH = 987_654;

/**
 * The OAuth 2.0 endpoints (RFC 6749, 7009, 7662), by hand: they take forms and refuse with
 * OAuth's `{ error, error_description }` as application/json, which OAuth2 clients expect.
 */
const OAUTH_OPERATIONS: ReadonlySet<string> = new Set(['oauthToken', 'oauthRevoke', 'oauthIntrospect']);

interface Example {
  /** Fills the `{name}`s of the documented path. */
  params?: Record<string, string | number>;
  query?: Record<string, string>;
  /** The bearer token; the first administrator's unless given, none when null. */
  token?: string | null;
  body?: unknown;
  /** Sent form-encoded (the OAuth endpoints) instead of `body`. */
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

interface Refusal extends Example {
  /** The 4xx this refusal must answer. */
  status: number;
  /** A refusal that still writes (a failed sign-in counts against the account). */
  writes?: boolean;
  /** The OAuth error code an OAuth endpoint's refusal must carry. */
  error?: string;
}

interface Entry {
  valid: Example;
  refused: [Refusal, ...Refusal[]];
}

interface Fixtures {
  memberToken: string;
  /** A User whose own password the self-service example changes (to the same one). */
  self: { token: string; password: string };
  signInUser: { username: string; password: string };
  refreshToken: string;
  /** A sign-in's refresh token for the OAuth token endpoint, one for it to revoke. */
  oauthRefreshToken: string;
  revokedToken: string;
  signOutToken: string;
  apiAccessToken: string;
  reader: UserDetail;
  bulkVictim: UserDetail;
  patchUser: UserDetail;
  deleteVictim: UserDetail;
  /** Changed after it was read: `staleVersion` is a version it had, `version` the current one. */
  stale: UserDetail & { staleVersion: number };
  disabledUser: UserDetail;
  disableTarget: UserDetail;
  passwordUser: UserDetail;
  groupsUser: UserDetail;
  roleTarget: UserDetail;
  tokenUser: UserDetail;
  tokenDisabled: UserDetail;
  tokenInfoUser: UserDetail;
  revokeUser: UserDetail;
  /** Bulk jobs of the owner's: one to read, one to cancel. */
  bulkJobs: { read: string; cancel: string };
  /** Import jobs of the owner's, of one row that changes nothing: one to read, one to cancel. */
  importJobs: { read: string; cancel: string };
  /** A user holding one API key, `keyed.keyId`, which the revoke example ends. */
  keyed: { user: UserDetail; keyId: number };
  newMember: UserDetail;
  removedMember: UserDetail;
  removedOne: UserDetail;
  groupRead: GroupSummary;
  groupPatch: GroupSummary;
  groupDelete: GroupSummary;
  /** Deleted together by the bulk delete example. */
  groupsBulk: GroupSummary[];
  groupStale: GroupSummary;
  groupMembers: GroupSummary;
  groupRemove: GroupSummary;
  groupRemoveOne: GroupSummary;
  resetUser: UserDetail;
  /** Invited users, each with its link's token: one to renew, one to accept, one to accept badly. */
  reinvited: InvitedFixture;
  accepted: InvitedFixture;
  acceptRefused: InvitedFixture;
  /** A user signed in once, whose sessions the example ends. */
  sessionsUser: UserDetail;
}

interface InvitedFixture {
  user: UserDetail;
  token: string;
}

const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

/** One valid and at least one refused request for every operation of the document. */
const EXAMPLES: Readonly<Record<string, (f: Fixtures) => Entry>> = {
  health: () => ({ valid: { token: null }, refused: [{ token: null, query: { x: '1' }, status: 400 }] }),
  signIn: (f) => ({
    valid: { token: null, body: f.signInUser },
    refused: [
      { token: null, body: { username: f.signInUser.username }, status: 400 },
      {
        token: null,
        body: { username: f.signInUser.username, password: 'not-the-password' },
        status: 401,
        writes: true,
      },
    ],
  }),
  refresh: (f) => ({
    valid: { token: null, body: { refreshToken: f.refreshToken } },
    refused: [
      { token: null, body: {}, status: 400 },
      { token: null, body: { refreshToken: 'not-a-refresh-token' }, status: 401 },
    ],
  }),
  oauthToken: (f) => ({
    valid: { token: null, form: { grant_type: 'refresh_token', refresh_token: f.oauthRefreshToken } },
    refused: [
      {
        token: null,
        form: { grant_type: 'password', username: f.signInUser.username },
        status: 400,
        error: 'invalid_request',
      },
      {
        token: null,
        form: { grant_type: 'password', username: f.signInUser.username, password: 'not-the-password' },
        status: 400,
        error: 'invalid_grant',
        writes: true,
      },
      // Used by the valid example: refused, and its sign-in ends (reuse detection).
      {
        token: null,
        form: { grant_type: 'refresh_token', refresh_token: f.oauthRefreshToken },
        status: 400,
        error: 'invalid_grant',
        writes: true,
      },
      {
        token: null,
        form: { grant_type: 'client_credentials' },
        status: 400,
        error: 'unsupported_grant_type',
      },
    ],
  }),
  oauthRevoke: (f) => ({
    valid: { token: null, form: { token: f.revokedToken, token_type_hint: 'refresh_token' } },
    refused: [
      { token: null, form: { token_type_hint: 'access_token' }, status: 400, error: 'invalid_request' },
    ],
  }),
  oauthIntrospect: (f) => ({
    valid: { form: { token: f.memberToken } },
    refused: [
      { token: null, form: { token: f.memberToken }, status: 401, error: 'invalid_token' },
      { token: f.memberToken, form: { token: f.memberToken }, status: 403, error: 'insufficient_scope' },
      { form: {}, status: 400, error: 'invalid_request' },
    ],
  }),
  signOut: (f) => ({
    valid: { token: f.signOutToken },
    refused: [
      { token: null, status: 401 },
      // A generated API token is not a session.
      { token: f.apiAccessToken, status: 409 },
    ],
  }),
  me: () => ({ valid: {}, refused: [{ token: null, status: 401 }] }),
  getOwnProfile: (f) => ({ valid: { token: f.memberToken }, refused: [{ token: null, status: 401 }] }),
  updateOwnProfile: (f) => ({
    valid: { token: f.memberToken, body: { displayName: 'Member Self' } },
    refused: [{ token: f.memberToken, body: { email: 'not an email' }, status: 400 }],
  }),
  changeOwnPassword: (f) => ({
    valid: { token: f.self.token, body: { currentPassword: f.self.password, newPassword: f.self.password } },
    refused: [
      { token: f.self.token, body: { currentPassword: f.self.password, newPassword: 'abc' }, status: 400 },
    ],
  }),
  listUsers: () => ({
    valid: { query: { q: 'reader', limit: '5', offset: '0' } },
    refused: [{ query: { limit: '0' }, status: 400 }],
  }),
  exportUsers: (f) => ({
    valid: { query: { q: 'reader', sort: 'email', order: 'desc', columns: 'username,groups,created' } },
    refused: [
      { query: { columns: 'username,passwordHash' }, status: 400 },
      { token: f.memberToken, status: 403 },
    ],
  }),
  createUser: (f) => ({
    valid: { body: newUserFields('created') },
    refused: [
      { body: { ...newUserFields('clash'), username: f.reader.username }, status: 409 },
      { body: { ...newUserFields('bad'), email: 'not an email' }, status: 400 },
    ],
  }),
  nextUsername: (f) => ({ valid: {}, refused: [{ token: f.memberToken, status: 403 }] }),
  deleteUsers: (f) => ({
    valid: { body: { userIds: [f.bulkVictim.id] } },
    refused: [{ body: { userIds: [] }, status: 400 }],
  }),
  getUser: (f) => ({
    valid: { params: { userId: f.reader.id } },
    refused: [
      { params: { userId: NO_SUCH }, status: 404 },
      { params: { userId: 'abc' }, status: 400 },
    ],
  }),
  updateUser: (f) => ({
    valid: {
      params: { userId: f.patchUser.id },
      headers: ifMatch(f.patchUser.version),
      body: { displayName: 'Patched one' },
    },
    // Runs after the valid one: the version read before it is stale now.
    refused: [
      {
        params: { userId: f.patchUser.id },
        headers: ifMatch(f.patchUser.version),
        body: { displayName: 'Patched two' },
        status: 412,
      },
      { params: { userId: f.patchUser.id }, body: { username: 'renamed' }, status: 400 },
    ],
  }),
  deleteUser: (f) => ({
    valid: { params: { userId: f.deleteVictim.id }, headers: ifMatch(f.deleteVictim.version) },
    refused: [{ params: { userId: f.stale.id }, headers: ifMatch(f.stale.staleVersion), status: 412 }],
  }),
  enableUser: (f) => ({
    valid: { params: { userId: f.disabledUser.id }, headers: ifMatch(f.disabledUser.version) },
    refused: [{ params: { userId: f.stale.id }, headers: ifMatch(f.stale.staleVersion), status: 412 }],
  }),
  disableUser: (f) => ({
    valid: { params: { userId: f.disableTarget.id }, headers: ifMatch(f.disableTarget.version) },
    refused: [{ params: { userId: f.stale.id }, headers: ifMatch(f.stale.staleVersion), status: 412 }],
  }),
  setPassword: (f) => ({
    valid: {
      params: { userId: f.passwordUser.id },
      headers: ifMatch(f.passwordUser.version),
      body: { password: 'a-new-pw-1' },
    },
    refused: [{ params: { userId: f.passwordUser.id }, body: { password: 'abc' }, status: 400 }],
  }),
  setUserGroups: (f) => ({
    valid: {
      params: { userId: f.groupsUser.id },
      headers: ifMatch(f.groupsUser.version),
      body: { groupIds: [f.groupRead.id] },
    },
    refused: [{ params: { userId: f.groupsUser.id }, body: { groupIds: [NO_SUCH] }, status: 404 }],
  }),
  getAccess: (f) => ({
    valid: { params: { userId: f.reader.id } },
    refused: [{ params: { userId: NO_SUCH }, status: 404 }],
  }),
  setRole: (f) => ({
    valid: {
      params: { userId: f.roleTarget.id },
      headers: ifMatch(f.roleTarget.version),
      body: { role: 'auditor' },
    },
    refused: [
      { params: { userId: f.roleTarget.id }, body: { role: 'root' }, status: 400 },
      { params: { userId: f.roleTarget.id }, body: { role: 'user' }, token: f.memberToken, status: 403 },
    ],
  }),
  unlock: (f) => ({
    valid: { params: { userId: f.reader.id } },
    refused: [{ params: { userId: f.reader.id }, token: null, status: 401 }],
  }),
  generateToken: (f) => ({
    valid: { params: { userId: f.tokenUser.id } },
    refused: [{ params: { userId: f.tokenDisabled.id }, status: 409 }],
  }),
  tokenInfo: (f) => ({
    valid: { params: { userId: f.tokenInfoUser.id } },
    // The reader never had a token.
    refused: [{ params: { userId: f.reader.id }, status: 404 }],
  }),
  startBulk: (f) => ({
    valid: { body: { action: { kind: 'enable' }, selection: { kind: 'ids', userIds: [f.reader.id] } } },
    refused: [
      {
        body: { action: { kind: 'promote' }, selection: { kind: 'ids', userIds: [f.reader.id] } },
        status: 400,
      },
      {
        body: {
          action: { kind: 'addToGroup', groupId: NO_SUCH },
          selection: { kind: 'ids', userIds: [f.reader.id] },
        },
        status: 404,
      },
    ],
  }),
  bulkStatus: (f) => ({
    valid: { params: { jobId: f.bulkJobs.read } },
    refused: [{ params: { jobId: '00000000-0000-4000-8000-000000000000' }, status: 404 }],
  }),
  cancelBulk: (f) => ({
    valid: { params: { jobId: f.bulkJobs.cancel } },
    refused: [{ params: { jobId: 'not-a-job' }, status: 400 }],
  }),
  previewImport: (f) => ({
    valid: {
      body: {
        rows: [
          { line: 2, username: 'contract-import', displayName: 'Contract Import', email: 'ci@example.com' },
          { line: 3, username: f.reader.username, groups: 'Contract imported' },
        ],
      },
    },
    refused: [{ body: { rows: [] }, status: 400 }],
  }),
  startImport: (f) => ({
    valid: { body: { rows: [{ line: 2, username: f.reader.username }], options: { newUsers: 'invite' } } },
    refused: [
      {
        body: { rows: [{ line: 2, username: f.reader.username }], options: { newUsers: 'mail' } },
        status: 400,
      },
    ],
  }),
  importStatus: (f) => ({
    valid: { params: { jobId: f.importJobs.read } },
    refused: [{ params: { jobId: '00000000-0000-4000-8000-000000000000' }, status: 404 }],
  }),
  cancelImport: (f) => ({
    valid: { params: { jobId: f.importJobs.cancel } },
    refused: [{ params: { jobId: 'not-a-job' }, status: 400 }],
  }),
  listApiKeys: (f) => ({
    valid: { params: { userId: f.keyed.user.id } },
    refused: [{ params: { userId: NO_SUCH }, status: 404 }],
  }),
  createApiKey: (f) => ({
    valid: { params: { userId: f.reader.id }, body: { name: 'contract', scope: 'read', expiresInDays: 30 } },
    refused: [
      {
        params: { userId: f.reader.id },
        body: { name: 'forever', scope: 'read', expiresInDays: null },
        status: 400,
      },
      {
        params: { userId: f.reader.id },
        body: { name: 'too long', scope: 'read', expiresInDays: 366 },
        status: 400,
      },
      {
        params: { userId: f.tokenDisabled.id },
        body: { name: 'off', scope: 'read', expiresInDays: 1 },
        status: 409,
      },
    ],
  }),
  revokeApiKey: (f) => ({
    valid: { params: { userId: f.keyed.user.id, keyId: f.keyed.keyId } },
    refused: [{ params: { userId: f.keyed.user.id, keyId: NO_SUCH }, status: 404 }],
  }),
  revokeToken: (f) => ({
    valid: { params: { userId: f.revokeUser.id } },
    refused: [{ params: { userId: NO_SUCH }, status: 404 }],
  }),
  getOverview: (f) => ({
    valid: {},
    refused: [
      { token: f.memberToken, status: 403 },
      { query: { status: 'enabled' }, status: 400 },
    ],
  }),
  listGroups: () => ({
    valid: { query: { q: 'contract', limit: '10' } },
    refused: [{ query: { offset: '-1' }, status: 400 }],
  }),
  createGroup: (f) => ({
    valid: { body: { name: 'Contract created' } },
    refused: [{ body: { name: f.groupRead.name.toUpperCase() }, status: 409 }],
  }),
  deleteGroups: (f) => ({
    valid: { body: { groupIds: f.groupsBulk.map((group) => group.id) } },
    refused: [
      { body: { groupIds: [] }, status: 400 },
      { body: { groupIds: ['abc'] }, status: 400 },
    ],
  }),
  getGroup: (f) => ({
    valid: { params: { groupId: f.groupRead.id } },
    refused: [{ params: { groupId: NO_SUCH }, status: 404 }],
  }),
  updateGroup: (f) => ({
    valid: {
      params: { groupId: f.groupPatch.id },
      headers: ifMatch(f.groupPatch.version),
      body: { name: 'Contract patched' },
    },
    refused: [
      {
        params: { groupId: f.groupPatch.id },
        headers: ifMatch(f.groupPatch.version),
        body: { name: 'Contract patched again' },
        status: 412,
      },
    ],
  }),
  deleteGroup: (f) => ({
    valid: { params: { groupId: f.groupDelete.id }, headers: ifMatch(f.groupDelete.version) },
    // A weak tag never matches, not even the current version's.
    refused: [
      {
        params: { groupId: f.groupStale.id },
        headers: { 'If-Match': `W/"${f.groupStale.version}"` },
        status: 412,
      },
    ],
  }),
  listMembers: (f) => ({
    valid: { params: { groupId: f.groupRead.id }, query: { limit: '10' } },
    refused: [{ params: { groupId: f.groupRead.id }, query: { bogus: '1' }, status: 400 }],
  }),
  addMembers: (f) => ({
    valid: { params: { groupId: f.groupMembers.id }, body: { userIds: [f.newMember.id] } },
    refused: [{ params: { groupId: f.groupMembers.id }, body: { userIds: [NO_SUCH] }, status: 404 }],
  }),
  removeMembers: (f) => ({
    valid: { params: { groupId: f.groupRemove.id }, body: { userIds: [f.removedMember.id] } },
    refused: [{ params: { groupId: f.groupRemove.id }, body: { userIds: 'all' }, status: 400 }],
  }),
  removeMember: (f) => ({
    valid: { params: { groupId: f.groupRemoveOne.id, userId: f.removedOne.id } },
    refused: [{ params: { groupId: NO_SUCH, userId: f.removedOne.id }, status: 404 }],
  }),
  resetPassword: (f) => ({
    valid: {
      params: { userId: f.resetUser.id },
      headers: ifMatch(f.resetUser.version),
      body: { password: 'temporary-pw-1' },
    },
    refused: [
      // The body passes the boundary (1 to 256 characters); the instance's policy refuses it.
      { params: { userId: f.resetUser.id }, body: { password: 'abc' }, status: 400 },
      { params: { userId: f.stale.id }, headers: ifMatch(f.stale.staleVersion), status: 412 },
      // Nobody can sign in to an Invited user yet: there is nothing to reset.
      { params: { userId: f.reinvited.user.id }, status: 409 },
    ],
  }),
  inviteUser: (f) => ({
    valid: { body: invitationFields('invited') },
    refused: [
      { body: { ...invitationFields('clash'), username: f.reader.username }, status: 409 },
      { body: { ...invitationFields('hours'), expiresInHours: 0 }, status: 400 },
    ],
  }),
  resendInvitation: (f) => ({
    valid: { params: { userId: f.reinvited.user.id }, body: { expiresInHours: 24 } },
    refused: [
      { params: { userId: f.reader.id }, status: 409 },
      { params: { userId: NO_SUCH }, status: 404 },
    ],
  }),
  acceptInvitation: (f) => ({
    valid: { token: null, body: { token: f.accepted.token, password: 'my-own-pw-1' } },
    refused: [
      // Used once already.
      { token: null, body: { token: f.accepted.token, password: 'my-own-pw-2' }, status: 404 },
      { token: null, body: { token: f.acceptRefused.token, password: 'abc' }, status: 400 },
    ],
  }),
  listSessions: (f) => ({
    valid: { params: { userId: f.sessionsUser.id } },
    refused: [
      { params: { userId: NO_SUCH }, status: 404 },
      { params: { userId: f.sessionsUser.id }, token: f.memberToken, status: 403 },
    ],
  }),
  endSessions: (f) => ({
    valid: { params: { userId: f.sessionsUser.id } },
    refused: [
      { params: { userId: NO_SUCH }, status: 404 },
      { params: { userId: f.reader.id }, token: f.memberToken, status: 403 },
    ],
  }),
  getPasswordPolicy: (f) => ({ valid: { token: f.memberToken }, refused: [{ token: null, status: 401 }] }),
  // The default again: the other examples' passwords are chosen for it.
  setPasswordPolicy: (f) => ({
    valid: { body: DEFAULT_PASSWORD_POLICY },
    refused: [
      { body: { ...DEFAULT_PASSWORD_POLICY, minLength: 30 }, status: 400 },
      { body: DEFAULT_PASSWORD_POLICY, token: f.memberToken, status: 403 },
    ],
  }),
  auditPage: (f) => ({
    valid: {
      query: { kind: 'users,memberships', targetType: 'user', targetId: String(f.reader.id), limit: '10' },
    },
    refused: [
      { query: { limit: '0' }, status: 400 },
      { query: { targetId: String(f.reader.id) }, status: 400 },
      { token: f.memberToken, status: 403 },
    ],
  }),
  // Many users were made: the file has many lines, which no JSON parser reads as one value.
  exportAudit: (f) => ({
    valid: { query: { format: 'jsonl', kind: 'users' } },
    refused: [
      { query: { format: 'xml' }, status: 400 },
      { token: f.memberToken, status: 403 },
    ],
  }),
  verifyAudit: (f) => ({ valid: {}, refused: [{ token: f.memberToken, status: 403 }] }),
  getAuditRetention: (f) => ({
    valid: {},
    refused: [
      { token: null, status: 401 },
      { token: f.memberToken, status: 403 },
    ],
  }),
  // Keeping everything, as a new instance does.
  setAuditRetention: (f) => ({
    valid: { body: { days: null } },
    refused: [
      { body: { days: 0 }, status: 400 },
      { body: { days: null }, token: f.memberToken, status: 403 },
    ],
  }),
};

let doc: OpenApiDocument;
let operations: Map<string, LocatedOperation>;
let check: SchemaCheck;
let fixtures: Fixtures;

const admin = () => served().adminToken;

/** An administrator's call that must succeed, for the fixtures. */
async function must<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const answer = await served().api.call<T>(method, path, { token: admin(), body, headers });
  if (answer.status >= 300)
    throw new Error(`${method} ${path} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}
const createUser = (prefix: string, fields: { enabled?: boolean } = {}) =>
  must<UserDetail>('POST', '/api/users', { ...newUserFields(prefix), ...fields });
const createGroup = (name: string) => must<GroupSummary>('POST', '/api/groups', { name });
const readUser = (id: number) => must<UserDetail>('GET', `/api/users/${id}`);
const readGroup = (id: number) => must<GroupSummary>('GET', `/api/groups/${id}`);

/** A new user's fields for an invitation: no password, the invited user sets it. */
function invitationFields(prefix: string) {
  const { username, displayName, email } = newUserFields(prefix);
  return { username, displayName, email };
}

async function invite(prefix: string): Promise<InvitedFixture> {
  const invitation = await must<Invitation>('POST', '/api/invitations', invitationFields(prefix));
  const token = new URL(invitation.link).pathname.split('/invite/')[1];
  if (token === undefined) throw new Error(`no token in the link ${invitation.link}`);
  return { user: invitation.user, token };
}

/** A job of the owner's that changes nothing (the user is enabled already). */
const importJob = async (username: string) =>
  (await must<{ id: string }>('POST', '/api/users/import', { rows: [{ line: 2, username }] })).id;

const bulkJob = async (userId: number) =>
  (
    await must<{ id: string }>('POST', '/api/users/bulk', {
      action: { kind: 'enable' },
      selection: { kind: 'ids', userIds: [userId] },
    })
  ).id;

async function buildFixtures(): Promise<Fixtures> {
  const { api } = served();
  const member = newUserFields('member');
  await must('POST', '/api/users', member);
  const signInUser = newUserFields('signin');
  await must('POST', '/api/users', signInUser);
  const self = newUserFields('self');
  await must('POST', '/api/users', self);
  const refreshLogin = await api.call<{ refreshToken: string }>('POST', '/api/auth/token', {
    body: { username: signInUser.username, password: signInUser.password },
  });
  const oauthLogin = await api.call<{ refreshToken: string }>('POST', '/api/auth/token', {
    body: { username: member.username, password: member.password },
  });
  const revokedLogin = await api.call<{ refreshToken: string }>('POST', '/api/auth/token', {
    body: { username: member.username, password: member.password },
  });

  const staleFirst = await createUser('stale');
  const staleNow = await must<UserDetail>(
    'PATCH',
    `/api/users/${staleFirst.id}`,
    { displayName: 'Stale now' },
    ifMatch(staleFirst.version),
  );
  const tokenInfoUser = await createUser('tokeninfo');
  const apiPair = await must<TokenPair>('POST', `/api/users/${tokenInfoUser.id}/tokens`);
  const revokeUser = await createUser('revoke');
  await must('POST', `/api/users/${revokeUser.id}/tokens`);
  const keyedUser = await createUser('keyed');
  const keyed = await must<{ key: { id: number } }>('POST', `/api/users/${keyedUser.id}/keys`, {
    name: 'contract',
    scope: 'write',
    expiresInDays: 7,
  });

  const groupRead = await createGroup('Contract read');
  const groupStaleFirst = await createGroup('Contract stale');
  await must('PATCH', `/api/groups/${groupStaleFirst.id}`, { name: 'Contract stale now' });
  const removedMember = await createUser('removed');
  const removedOne = await createUser('removedone');
  const groupRemove = await createGroup('Contract remove');
  await must('POST', `/api/groups/${groupRemove.id}/members`, { userIds: [removedMember.id] });
  const groupRemoveOne = await createGroup('Contract remove one');
  await must('POST', `/api/groups/${groupRemoveOne.id}/members`, { userIds: [removedOne.id] });
  const sessions = newUserFields('sessions');
  const sessionsUser = await must<UserDetail>('POST', '/api/users', sessions);
  await signIn(api, sessions.username, sessions.password);

  return {
    memberToken: await signIn(api, member.username, member.password),
    self: { token: await signIn(api, self.username, self.password), password: self.password },
    signInUser: { username: signInUser.username, password: signInUser.password },
    refreshToken: refreshLogin.body.refreshToken,
    oauthRefreshToken: oauthLogin.body.refreshToken,
    revokedToken: revokedLogin.body.refreshToken,
    signOutToken: await signIn(api, ADMIN.username, ADMIN.password),
    apiAccessToken: apiPair.accessToken,
    reader: await createUser('reader'),
    bulkVictim: await createUser('bulk'),
    patchUser: await createUser('patch'),
    deleteVictim: await createUser('delete'),
    stale: { ...(await readUser(staleNow.id)), staleVersion: staleFirst.version },
    disabledUser: await createUser('disabled', { enabled: false }),
    disableTarget: await createUser('disable'),
    passwordUser: await createUser('password'),
    groupsUser: await createUser('groups'),
    roleTarget: await createUser('role'),
    tokenUser: await createUser('token'),
    tokenDisabled: await createUser('tokenoff', { enabled: false }),
    tokenInfoUser: await readUser(tokenInfoUser.id),
    revokeUser: await readUser(revokeUser.id),
    keyed: { user: keyedUser, keyId: keyed.key.id },
    bulkJobs: { read: await bulkJob(keyedUser.id), cancel: await bulkJob(keyedUser.id) },
    importJobs: { read: await importJob(keyedUser.username), cancel: await importJob(keyedUser.username) },
    newMember: await createUser('newmember'),
    removedMember,
    removedOne,
    groupRead,
    groupPatch: await createGroup('Contract patch'),
    groupDelete: await createGroup('Contract delete'),
    groupsBulk: [await createGroup('Contract bulk one'), await createGroup('Contract bulk two')],
    groupStale: await readGroup(groupStaleFirst.id),
    groupMembers: await createGroup('Contract members'),
    groupRemove,
    groupRemoveOne,
    resetUser: await createUser('reset'),
    reinvited: await invite('reinvited'),
    accepted: await invite('accepted'),
    acceptRefused: await invite('acceptbad'),
    sessionsUser,
  };
}

beforeAll(async () => {
  const answer = await fetch(`${served().api.base}/api/openapi.json`);
  doc = (await answer.json()) as OpenApiDocument;
  operations = operationsOf(doc);
  check = schemaValidator(doc);
  fixtures = await buildFixtures();
}, 60_000);

interface Sent {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}

function urlOf(located: LocatedOperation, example: Example): string {
  const path = located.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = example.params?.[name];
    if (value === undefined)
      throw new Error(`${located.operation.operationId} needs the path parameter ${name}.`);
    return encodeURIComponent(String(value));
  });
  const query = new URLSearchParams(example.query ?? {}).toString();
  return `${served().api.base}${path}${query === '' ? '' : `?${query}`}`;
}

async function send(located: LocatedOperation, example: Example): Promise<Sent> {
  const headers: Record<string, string> = { ...example.headers };
  const token = example.token === undefined ? admin() : example.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (example.form !== undefined) {
    headers['Content-Type'] = FORM;
    body = new URLSearchParams(example.form).toString();
  } else if (example.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(example.body);
  }
  const response = await fetch(urlOf(located, example), { method: located.method, headers, body });
  const text = await response.text();
  let answer: unknown;
  try {
    answer = text === '' ? undefined : JSON.parse(text);
  } catch {
    answer = text;
  }
  return { status: response.status, headers: response.headers, text, body: answer };
}

/** The answer is one the document describes: a listed status, a body its schema accepts, its headers. */
function expectDocumented(located: LocatedOperation, answer: Sent, label: string): void {
  const { operation } = located;
  const documented = operation.responses[String(answer.status)];
  expect(
    documented,
    `${label}: status ${answer.status} is not among the documented ${Object.keys(operation.responses).join(', ')} (body ${answer.text})`,
  ).toBeDefined();
  if (!documented) return;

  const media = mediaTypeOf(answer.headers.get('content-type'));
  if (answer.text === '') {
    expect(documented.content, `${label}: the document promises a body, none came`).toBeUndefined();
  } else {
    const content = documented.content?.[media];
    expect(
      content,
      `${label}: a ${media} body is not documented for ${answer.status} (documented: ${Object.keys(documented.content ?? {}).join(', ') || 'no body'})`,
    ).toBeDefined();
    expect(
      check(content?.schema, answer.body),
      `${label}: the body ${answer.text} against its schema`,
    ).toEqual([]);
  }

  for (const [name, header] of Object.entries(documented.headers ?? {}))
    if (header.required === true) expect(answer.headers.get(name), `${label}: header ${name}`).not.toBeNull();
  if (answer.headers.has('etag'))
    expect(documented.headers?.ETag, `${label}: answers an ETag the document does not list`).toBeDefined();
  if (documented.headers?.ETag) {
    const version = (answer.body as { version?: unknown } | undefined)?.version;
    if (located.method === 'GET')
      expect(answer.headers.get('etag'), `${label}: ETag of a GET`).not.toBeNull();
    if (typeof version === 'number')
      expect(answer.headers.get('etag'), `${label}: ETag`).toBe(`"${version}"`);
  }
}

describe('the OpenAPI document', () => {
  it('is served without a token as JSON', async () => {
    const response = await fetch(`${served().api.base}/api/openapi.json`);
    expect(response.status).toBe(200);
    expect(mediaTypeOf(response.headers.get('content-type'))).toBe('application/json');
    expect(await response.json()).toEqual(doc);
  });

  it('is valid OpenAPI 3.1', async () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    const validated = await SwaggerParser.validate(
      structuredClone(doc) as unknown as Parameters<typeof SwaggerParser.validate>[0],
    );
    expect(validated).toMatchObject({ openapi: doc.openapi });
  });

  it('has one operationId per operation and an example for each, and none for an operation it lacks', () => {
    const documented = [...operations.keys()].sort();
    expect(documented.length).toBeGreaterThan(0);
    expect(Object.keys(EXAMPLES).sort(), 'the examples name exactly the documented operations').toEqual(
      documented,
    );
  });

  it('documents that health says whether the server mails invitation links', () => {
    expect(doc.components?.schemas?.Health).toMatchObject({
      properties: { mail: { type: 'boolean' } },
      required: expect.arrayContaining(['name', 'version', 'api', 'mail']) as string[],
    });
  });

  it('refers only to component schemas that exist and say something', () => {
    expect(referenceProblems(doc)).toEqual([]);
  });

  it('documents exactly one success status per operation, and problem+json for each failure', () => {
    for (const [id, { operation }] of operations) {
      const statuses = Object.keys(operation.responses);
      expect(
        statuses.filter((status) => status.startsWith('2')),
        id,
      ).toHaveLength(1);
      if (OAUTH_OPERATIONS.has(id)) continue;
      for (const status of statuses.filter((s) => /^[45]/.test(s)))
        expect(Object.keys(operation.responses[status]?.content ?? {}), `${id} ${status}`).toEqual([
          PROBLEM_JSON,
        ]);
    }
  });

  it('documents the OAuth endpoints with form bodies and an OAuth error for each failure', () => {
    for (const id of OAUTH_OPERATIONS) {
      const operation = operations.get(id)?.operation;
      expect(operation, id).toBeDefined();
      expect(Object.keys(operation?.requestBody?.content ?? {}), `${id} takes a form`).toEqual([FORM]);
      const failures = Object.entries(operation?.responses ?? {}).filter(([status]) => /^[45]/.test(status));
      expect(
        failures.map(([status]) => status),
        id,
      ).toContain('400');
      for (const [status, response] of failures)
        expect(response.content, `${id} ${status}`).toEqual({
          'application/json': { schema: { $ref: '#/components/schemas/OAuthError' } },
        });
    }
    expect(doc.components?.schemas?.OAuthError).toMatchObject({
      required: ['error'],
      properties: {
        error: { enum: expect.arrayContaining(['invalid_grant', 'invalid_request']) as string[] },
      },
    });
  });
});

describe('every operation, against the running server', () => {
  it.each(Object.keys(EXAMPLES))('%s: a valid and a refused request answer as documented', async (id) => {
    const located = operations.get(id);
    expect(located, `the document has no operation ${id}`).toBeDefined();
    if (!located) return;
    const entry = EXAMPLES[id]?.(fixtures);
    if (!entry) throw new Error(`no example for ${id}`);
    const { operation } = located;

    // The valid request: as documented (body schema), and answered with the one success status.
    const oauth = OAUTH_OPERATIONS.has(id);
    const media = oauth ? FORM : 'application/json';
    const requestSchema = operation.requestBody?.content[media]?.schema;
    const validBody = oauth ? entry.valid.form : entry.valid.body;
    if (operation.requestBody?.required === true)
      expect(validBody, `${id}: its body is required`).toBeDefined();
    if (validBody !== undefined) {
      expect(requestSchema, `${id}: takes a ${media} body`).toBeDefined();
      expect(check(requestSchema, validBody), `${id}: the valid body against the documented schema`).toEqual(
        [],
      );
    }
    const success = Object.keys(operation.responses).find((status) => status.startsWith('2'));
    const valid = await send(located, entry.valid);
    expect(String(valid.status), `${id}: the valid request (${valid.text})`).toBe(success);
    expectDocumented(located, valid, `${id} valid`);

    for (const [index, refusal] of entry.refused.entries()) {
      const label = `${id} refused #${index + 1}`;
      const before = served().observer.state();
      const answer = await send(located, refusal);
      if (refusal.writes !== true)
        expect(served().observer.state(), `${label} wrote nothing`).toEqual(before);
      expect(answer.status, `${label} (${answer.text})`).toBe(refusal.status);
      expect(answer.status, label).toBeGreaterThanOrEqual(400);
      expect(answer.status, label).toBeLessThan(500);
      if (oauth) {
        expect(mediaTypeOf(answer.headers.get('content-type')), label).toBe('application/json');
        expect((answer.body as { error?: unknown }).error, label).toBe(refusal.error);
      } else {
        expect(mediaTypeOf(answer.headers.get('content-type')), label).toBe(PROBLEM_JSON);
        expect((answer.body as { status?: unknown }).status, label).toBe(answer.status);
      }
      expectDocumented(located, answer, label);
    }
  });
});

describe('the docs page', () => {
  it('is HTML that loads scripts only from /api/docs on this server, and every asset it links answers', async () => {
    const base = served().api.base;
    const page = await fetch(`${base}/api/docs`);
    expect(page.status).toBe(200);
    expect(mediaTypeOf(page.headers.get('content-type'))).toBe('text/html');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    const html = await page.text();

    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [tag, attributes = '', inline = ''] of scripts) {
      expect(inline.trim(), `${tag}: no inline script`).toBe('');
      const src = /\bsrc\s*=\s*["']([^"']+)["']/i.exec(attributes)?.[1];
      expect(src, tag).toMatch(/^\/api\/docs\/[^/]/);
    }

    const assets = [...html.matchAll(/\b(?:src|href)\s*=\s*["']([^"']+)["']/gi)].map(
      (match) => match[1] ?? '',
    );
    expect(assets.length).toBeGreaterThanOrEqual(scripts.length);
    for (const asset of assets) {
      expect(asset, 'same origin').toMatch(/^\/(?!\/)/);
      const answer = await fetch(`${base}${asset}`);
      expect(answer.status, asset).toBe(200);
      expect((await answer.arrayBuffer()).byteLength, asset).toBeGreaterThan(0);
    }
  });
});
