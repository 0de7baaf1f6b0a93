import type { groupEndpoints } from '../../../shared/api/groups';
import { pageRequestOf } from '../../../shared/api/pageQuery';
import type { HandlerDeps, HandlersOf } from './handler';

export function groupHandlers({ directory }: HandlerDeps): HandlersOf<typeof groupEndpoints> {
  return {
    listGroups: ({ query }) => directory.searchGroups(pageRequestOf(query)),
    createGroup: ({ body, createOptions }) =>
      directory.createGroup(body.name, createOptions, body.description),
    deleteGroups: async ({ body }) => ({ deleted: await directory.deleteGroups(body.groupIds) }),
    getGroup: ({ params }) => directory.getGroup(params.groupId),
    updateGroup: ({ params, body, condition }) => directory.updateGroup(params.groupId, body, condition),
    deleteGroup: async ({ params, condition }) => {
      await directory.deleteGroup(params.groupId, condition);
    },
    listMembers: ({ params, query }) => directory.groupMembers(params.groupId, pageRequestOf(query)),
    addMembers: ({ params, body }) => directory.addMembers(params.groupId, body.userIds),
    removeMembers: ({ params, body }) => directory.removeMembers(params.groupId, body.userIds),
    removeMember: ({ params }) => directory.removeMembers(params.groupId, [params.userId]),
  };
}
