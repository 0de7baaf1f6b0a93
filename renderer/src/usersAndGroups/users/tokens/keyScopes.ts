import type { ApiKeyScope } from '../../../../../shared/domain/apiKeys';
import { ROLE_LABELS, type Role } from '../../../../../shared/domain/roles';

export const SCOPE_LABELS: Readonly<Record<ApiKeyScope, string>> = { read: 'Read', write: 'Write' };

/** What a key of this scope may do for a holder of `role`: a write key is bounded by the role. */
export const scopeDescription = (scope: ApiKeyScope, role: Role): string =>
  scope === 'read'
    ? 'Only reads: GET requests and token introspection.'
    : `Everything ${ROLE_LABELS[role]}s may do.`;

export const readOnlyRoleNote = (role: Role): string =>
  `${ROLE_LABELS[role]}s only read: their keys can have the read scope only.`;
