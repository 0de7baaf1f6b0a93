import { z } from 'zod';
import { BULK_MAX, NewGroupSchema, UserIdSchema } from '../../../shared/domain/directory';
import { getGroup } from '../../services/directory/local/groupsTable';
import { notFound } from '../httpErrors';
import { idParam, json, noContent, type Route, type SignedInContext } from '../router';
import type { ApiDeps } from './apiDeps';
import { pageQuery } from './pageQuery';

const UserIdsBody = z.strictObject({ userIds: z.array(UserIdSchema).min(1).max(BULK_MAX) });

const groupId = (context: SignedInContext) => idParam(context, 'id', 'groupId');

/** Groups: list, create, read, delete, and members from the group's side. */
export function groupRoutes({ db, directory }: ApiDeps): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/groups',
      access: 'admin',
      query: true,
      handle: async (context) => json(200, await directory.searchGroups(pageQuery(context))),
    },
    {
      method: 'POST',
      path: '/api/groups',
      access: 'admin',
      handle: async (context) => {
        const { name } = await context.body(NewGroupSchema);
        const created = await directory.createGroup(name);
        return json(201, created, { Location: `/api/groups/${created.id}` });
      },
    },
    {
      method: 'GET',
      path: '/api/groups/:id',
      access: 'admin',
      handle: (context) => {
        const group = getGroup(db, groupId(context));
        if (!group) throw notFound('That group no longer exists.', 'groupId');
        return Promise.resolve(json(200, group));
      },
    },
    {
      method: 'DELETE',
      path: '/api/groups/:id',
      access: 'admin',
      handle: async (context) => {
        await directory.deleteGroup(groupId(context));
        return noContent();
      },
    },
    {
      method: 'GET',
      path: '/api/groups/:id/members',
      access: 'admin',
      query: true,
      handle: async (context) => {
        const id = groupId(context);
        return json(200, await directory.groupMembers(id, pageQuery(context)));
      },
    },
    {
      method: 'POST',
      path: '/api/groups/:id/members',
      access: 'admin',
      handle: async (context) => {
        const id = groupId(context);
        const { userIds } = await context.body(UserIdsBody);
        return json(200, await directory.addMembers(id, userIds));
      },
    },
    {
      method: 'DELETE',
      path: '/api/groups/:id/members/:userId',
      access: 'admin',
      handle: async (context) => {
        const id = groupId(context);
        const member = idParam(context, 'userId', 'userId');
        return json(200, await directory.removeMembers(id, [member]));
      },
    },
  ];
}
