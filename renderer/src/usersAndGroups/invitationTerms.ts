import {
  INVITATION_HOURS_DEFAULT,
  INVITATION_HOURS_MAX,
  type InvitationTerms,
} from '../../../shared/domain/directory';

/** The terms of an invitation link as a form holds them: the hours as typed. */
export interface TermsDraft {
  hours: string;
  sendEmail: boolean;
}

export const DEFAULT_TERMS: TermsDraft = { hours: String(INVITATION_HOURS_DEFAULT), sendEmail: false };

export const HOURS_HINT = `1 to ${INVITATION_HOURS_MAX} hours (${INVITATION_HOURS_MAX / 24} days).`;

/** What is wrong with the typed expiry, as a sentence; undefined when it is a whole number in range. */
export function hoursError(hours: string): string | undefined {
  const value = Number(hours.trim());
  return hours.trim() !== '' && Number.isInteger(value) && value >= 1 && value <= INVITATION_HOURS_MAX
    ? undefined
    : `Enter a whole number of hours from 1 to ${INVITATION_HOURS_MAX}.`;
}

export const termsOf = (draft: TermsDraft): InvitationTerms => ({
  expiresInHours: Number(draft.hours.trim()),
  sendEmail: draft.sendEmail,
});
