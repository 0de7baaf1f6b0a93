import type { UserStatus } from '../../../../shared/domain/directory';
import { roles, type Role } from '../../../../shared/domain/roles';

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
const MUST_CHANGE_SHIFT = 5;
const NO_GROUP_SHIFT = 6;
const MUST_CHANGE = 1 << MUST_CHANGE_SHIFT;
const NO_GROUP = 1 << NO_GROUP_SHIFT;

/**
 * The byte as SQL over `users`, from each dialect's expressions for its parts (each 0 or 1 but
 * the ranks). SQLite gives <<, & and | one precedence, PostgreSQL its own: hence every bracket.
 */
export function flagsSql(parts: {
  statusRank: string;
  roleRank: string;
  mustChange: string;
  noGroup: string;
}) {
  return `((${parts.statusRank}) | ((${parts.roleRank}) << ${ROLE_SHIFT}) | ((${parts.mustChange}) << ${MUST_CHANGE_SHIFT}) | ((${parts.noGroup}) << ${NO_GROUP_SHIFT}))`;
}

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
