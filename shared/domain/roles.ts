import { z } from 'zod';

/**
 * One role per user. Administrator manages everything; User manager manages users and groups
 * except Administrators and other User managers; Auditor reads; User (the default) manages only
 * their own account; API user signs in with tokens only, never with a password.
 */
export const roles = ['administrator', 'userManager', 'auditor', 'user', 'apiUser'] as const;
export const RoleSchema = z.enum(roles);
export type Role = z.infer<typeof RoleSchema>;

export const DEFAULT_ROLE: Role = 'user';

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  administrator: 'Administrator',
  userManager: 'User manager',
  auditor: 'Auditor',
  user: 'User',
  apiUser: 'API user',
};

/**
 * What a route or an action needs. The server checks a route's permission before its handler
 * runs; what a User manager may do to a particular user is checked by the directory itself.
 */
export const permissions = [
  /** Users, groups and memberships, read. */
  'directory.read',
  /** Users, groups and memberships, changed; tokens generated and revoked; accounts unlocked. */
  'directory.write',
  /** The instance's own settings, such as its password policy. */
  'instance.settings',
  /** Asking whether a token is active and whose it is (OAuth introspection), as a resource server does. */
  'tokens.introspect',
  /** The audit log, read, exported and verified. */
  'audit.read',
] as const;
export type Permission = (typeof permissions)[number];

const GRANTS: Readonly<Record<Role, readonly Permission[]>> = {
  administrator: [
    'directory.read',
    'directory.write',
    'instance.settings',
    'tokens.introspect',
    'audit.read',
  ],
  userManager: ['directory.read', 'directory.write'],
  auditor: ['directory.read', 'audit.read'],
  user: [],
  apiUser: ['tokens.introspect'],
};

export const holds = (role: Role, permission: Permission): boolean => GRANTS[role].includes(permission);

/** The roles only an Administrator may give, take away, or manage the holders of. */
const PRIVILEGED: ReadonlySet<Role> = new Set<Role>(['administrator', 'userManager']);

/** Whether `caller` may change a user who has `target` role (and give that role). */
export const mayManageRole = (caller: Role, target: Role): boolean =>
  caller === 'administrator' || (caller === 'userManager' && !PRIVILEGED.has(target));

/** The roles `caller` may give, in the order forms list them. */
export const grantableRoles = (caller: Role): Role[] => roles.filter((role) => mayManageRole(caller, role));

/** Roles that may sign in with a password. */
export const signsInWithPassword = (role: Role): boolean => role !== 'apiUser';

/**
 * The widest scope a credential of this role may carry: `read` allows only requests that change
 * nothing; `write` allows every request the role's permissions allow. An Auditor only reads.
 */
export const widestScope = (role: Role): 'read' | 'write' => (role === 'auditor' ? 'read' : 'write');

/** A scope as OAuth answers it, space-separated: writing includes reading. */
export const scopeWords = (scope: 'read' | 'write'): string => (scope === 'write' ? 'read write' : 'read');

/** The scope of a sign-in's or a generated pair's tokens: all the role allows. */
export const scopeOf = (role: Role): string => scopeWords(widestScope(role));
