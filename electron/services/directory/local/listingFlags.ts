import type { UserStatus } from '../../../../shared/domain/directory';
import { roles, type Role } from '../../../../shared/domain/roles';
import { listKeys } from '../../../database/migrations/0080-list-indexes';

/**
 * One byte per user for the list's in-memory copy, so that a filter on a column that moves the
 * user's version (status, role, must change password, groups) is one mask test per text match:
 *
 *   bits 0–1  the status rank (bit 0 disabled, bit 1 invited; migration 0080)
 *   bits 2–4  the role rank (the order of `roles`, as migration 0080 ranks them)
 *   bit 5     must change password
 *   bit 6     in no group
 *
 * Lock state and last sign-in move no version, so they are never kept here.
 */
const ROLE_SHIFT = 2;
const MUST_CHANGE = 1 << 5;
const NO_GROUP = 1 << 6;

const keys = listKeys('users.');
/** The byte as SQL over `users`; SQLite gives <<, & and | one precedence, hence every bracket. */
export const FLAGS_SQL = `(${keys.statusRank} | (${keys.roleRank} << ${ROLE_SHIFT}) | (users.must_change_password << 5) | ((NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id)) << 6))`;

const STATUS_TEST: Readonly<Record<Exclude<UserStatus, 'any'>, { mask: number; want: number }>> = {
  enabled: { mask: 0b11, want: 0 },
  disabled: { mask: 0b01, want: 0b01 },
  invited: { mask: 0b10, want: 0b10 },
};

export const roleRank = (role: Role): number => roles.indexOf(role);

/** What the flagged filters ask for: a user passes when `(flags & mask) === want`. */
export interface FlagTest {
  mask: number;
  want: number;
}

export function flagTest(filters: {
  status: UserStatus;
  role: Role | undefined;
  mustChangePassword: boolean;
  noGroup: boolean;
}): FlagTest {
  // The filters use different bits, so their tests combine by or-ing masks and wanted values.
  const parts: FlagTest[] = [
    filters.status === 'any' ? { mask: 0, want: 0 } : STATUS_TEST[filters.status],
    filters.role === undefined
      ? { mask: 0, want: 0 }
      : { mask: 0b111 << ROLE_SHIFT, want: roleRank(filters.role) << ROLE_SHIFT },
    filters.mustChangePassword ? { mask: MUST_CHANGE, want: MUST_CHANGE } : { mask: 0, want: 0 },
    filters.noGroup ? { mask: NO_GROUP, want: NO_GROUP } : { mask: 0, want: 0 },
  ];
  return parts.reduce((all, part) => ({ mask: all.mask | part.mask, want: all.want | part.want }));
}
