import { z } from 'zod';
import type { ConnectedTo, ConnectionTest } from '../../../../shared/contract/instances';
import {
  AccessStatusSchema,
  GroupSummarySchema,
  page,
  TokenPairSchema,
  UserDetailSchema,
  UserSummarySchema,
  type KeychainStatus,
  type UserId,
} from '../../../../shared/domain/directory';
import type { Directory } from '../directory';
import type { SearchRequest } from '../local/userSearch';
import { createHttpJson, type FetchLike } from './httpJson';
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
  /** A login pair saved from an earlier run. */
  tokens?: SessionTokens;
  /** Called with every new login pair, so that the caller can save it (keychain). */
  onTokens?: (tokens: SessionTokens) => void;
}

export const HealthSchema = z.object({ name: z.string(), version: z.string(), api: z.number().int() });
export const MeSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  admin: z.boolean(),
  via: z.enum(['session', 'apiToken']),
});
/** The REST API version this client speaks. */
export const API_VERSION = 1;

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
}

const UserPageSchema = page(UserSummarySchema);
const GroupPageSchema = page(GroupSummarySchema);
const NextUsernameSchema = z.strictObject({ username: z.string().min(1) });
const DeletedSchema = z.strictObject({ deleted: z.number().int().min(0) });

const pageQuery = (request: SearchRequest): string => {
  const params = new URLSearchParams();
  if (request.query !== '') params.set('q', request.query);
  params.set('limit', String(request.limit));
  params.set('offset', String(request.offset));
  return `?${params.toString()}`;
};

/**
 * The Directory of an instance served by `npm run server`, over its REST API
 * (electron/server/routes.ts). Every answer is checked against the shared
 * schemas; failures are RemoteErrors (RosterErrors with a kind the UI can explain).
 *
 * Two methods differ from the local directory, because the server keeps only
 * hashes of a user's API token: readToken answers null (GET /api/users/:id/tokens
 * gives the times only; a pair is shown once, by generateToken) and
 * keychainStatus answers "not available". The connection wraps this directory
 * so that generated pairs are kept in this computer's keychain, as for a local
 * instance (connections/keptTokens.ts).
 */
export function createRemoteDirectory(options: RemoteDirectoryOptions): RemoteDirectory {
  const http = createHttpJson({
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    fetch: options.fetch,
  });
  const session = createRemoteSession({
    http,
    credentials: options.credentials,
    tokens: options.tokens,
    onTokens: options.onTokens,
  });

  const call = async <T extends z.ZodType>(request: SessionRequest, schema: T): Promise<z.output<T>> =>
    parseAnswer(await session.request(request), schema);
  const callVoid = async (request: SessionRequest): Promise<void> => {
    await session.request(request);
  };
  const user = (id: UserId) => `/api/users/${id}`;
  const group = (id: number) => `/api/groups/${id}`;

  const directory: RemoteDirectory = {
    keychainStatus: (): Promise<KeychainStatus> =>
      Promise.resolve({
        available: false,
        backend: 'remote server',
        reason:
          'The server keeps only hashes of API tokens: a generated token is shown once and cannot be read again.',
      }),

    searchUsers: (request) =>
      call({ method: 'GET', path: `/api/users${pageQuery(request)}` }, UserPageSchema),
    getUser: (id) => call({ method: 'GET', path: user(id) }, UserDetailSchema),
    nextUsername: async () =>
      (await call({ method: 'GET', path: '/api/users/next-username' }, NextUsernameSchema)).username,
    createUser: (newUser) => call({ method: 'POST', path: '/api/users', body: newUser }, UserDetailSchema),
    updateUser: (id, changes) => call({ method: 'PATCH', path: user(id), body: changes }, UserDetailSchema),
    setEnabled: (id, enabled) =>
      call({ method: 'POST', path: `${user(id)}/${enabled ? 'enable' : 'disable'}` }, UserDetailSchema),
    deleteUsers: async (ids) =>
      (await call({ method: 'POST', path: '/api/users/delete', body: { userIds: ids } }, DeletedSchema))
        .deleted,
    setUserGroups: (id, groupIds) =>
      call({ method: 'PUT', path: `${user(id)}/groups`, body: { groupIds } }, UserDetailSchema),

    getAccess: (id) => call({ method: 'GET', path: `${user(id)}/access` }, AccessStatusSchema),
    setAdmin: (id, admin) =>
      call({ method: 'PUT', path: `${user(id)}/admin`, body: { admin } }, AccessStatusSchema),
    unlock: (id) => call({ method: 'POST', path: `${user(id)}/unlock` }, AccessStatusSchema),

    searchGroups: (request) =>
      call({ method: 'GET', path: `/api/groups${pageQuery(request)}` }, GroupPageSchema),
    createGroup: (name) => call({ method: 'POST', path: '/api/groups', body: { name } }, GroupSummarySchema),
    deleteGroup: (id) => callVoid({ method: 'DELETE', path: group(id) }),
    groupMembers: (id, request) =>
      call({ method: 'GET', path: `${group(id)}/members${pageQuery(request)}` }, UserPageSchema),
    addMembers: (id, userIds) =>
      call({ method: 'POST', path: `${group(id)}/members`, body: { userIds } }, GroupSummarySchema),
    async removeMembers(id, userIds) {
      // The API removes one member per request; the last answer is the group as it ends.
      let summary: z.output<typeof GroupSummarySchema> | undefined;
      for (const userId of userIds)
        summary = await call(
          { method: 'DELETE', path: `${group(id)}/members/${userId}` },
          GroupSummarySchema,
        );
      return summary ?? call({ method: 'GET', path: group(id) }, GroupSummarySchema);
    },

    generateToken: (userId) => call({ method: 'POST', path: `${user(userId)}/tokens` }, TokenPairSchema),
    async readToken(userId) {
      // Only checks that the user exists: the server cannot give the token itself back (see above).
      await call({ method: 'GET', path: user(userId) }, UserDetailSchema);
      return null;
    },
    revokeToken: (userId) => callVoid({ method: 'DELETE', path: `${user(userId)}/tokens` }),

    signOut: () => session.logout(),
    close: () => {
      void session.logout();
    },

    async verify({ freshSignIn }) {
      const answer = await http({ method: 'GET', path: '/api/health' });
      if (answer.status !== 200) throw errorFromAnswer(answer);
      const server = parseAnswer(answer, HealthSchema);
      if (server.api !== API_VERSION)
        throw new RemoteError(
          'wrong-api',
          'UNAVAILABLE',
          `The server speaks API version ${server.api}; this Roster speaks version ${API_VERSION}. Update the older one.`,
        );
      if (freshSignIn) await session.signIn();
      const me = await call({ method: 'GET', path: '/api/auth/me' }, MeSchema);
      if (!me.admin)
        throw new RemoteError(
          'not-admin',
          'FORBIDDEN',
          `"${me.username}" signed in, but is not an administrator of this server, so it cannot manage users.`,
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
  };
  return directory;
}
