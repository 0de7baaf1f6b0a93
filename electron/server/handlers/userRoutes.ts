import { z } from 'zod';
import {
  BULK_MAX,
  GroupIdSchema,
  NewUserSchema,
  UserChangesSchema,
  UserIdSchema,
} from '../../../shared/domain/directory';
import { PasswordSchema } from '../../../shared/domain/userRules';
import { deleteSessionsOfUser } from '../../services/directory/local/authSessionsTable';
import { notFound } from '../httpErrors';
import { idParam, json, noContent, type Route, type SignedInContext } from '../router';
import { EmptyBody, type ApiDeps } from './apiDeps';
import { pageQuery } from './pageQuery';

const PasswordBody = z.strictObject({ password: PasswordSchema });
const GroupsBody = z.strictObject({ groupIds: z.array(GroupIdSchema).max(BULK_MAX) });
const UserIdsBody = z.strictObject({ userIds: z.array(UserIdSchema).min(1).max(BULK_MAX) });
const AdminBody = z.strictObject({ admin: z.boolean() });

const userId = (context: SignedInContext) => idParam(context, 'id', 'userId');

/** Users: list, create, read, change, delete, enable, password, groups, administrator flag, lockout. */
export function userRoutes({ db, directory, accounts }: ApiDeps): Route[] {
  /** A new password ends the user's other sessions (the caller's own, if it is the user, goes on). */
  const passwordChanged = (context: SignedInContext, id: number) => {
    const keep = context.principal.userId === id ? (context.principal.sessionId ?? undefined) : undefined;
    deleteSessionsOfUser(db, id, keep);
  };

  const admin = (method: string, path: string, handle: (context: SignedInContext) => Promise<unknown>) => ({
    method,
    path,
    access: 'admin' as const,
    handle: async (context: SignedInContext) => json(200, await handle(context)),
  });

  return [
    {
      method: 'GET',
      path: '/api/users',
      access: 'admin',
      query: true,
      handle: async (context) => json(200, await directory.searchUsers(pageQuery(context))),
    },
    {
      method: 'POST',
      path: '/api/users',
      access: 'admin',
      handle: async (context) => {
        const created = await directory.createUser(await context.body(NewUserSchema));
        return json(201, created, { Location: `/api/users/${created.id}` });
      },
    },
    admin('GET', '/api/users/next-username', async () => ({ username: await directory.nextUsername() })),
    admin('POST', '/api/users/delete', async (context) => {
      const { userIds } = await context.body(UserIdsBody);
      accounts.assertAdminRemains(userIds);
      return { deleted: await directory.deleteUsers(userIds) };
    }),
    admin('GET', '/api/users/:id', (context) => directory.getUser(userId(context))),
    admin('PATCH', '/api/users/:id', async (context) => {
      const id = userId(context);
      const changes = await context.body(UserChangesSchema);
      if (changes.enabled === false) accounts.assertAdminRemains([id]);
      const updated = await directory.updateUser(id, changes);
      if (changes.password !== undefined) passwordChanged(context, id);
      return updated;
    }),
    {
      method: 'DELETE',
      path: '/api/users/:id',
      access: 'admin',
      handle: async (context) => {
        const id = userId(context);
        accounts.assertAdminRemains([id]);
        if ((await directory.deleteUsers([id])) === 0)
          throw notFound('That user no longer exists.', 'userId');
        return noContent();
      },
    },
    admin('POST', '/api/users/:id/enable', async (context) => {
      const id = userId(context);
      await context.body(EmptyBody, { optional: true });
      return directory.setEnabled(id, true);
    }),
    admin('POST', '/api/users/:id/disable', async (context) => {
      const id = userId(context);
      await context.body(EmptyBody, { optional: true });
      accounts.assertAdminRemains([id]);
      return directory.setEnabled(id, false);
    }),
    {
      method: 'PUT',
      path: '/api/users/:id/password',
      access: 'admin',
      handle: async (context) => {
        const id = userId(context);
        const { password } = await context.body(PasswordBody);
        await directory.updateUser(id, { password });
        passwordChanged(context, id);
        return noContent();
      },
    },
    admin('PUT', '/api/users/:id/groups', async (context) => {
      const id = userId(context);
      const { groupIds } = await context.body(GroupsBody);
      return directory.setUserGroups(id, groupIds);
    }),
    admin('GET', '/api/users/:id/access', (context) => Promise.resolve(accounts.status(userId(context)))),
    admin('PUT', '/api/users/:id/admin', async (context) => {
      const id = userId(context);
      const { admin: flag } = await context.body(AdminBody);
      return accounts.setAdmin(id, flag);
    }),
    admin('POST', '/api/users/:id/unlock', async (context) => {
      const id = userId(context);
      await context.body(EmptyBody, { optional: true });
      return accounts.unlock(id);
    }),
  ];
}
