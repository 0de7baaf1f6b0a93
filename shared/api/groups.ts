import { z } from 'zod';
import {
  BULK_MAX,
  GroupChangesSchema,
  GroupIdSchema,
  GroupSummarySchema,
  NewGroupSchema,
  page,
} from '../domain/directory';
import { endpoint, idParam } from './endpoint';
import { PageQuerySchema } from './pageQuery';
import { UserIdsBody, UserPageSchema } from './users';

export const GroupParams = z.strictObject({ groupId: idParam() });
export const GroupPageSchema = page(GroupSummarySchema).meta({ id: 'GroupPage' });
export const GroupIdsBody = z
  .strictObject({ groupIds: z.array(GroupIdSchema).min(1).max(BULK_MAX) })
  .meta({ id: 'GroupIds' });

const group = { tag: 'Groups', params: GroupParams, errors: [404] } as const;
const read = { ...group, permission: 'directory.read' } as const;
const write = { ...group, permission: 'directory.write' } as const;

export const groupEndpoints = {
  listGroups: endpoint({
    method: 'GET',
    path: '/api/groups',
    summary: 'Groups whose name contains q, by name',
    tag: 'Groups',
    permission: 'directory.read',
    query: PageQuerySchema,
    status: 200,
    response: GroupPageSchema,
  }),
  createGroup: endpoint({
    method: 'POST',
    path: '/api/groups',
    summary: 'Create a group (names are unique regardless of case)',
    tag: 'Groups',
    permission: 'directory.write',
    body: NewGroupSchema,
    status: 201,
    response: GroupSummarySchema,
    idempotent: true,
    errors: [409],
  }),
  deleteGroups: endpoint({
    method: 'POST',
    path: '/api/groups/delete',
    summary: 'Delete several groups at once (all or none; their members stay)',
    tag: 'Groups',
    permission: 'directory.write',
    body: GroupIdsBody,
    status: 200,
    response: z.strictObject({ deleted: z.number().int().min(0) }),
  }),
  getGroup: endpoint({
    ...read,
    method: 'GET',
    path: '/api/groups/{groupId}',
    summary: 'A group with its member count',
    status: 200,
    response: GroupSummarySchema,
    versioned: 'group',
  }),
  updateGroup: endpoint({
    ...write,
    method: 'PATCH',
    path: '/api/groups/{groupId}',
    summary: 'Rename a group or change its description',
    body: GroupChangesSchema,
    status: 200,
    response: GroupSummarySchema,
    versioned: 'group',
    errors: [404, 409, 412],
  }),
  deleteGroup: endpoint({
    ...write,
    method: 'DELETE',
    path: '/api/groups/{groupId}',
    summary: 'Delete a group (its members stay)',
    status: 204,
    versioned: 'group',
    errors: [404, 412],
  }),
  listMembers: endpoint({
    ...read,
    method: 'GET',
    path: '/api/groups/{groupId}/members',
    summary: 'Members of a group, filtered by q',
    query: PageQuerySchema,
    status: 200,
    response: UserPageSchema,
  }),
  addMembers: endpoint({
    ...write,
    method: 'POST',
    path: '/api/groups/{groupId}/members',
    summary: 'Add users to a group',
    body: UserIdsBody,
    status: 200,
    response: GroupSummarySchema,
  }),
  removeMembers: endpoint({
    ...write,
    method: 'POST',
    path: '/api/groups/{groupId}/members/delete',
    summary: 'Remove users from a group',
    body: UserIdsBody,
    status: 200,
    response: GroupSummarySchema,
  }),
  removeMember: endpoint({
    ...write,
    method: 'DELETE',
    path: '/api/groups/{groupId}/members/{userId}',
    summary: 'Remove one user from a group',
    params: z.strictObject({ groupId: idParam(), userId: idParam() }),
    status: 200,
    response: GroupSummarySchema,
  }),
} as const;
