import type { Result, RosterErrorData } from '../../../shared/contract/errors';
import type { UserDetail } from '../../../shared/domain/directory';
import { roster } from '../roster/roster';
import {
  editsOf,
  groupsChanged,
  mergedGroups,
  roleChanged,
  type DraftField,
  type UserDraft,
} from './userDraft';

/** One request of a save: what it saves, and how its refusal reads. */
export interface SaveStep {
  saves: readonly DraftField[];
  run: (current: UserDetail) => Promise<Result<UserDetail>>;
  refusal?: (error: RosterErrorData) => RosterErrorData;
}

/** Refusals of a role change that are about the role, whatever the instance names (the user, say). */
const ROLE_REFUSALS: ReadonlySet<RosterErrorData['code']> = new Set([
  'CONFLICT',
  'FORBIDDEN',
  'INVALID_INPUT',
]);
const aboutRole = (error: RosterErrorData): RosterErrorData =>
  ROLE_REFUSALS.has(error.code) ? { ...error, field: 'role' } : error;

/**
 * The requests that apply the admin's edits to an existing user: the fields, the groups and the
 * role are separate calls, each to be sent to the version the one before answered.
 */
export function saveSteps(instanceId: string, userId: number, original: UserDraft, draft: UserDraft) {
  const steps: SaveStep[] = [];
  const changes = editsOf(original, draft);
  if (Object.keys(changes).length > 0)
    steps.push({
      saves: ['displayName', 'email', 'enabled', 'password', 'mayResetOwnPassword'],
      run: (current) =>
        roster().invoke('directory.users.update', {
          instanceId,
          userId,
          changes,
          ifVersion: current.version,
        }),
    });
  if (groupsChanged(original, draft))
    steps.push({
      saves: ['groupIds'],
      run: (current) =>
        roster().invoke('directory.users.setGroups', {
          instanceId,
          userId,
          groupIds: mergedGroups(
            current.groups.map((group) => group.id),
            original,
            draft,
          ),
          ifVersion: current.version,
        }),
    });
  if (roleChanged(original, draft))
    steps.push({
      saves: ['role'],
      run: (current) =>
        roster().invoke('directory.users.setRole', {
          instanceId,
          userId,
          role: draft.role,
          ifVersion: current.version,
        }),
      refusal: aboutRole,
    });
  return steps;
}
