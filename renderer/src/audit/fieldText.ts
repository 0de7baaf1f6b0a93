import { ROLE_LABELS, RoleSchema } from '../../../shared/domain/roles';
import { fullTime } from '../usersAndGroups/timeText';

/** Fields whose words are not those of their name split at the capitals. */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  email: 'Email address',
  mayResetOwnPassword: 'May reset own password',
  lockedUntil: 'Locked until',
  expiresAt: 'Expires',
};

const words = (name: string) => {
  const spaced = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
};

/** A field's name as the diff shows it: "displayName" is "Display name", "policy.minLength" "Policy › Min length". */
export const fieldLabel = (field: string): string =>
  field
    .split('.')
    .map((part) => FIELD_LABELS[part] ?? words(part))
    .join(' › ');

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;

/** A field's value in words: yes or no, a role's name, a time in the admin's zone, "none" for nothing. */
export function valueText(field: string, value: unknown): string {
  if (value === undefined || value === null) return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') {
    if (value === '') return '(empty)';
    const role = RoleSchema.safeParse(value);
    if (field.split('.').at(-1) === 'role' && role.success) return ROLE_LABELS[role.data];
    return ISO_TIME.test(value) ? fullTime(value) : value;
  }
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}
