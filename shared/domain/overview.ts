import { z } from 'zod';

const count = z.number().int().min(0);

/**
 * An instance at a glance, as its work area shows it: every figure read at one moment, so that
 * they agree with each other. Enabled, disabled, invited, locked and must change password count
 * what the users list's filters of the same names match.
 */
export const InstanceOverviewSchema = z
  .strictObject({
    users: count,
    /** Enabled and not invited: the accounts someone can sign in to. */
    enabled: count,
    /** Disabled, invited or not. */
    disabled: count,
    /** Locked now by failed sign-ins. */
    locked: count,
    /** Invited and not yet accepted (no password). */
    invited: count,
    /** Password reset and not yet changed. */
    mustChangePassword: count,
    groups: count,
    /** Users with the Administrator role, enabled or not. */
    administrators: count,
  })
  .meta({ id: 'InstanceOverview' });
export type InstanceOverview = z.infer<typeof InstanceOverviewSchema>;
