import { api } from '../../../../shared/api';
import type { HttpJson, HttpRequest } from './httpJson';
import { errorFromAnswer, parseAnswer, RemoteError, type HttpAnswer } from './remoteErrors';

export interface Credentials {
  username: string;
  password: string;
}

/** A login session's pair, as the caller may keep it (in the keychain) between runs. */
export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
}

export interface RemoteSessionOptions {
  http: HttpJson;
  credentials: Credentials;
  /** A pair saved from an earlier run; signs in with the credentials when absent. */
  tokens?: SessionTokens;
  /** Called with every new pair (sign-in, refresh), so that the caller can save it. */
  onTokens?: (tokens: SessionTokens) => void;
}

export type SessionRequest = Omit<HttpRequest, 'token'>;

export interface RemoteSession {
  /**
   * Sends a signed-in request and answers a success answer (2xx); any failure
   * status throws its RemoteError. A 401 is handled here: refresh once, else sign
   * in again once, then the request is sent again. That is safe even for POST:
   * the server writes nothing for a request it refused as unauthenticated.
   */
  request: (request: SessionRequest) => Promise<HttpAnswer>;
  /** As `request`, sent by another transport (one that streams a success answer's body, say). */
  requestWith: <A extends HttpAnswer>(
    send: (request: HttpRequest) => Promise<A>,
    request: SessionRequest,
  ) => Promise<A>;
  /** Signs in with the credentials (replacing the current pair). */
  signIn: () => Promise<SessionTokens>;
  /** Ends the session on the server, best effort, and forgets the pair; the session is of no further use. */
  logout: () => Promise<void>;
  /** The current pair, or null before the first sign-in. */
  tokens: () => SessionTokens | null;
}

/** OAuth's answer to a wrong password or a dead refresh token (RFC 6749 §5.2). */
const isInvalidGrant = (answer: HttpAnswer): boolean =>
  answer.status === 400 &&
  typeof answer.body === 'object' &&
  answer.body !== null &&
  (answer.body as { error?: unknown }).error === 'invalid_grant';

export function createRemoteSession(options: RemoteSessionOptions): RemoteSession {
  const { http, credentials } = options;
  let tokens: SessionTokens | null = options.tokens ?? null;
  /** One sign-in or refresh at a time: concurrent 401s share it. */
  let renewing: Promise<SessionTokens> | null = null;
  /** After logout, nothing signs in again: not even a request that was on its way when it began. */
  let closed = false;

  const signedOut = () =>
    new RemoteError('unavailable', 'UNAVAILABLE', 'Roster signed out of this server; connect again.');

  const endSession = async (held: SessionTokens) => {
    try {
      await http({ method: api.signOut.method, path: api.signOut.path, token: held.accessToken });
    } catch {
      // Best effort: the session ends on its own when its tokens expire.
    }
  };

  const keep = (answer: HttpAnswer): SessionTokens => {
    const issued = parseAnswer(answer, api.oauthToken.response);
    const pair = { accessToken: issued.access_token, refreshToken: issued.refresh_token };
    if (closed) {
      // A sign-in that finished after logout: end it at once rather than keep it.
      void endSession(pair);
      throw signedOut();
    }
    tokens = pair;
    options.onTokens?.(pair);
    return pair;
  };

  /** OAuth's token endpoint, as any OAuth2 client would use it. */
  const tokenRequest = (form: Record<string, string>) =>
    http({ method: api.oauthToken.method, path: api.oauthToken.path, form });

  const signIn = async (): Promise<SessionTokens> => {
    const answer = await tokenRequest({
      grant_type: 'password',
      username: credentials.username,
      password: credentials.password,
    });
    if (answer.status === 200) return keep(answer);
    tokens = null;
    // The server gives one answer for all of these, so as not to tell a stranger which it was.
    if (isInvalidGrant(answer))
      throw new RemoteError(
        'credentials',
        'FORBIDDEN',
        `The server refused the sign-in of "${credentials.username}": wrong username or password, or the account is locked or disabled. Check them, or ask an administrator of the server.`,
      );
    throw errorFromAnswer(answer);
  };

  /** Refresh once; when the refresh token is refused too, sign in again with the credentials. */
  const renew = async (stale: SessionTokens | null): Promise<SessionTokens> => {
    if (stale) {
      const answer = await tokenRequest({ grant_type: 'refresh_token', refresh_token: stale.refreshToken });
      if (answer.status === 200) return keep(answer);
      if (!isInvalidGrant(answer)) throw errorFromAnswer(answer);
    }
    return signIn();
  };

  const shared = (stale: SessionTokens | null): Promise<SessionTokens> => {
    if (!renewing)
      renewing = renew(stale).finally(() => {
        renewing = null;
      });
    return renewing;
  };

  const current = async (): Promise<SessionTokens> => {
    if (renewing) return renewing;
    return tokens ?? shared(null);
  };

  const requestWith = async <A extends HttpAnswer>(
    send: (request: HttpRequest) => Promise<A>,
    call: SessionRequest,
  ): Promise<A> => {
    if (closed) throw signedOut();
    const used = await current();
    let answer = await send({ ...call, token: used.accessToken });
    if (answer.status === 401) {
      // Another call may have renewed the pair meanwhile; else renew it now.
      const fresh = tokens && tokens.accessToken !== used.accessToken ? tokens : await shared(tokens);
      answer = await send({ ...call, token: fresh.accessToken });
      if (answer.status === 401)
        throw new RemoteError(
          'credentials',
          'FORBIDDEN',
          'The server no longer accepts this sign-in even after signing in again. Sign in again.',
        );
    }
    if (answer.status < 200 || answer.status > 299) throw errorFromAnswer(answer);
    return answer;
  };

  const logout = async (): Promise<void> => {
    closed = true;
    const held = tokens;
    tokens = null;
    if (held) await endSession(held);
  };

  return {
    request: (call) => requestWith(http, call),
    requestWith,
    signIn: () => shared(null),
    logout,
    tokens: () => tokens,
  };
}
