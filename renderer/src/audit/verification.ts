import type { AuditVerification } from '../../../shared/domain/audit';
import { fullTime } from '../usersAndGroups/timeText';

const entries = (count: number) => `${count.toLocaleString('en-US')} ${count === 1 ? 'entry' : 'entries'}`;

/** What Verify found, in a sentence: the chain intact, or the first entry that breaks it and why. */
export function verificationText(result: AuditVerification): string {
  const { firstBroken, checked, prunedThrough } = result;
  if (firstBroken) {
    const when = firstBroken.at ? ` (${fullTime(firstBroken.at)})` : '';
    return `Entry #${firstBroken.id}${when} does not match: ${firstBroken.reason}`;
  }
  const pruned =
    prunedThrough === null ? '' : ` Entries up to #${prunedThrough} were pruned; the chain vouches for them.`;
  return `${entries(checked)} verified, chain intact.${pruned}`;
}
