import type { IssuedTokens } from '../../../shared/api/auth';
import type { OAuthToken, oauthEndpoints } from '../../../shared/api/oauth';
import type { HandlerDeps, HandlersOf } from './handler';

export function oauthHandlers({ signIn }: HandlerDeps): HandlersOf<typeof oauthEndpoints> {
  const answer = (tokens: IssuedTokens): OAuthToken => ({
    access_token: tokens.accessToken,
    token_type: 'Bearer',
    expires_in: tokens.expiresIn,
    refresh_token: tokens.refreshToken,
    scope: tokens.scope,
    password_change_required: tokens.passwordChangeRequired,
  });
  return {
    oauthToken: async ({ body, clientAddress }) =>
      answer(
        body.grant_type === 'password'
          ? await signIn.login(body.username, body.password, clientAddress)
          : await signIn.refresh(body.refresh_token, clientAddress),
      ),
    oauthRevoke: async ({ body, clientAddress }) => {
      await signIn.revoke(body.token, clientAddress);
      return undefined;
    },
    oauthIntrospect: ({ body }) => signIn.introspect(body.token),
  };
}
