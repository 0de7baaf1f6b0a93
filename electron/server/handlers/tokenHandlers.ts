import type { tokenEndpoints } from '../../../shared/api/tokens';
import { notFound } from '../httpErrors';
import type { HandlerDeps, HandlersOf } from './handler';

export function tokenHandlers({ directory }: HandlerDeps): HandlersOf<typeof tokenEndpoints> {
  return {
    generateToken: ({ params, createOptions }) => directory.generateToken(params.userId, createOptions),
    tokenInfo: async ({ params }) => {
      const { token } = await directory.getUser(params.userId);
      if (!token) throw notFound('This user has no token.', 'token');
      return token;
    },
    revokeToken: async ({ params }) => {
      await directory.revokeToken(params.userId);
    },
    listApiKeys: ({ params }) => directory.listApiKeys(params.userId),
    createApiKey: ({ params, body, createOptions }) =>
      directory.createApiKey(params.userId, body, createOptions),
    revokeApiKey: async ({ params }) => {
      await directory.revokeApiKey(params.userId, params.keyId);
    },
  };
}
