import { tokenInfo } from '../../services/directory/local/tokensTable';
import { getAccount } from '../../services/directory/local/authAccountsTable';
import { notFound } from '../httpErrors';
import { idParam, json, noContent, type Route, type SignedInContext } from '../router';
import { EmptyBody, type ApiDeps } from './apiDeps';

const userId = (context: SignedInContext) => idParam(context, 'id', 'userId');

/**
 * A user's API token pair. Generating answers the pair once (201); the server
 * keeps only its hashes, so reading answers the times (created, expiries), not
 * the tokens. A new pair replaces the old one, which stops working.
 */
export function tokenRoutes({ db, directory }: ApiDeps): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/users/:id/tokens',
      access: 'admin',
      handle: async (context) => {
        const id = userId(context);
        await context.body(EmptyBody, { optional: true });
        return json(201, await directory.generateToken(id));
      },
    },
    {
      method: 'GET',
      path: '/api/users/:id/tokens',
      access: 'admin',
      handle: (context) => {
        const id = userId(context);
        if (!getAccount(db, id)) throw notFound('That user no longer exists.', 'userId');
        const info = tokenInfo(db, id);
        if (!info) throw notFound('This user has no token.', 'token');
        return Promise.resolve(json(200, info));
      },
    },
    {
      method: 'DELETE',
      path: '/api/users/:id/tokens',
      access: 'admin',
      handle: async (context) => {
        await directory.revokeToken(userId(context));
        return noContent();
      },
    },
  ];
}
