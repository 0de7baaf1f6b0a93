import { z } from 'zod';
import { api, API_VERSION } from '../../../../shared/api';
import type { BodyInputOf, Endpoint, ResponseOf } from '../../../../shared/api/endpoint';
import { pathOf } from '../../../../shared/api/endpoint';
import { pageQueryOf } from '../../../../shared/api/pageQuery';
import type { ConnectedTo, ConnectionTest } from '../../../../shared/contract/instances';
import type {
  CreateOptions,
  KeychainStatus,
  PageRequest,
  UserId,
  WriteCondition,
} from '../../../../shared/domain/directory';
import { holds, ROLE_LABELS } from '../../../../shared/domain/roles';
import type { Logger } from '../../../common/logger';
import type { Directory } from '../directory';
import { createHttpJson, type FetchLike } from './httpJson';
import { createRemoteAudit } from './remoteAudit';
import { createRemoteExport } from './remoteExport';
import { errorFromAnswer, parseAnswer, RemoteError } from './remoteErrors';
import {
  createRemoteSession,
  type Credentials,
  type SessionRequest,
  type SessionTokens,
} from './remoteSession';

export interface RemoteDirectoryOptions {
  /** http(s)://host:port of the instance server. */
  baseUrl: string;
  credentials: Credentials;
  /** Per request (default 10 s). */
  timeoutMs?: number;
  fetch?: FetchLike;
  /** Where each request's method, path, status, time and request id are logged. */
  logger?: Logger;
  /** A login pair saved from an earlier run. */
  tokens?: SessionTokens;
  /** Called with every new login pair, so that the caller can save it (keychain). */
  onTokens?: (tokens: SessionTokens) => void;
}

export interface RemoteDirectory extends Directory {
  /**
   * Health (and the API version), then who is signed in and whether that account
   * is an administrator; throws the RemoteError that explains a failure.
   * `freshSignIn` signs in with the password even when a saved pair exists.
   */
  verify: (options: { freshSignIn: boolean }) => Promise<ConnectedTo>;
  /** For the "Test connection" button: verify with a fresh sign-in, the failure as data. */
  testConnection: () => Promise<ConnectionTest>;
  /** Ends the session on the server (best effort) and forgets the pair. */
  signOut: () => Promise<void>;
  /** The current login pair, for the caller to save. */
  tokens: () => SessionTokens | null;
  /**
   * The signed-in account's own new password, with its current one (after a reset, the one call
   * the server allows). The credentials' password is the current one.
   */
  changeOwnPassword: (newPassword: string) => Promise<void>;
}

interface CallInput<E extends Endpoint> {
  params?: Readonly<Record<string, string | number>>;
  query?: Readonly<Record<string, string>>;
  body?: BodyInputOf<E>;
  condition?: WriteCondition | undefined;
  createOptions?: CreateOptions | undefined;
}

/** A request for an endpoint, built from its declaration: path, query, conditional headers, body. */
function requestFor<E extends Endpoint>(endpoint: E, input: CallInput<E>): SessionRequest {
  const query = new URLSearchParams(input.query ?? {}).toString();
  const headers: Record<string, string> = {};
  if (input.condition?.ifVersion !== undefined) headers['If-Match'] = `"${input.condition.ifVersion}"`;
  if (input.createOptions?.idempotencyKey !== undefined)
    headers['Idempotency-Key'] = input.createOptions.idempotencyKey;
  return {
    method: endpoint.method,
    path: `${pathOf(endpoint, input.params ?? {})}${query === '' ? '' : `?${query}`}`,
    ...(input.body === undefined ? {} : { body: input.body }),
    headers,
  };
}

/** All a health answer of any API version is sure to have in common. */
const SpokenApiSchema = z.object({ api: z.number() });

const pageOf = (request: PageRequest) => ({ query: pageQueryOf(request) });
/**
 * Only the users list takes a status: the group routes refuse one, so none is sent (the local
 * directory ignores it there).
 */
const groupPageOf = (request: PageRequest) => pageOf({ ...request, status: 'any' });

/**
 * The Directory of an instance served by `npm run server`, over its REST API,
 * whose paths and answers come from the same declarations the server routes
 * with (shared/api). Every answer is checked against them; failures are
 * RemoteErrors (RosterErrors with a kind the UI can explain).
 *
 * Three methods differ from the local directory, because the server keeps only
 * hashes of a user's API tokens: readToken and readApiKey answer null (the server
 * gives the times only; a pair or a key is shown once, when it is made) and
 * keychainStatus answers "not available". The connection wraps this directory
 * so that generated pairs and keys are kept in this computer's keychain, as for a local
 * instance (connections/keptTokens.ts).
 */
export function createRemoteDirectory(options: RemoteDirectoryOptions): RemoteDirectory {
  const http = createHttpJson({
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    fetch: options.fetch,
    logger: options.logger,
  });
  const session = createRemoteSession({
    http,
    credentials: options.credentials,
    tokens: options.tokens,
    onTokens: options.onTokens,
  });

  const call = async <E extends Endpoint>(endpoint: E, input: CallInput<E> = {}): Promise<ResponseOf<E>> => {
    const answer = await session.request(requestFor(endpoint, input));
    return (endpoint.response ? parseAnswer(answer, endpoint.response) : undefined) as ResponseOf<E>;
  };
  /** Who the server is and what it can do; public, so asked without a session. */
  const health = async () => {
    const answer = await http({ method: api.health.method, path: api.health.path });
    if (answer.status !== 200) throw errorFromAnswer(answer);
    // The version first: another version's health has other fields, and "update the older one"
    // says more than "an answer Roster does not understand".
    const spoken = SpokenApiSchema.safeParse(answer.body);
    if (spoken.success && spoken.data.api !== API_VERSION)
      throw new RemoteError(
        'wrong-api',
        'UNAVAILABLE',
        `The server speaks API version ${spoken.data.api}; this Roster speaks version ${API_VERSION}. Update the older one.`,
      );
    return parseAnswer(answer, api.health.response);
  };
  const user = (userId: UserId) => ({ params: { userId } });
  const group = (groupId: number) => ({ params: { groupId } });

  const directory: RemoteDirectory = {
    keychainStatus: (): Promise<KeychainStatus> =>
      Promise.resolve({
        available: false,
        backend: 'remote server',
        reason:
          'The server keeps only hashes of API tokens: a generated token is shown once and cannot be read again.',
      }),

    // The signed-in account's role, as the server says: the server enforces it whatever the dialog offers.
    callerRole: async () => (await call(api.me)).role,
    searchUsers: (request) => call(api.listUsers, pageOf(request)),
    exportUsers: createRemoteExport(session, options),
    getUser: (id) => call(api.getUser, user(id)),
    nextUsername: async () => (await call(api.nextUsername)).username,
    createUser: (newUser, createOptions) => call(api.createUser, { body: newUser, createOptions }),
    updateUser: (id, changes, condition) => call(api.updateUser, { ...user(id), body: changes, condition }),
    setEnabled: (id, enabled, condition) =>
      call(enabled ? api.enableUser : api.disableUser, { ...user(id), condition }),
    deleteUser: (id, condition) => call(api.deleteUser, { ...user(id), condition }),
    deleteUsers: async (ids) => (await call(api.deleteUsers, { body: { userIds: [...ids] } })).deleted,
    setUserGroups: (id, groupIds, condition) =>
      call(api.setUserGroups, { ...user(id), body: { groupIds: [...groupIds] }, condition }),

    getAccess: (id) => call(api.getAccess, user(id)),
    setRole: (id, role, condition) => call(api.setRole, { ...user(id), body: { role }, condition }),
    unlock: (id) => call(api.unlock, user(id)),
    resetPassword: (id, reset, condition) => call(api.resetPassword, { ...user(id), body: reset, condition }),
    inviteUser: (invitation, createOptions) => call(api.inviteUser, { body: invitation, createOptions }),
    resendInvitation: (id, terms) => call(api.resendInvitation, { ...user(id), body: terms }),
    // Asked afresh rather than kept from verify: the server may have restarted with mail set up or not.
    mailsInvitations: async () => (await health()).mail,
    listSessions: (id) => call(api.listSessions, user(id)),
    endSessions: async (id) => (await call(api.endSessions, user(id))).ended,
    overview: () => call(api.getOverview),
    getPasswordPolicy: () => call(api.getPasswordPolicy),
    setPasswordPolicy: (policy) => call(api.setPasswordPolicy, { body: policy }),

    searchGroups: (request) => call(api.listGroups, groupPageOf(request)),
    getGroup: (id) => call(api.getGroup, group(id)),
    createGroup: (name, createOptions, description) =>
      call(api.createGroup, {
        body: description === undefined ? { name } : { name, description },
        createOptions,
      }),
    updateGroup: (id, changes, condition) =>
      call(api.updateGroup, { ...group(id), body: changes, condition }),
    deleteGroup: (id, condition) => call(api.deleteGroup, { ...group(id), condition }),
    deleteGroups: async (ids) => (await call(api.deleteGroups, { body: { groupIds: [...ids] } })).deleted,
    groupMembers: (id, request) => call(api.listMembers, { ...group(id), ...groupPageOf(request) }),
    addMembers: (id, userIds) => call(api.addMembers, { ...group(id), body: { userIds: [...userIds] } }),
    removeMembers: (id, userIds) =>
      call(api.removeMembers, { ...group(id), body: { userIds: [...userIds] } }),

    generateToken: (userId, createOptions) => call(api.generateToken, { ...user(userId), createOptions }),
    async readToken(userId) {
      // Only checks that the user exists: the server cannot give the token itself back (see above).
      await call(api.getUser, user(userId));
      return null;
    },
    revokeToken: (userId) => call(api.revokeToken, user(userId)),
    startBulk: (request) => call(api.startBulk, { body: request }),
    bulkStatus: (jobId) => call(api.bulkStatus, { params: { jobId } }),
    cancelBulk: (jobId) => call(api.cancelBulk, { params: { jobId } }),
    previewImport: (request) => call(api.previewImport, { body: request }),
    startImport: (request) => call(api.startImport, { body: request }),
    importStatus: (jobId) => call(api.importStatus, { params: { jobId } }),
    cancelImport: (jobId) => call(api.cancelImport, { params: { jobId } }),
    listApiKeys: (userId) => call(api.listApiKeys, user(userId)),
    createApiKey: (userId, key, createOptions) =>
      call(api.createApiKey, { ...user(userId), body: key, createOptions }),
    async readApiKey(userId, keyId) {
      // As readToken: the server keeps only a key's hash, so this only checks that the key exists.
      const keys = await call(api.listApiKeys, user(userId));
      if (!keys.some((key) => key.id === keyId))
        throw new RemoteError('not-found', 'NOT_FOUND', 'That API key no longer exists.');
      return null;
    },
    revokeApiKey: (userId, keyId) => call(api.revokeApiKey, { params: { userId, keyId } }),

    signOut: () => session.logout(),
    ...createRemoteAudit(session, options),
    close: () => {
      void session.logout();
    },

    async verify({ freshSignIn }) {
      const server = await health();
      if (freshSignIn) await session.signIn();
      const me = await call(api.me);
      if (!holds(me.role, 'directory.read'))
        throw new RemoteError(
          'not-admin',
          'FORBIDDEN',
          `"${me.username}" signed in, but its role on this server is ${ROLE_LABELS[me.role]}, which cannot see the server's users.`,
        );
      return { server: { name: server.name, version: server.version }, username: me.username };
    },

    async testConnection() {
      try {
        return { ok: true, ...(await directory.verify({ freshSignIn: true })) };
      } catch (error) {
        if (error instanceof RemoteError) return { ok: false, error: error.toData() };
        throw error;
      }
    },

    tokens: () => session.tokens(),

    changeOwnPassword: (newPassword) =>
      call(api.changeOwnPassword, {
        body: { currentPassword: options.credentials.password, newPassword },
      }),
  };
  return directory;
}
