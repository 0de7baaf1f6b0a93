import { z } from 'zod';
import { MAX_TEXT } from '../contract/limits';
import { UserDetailSchema } from '../domain/directory';
import { DisplayNameSchema, EmailSchema, PasswordSchema } from '../domain/userRules';
import { endpoint } from './endpoint';

export const OwnProfileChangesSchema = z
  .strictObject({ displayName: DisplayNameSchema.optional(), email: EmailSchema.optional() })
  .meta({ id: 'OwnProfileChanges' });
export type OwnProfileChanges = z.output<typeof OwnProfileChangesSchema>;

export const OwnPasswordChangeSchema = z
  .strictObject({
    /** Any string: a wrong one is simply wrong, and counts as a failed sign-in. */
    currentPassword: z.string().min(1, 'Enter your current password.').max(MAX_TEXT),
    newPassword: PasswordSchema,
  })
  .meta({ id: 'OwnPasswordChange' });

const me = { tag: 'Self-service', permission: 'signedIn' } as const;

/** Every signed-in account's own profile and password, whatever its role. */
export const meEndpoints = {
  getOwnProfile: endpoint({
    ...me,
    method: 'GET',
    path: '/api/me',
    summary: 'Your own user, with your groups and token times',
    status: 200,
    response: UserDetailSchema,
    versioned: 'user',
  }),
  updateOwnProfile: endpoint({
    ...me,
    method: 'PATCH',
    path: '/api/me',
    summary: 'Change your own display name or email address',
    body: OwnProfileChangesSchema,
    status: 200,
    response: UserDetailSchema,
    versioned: 'user',
    errors: [412],
  }),
  changeOwnPassword: endpoint({
    ...me,
    method: 'PUT',
    path: '/api/me/password',
    summary:
      'Change your own password, with the current one; your other sessions end. The one call allowed after a password reset',
    body: OwnPasswordChangeSchema,
    status: 204,
    duringPasswordChange: true,
    errors: [429],
  }),
} as const;
