import type { GroupSummary } from '../../../../shared/domain/directory';
import type { ConfirmRequest } from '../../store/confirmStore';

/** How many names a confirmation spells out before "and N more". */
const NAMED = 3;

export const membersText = (count: number) =>
  `${count.toLocaleString('en-US')} member${count === 1 ? '' : 's'}`;

/** "a, b and c", or "a, b, c and 4 more" past the first few. */
export function namesText(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length <= NAMED) return `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
  return `${names.slice(0, NAMED).join(', ')} and ${(names.length - NAMED).toLocaleString('en-US')} more`;
}

/** The question before groups are deleted: which ones, and how many memberships go with them. */
export function deleteConfirmation(groups: readonly GroupSummary[]): ConfirmRequest {
  const [only] = groups;
  if (groups.length === 1 && only)
    return {
      title: `Delete the group ${only.name}?`,
      message: `${only.name} has ${membersText(only.memberCount)}. The users stay; they only leave the group. This cannot be undone.`,
      confirmLabel: 'Delete',
      destructive: true,
    };
  const memberships = groups.reduce((sum, group) => sum + group.memberCount, 0);
  return {
    title: `Delete ${groups.length.toLocaleString('en-US')} groups?`,
    message: `${namesText(groups.map((group) => group.name))} have ${memberships.toLocaleString('en-US')} membership${memberships === 1 ? '' : 's'} in all. The users stay; they only leave these groups. This cannot be undone.`,
    confirmLabel: 'Delete',
    destructive: true,
  };
}
