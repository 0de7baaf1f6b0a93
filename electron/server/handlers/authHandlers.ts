import { API_VERSION, type authEndpoints } from '../../../shared/api/auth';
import type { HandlerDeps, HandlersOf } from './handler';

export function authHandlers({ signIn, info }: HandlerDeps): HandlersOf<typeof authEndpoints> {
  return {
    health: () =>
      Promise.resolve({ name: info.name, version: info.version, api: API_VERSION, mail: info.mail }),
    signIn: ({ body, clientAddress }) => signIn.login(body.username, body.password, clientAddress),
    refresh: ({ body, clientAddress }) => signIn.refresh(body.refreshToken, clientAddress),
    signOut: async ({ principal, clientAddress }) => {
      await signIn.logout(principal, clientAddress);
      return undefined;
    },
    me: ({ principal: { userId, username, role, sessionId } }) =>
      Promise.resolve({ id: userId, username, role, via: sessionId === null ? 'apiToken' : 'session' }),
  };
}
