import { PasswordPolicySchema } from '../domain/passwordPolicy';
import { endpoint } from './endpoint';

/** The instance's own settings: whoever is signed in reads them (forms check against them), Administrators change them. */
export const settingsEndpoints = {
  getPasswordPolicy: endpoint({
    method: 'GET',
    path: '/api/settings/password-policy',
    summary: 'What every password set on this instance must be',
    tag: 'Settings',
    permission: 'signedIn',
    status: 200,
    response: PasswordPolicySchema,
    duringPasswordChange: true,
  }),
  setPasswordPolicy: endpoint({
    method: 'PUT',
    path: '/api/settings/password-policy',
    summary: 'Change the password policy (passwords already set stay as they are)',
    tag: 'Settings',
    permission: 'instance.settings',
    body: PasswordPolicySchema,
    status: 200,
    response: PasswordPolicySchema,
  }),
} as const;
