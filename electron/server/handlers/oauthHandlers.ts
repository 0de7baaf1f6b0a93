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
          : signIn.refresh(body.refresh_token, clientAddress),
      ),
    oauthRevoke: ({ body, clientAddress }) => {
      signIn.revoke(body.token, clientAddress);
      return Promise.resolve(undefined);
    },
    oauthIntrospect: ({ body }) => Promise.resolve(signIn.introspect(body.token)),
  };
}
