import { z } from 'zod';
import { MAX_TEXT } from '../../../shared/contract/limits';
import { json, noContent, type Route } from '../router';
import { EmptyBody, type ApiDeps } from './apiDeps';

/** Any string: a login with a malformed username is simply a wrong one. */
const LoginSchema = z.strictObject({
  username: z.string().min(1, 'Enter a username.').max(MAX_TEXT),
  password: z.string().min(1, 'Enter a password.').max(MAX_TEXT),
});
const RefreshSchema = z.strictObject({ refreshToken: z.string().min(1).max(MAX_TEXT) });

/** Version of this REST API, for clients to check before they talk. */
export const API_VERSION = 1;

export function authRoutes({ auth, info }: ApiDeps): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/health',
      access: 'public',
      handle: () => Promise.resolve(json(200, { name: info.name, version: info.version, api: API_VERSION })),
    },
    {
      method: 'POST',
      path: '/api/auth/token',
      access: 'public',
      handle: async (context) => {
        const { username, password } = await context.body(LoginSchema);
        return json(200, await auth.login(username, password, context.clientAddress));
      },
    },
    {
      method: 'POST',
      path: '/api/auth/refresh',
      access: 'public',
      handle: async (context) => {
        const { refreshToken } = await context.body(RefreshSchema);
        return json(200, auth.refresh(refreshToken));
      },
    },
    {
      method: 'POST',
      path: '/api/auth/logout',
      access: 'signedIn',
      handle: async (context) => {
        await context.body(EmptyBody, { optional: true });
        auth.logout(context.principal);
        return noContent();
      },
    },
    {
      method: 'GET',
      path: '/api/auth/me',
      access: 'signedIn',
      handle: (context) => {
        const { userId, username, admin, sessionId } = context.principal;
        const via = sessionId === null ? 'apiToken' : 'session';
        return Promise.resolve(json(200, { id: userId, username, admin, via }));
      },
    },
  ];
}
