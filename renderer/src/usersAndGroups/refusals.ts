import type { RosterErrorData } from '../../../shared/contract/errors';

/** The form field a refusal names, whatever path the request had it at ("invitation.email" → "email"). */
export const refusedField = (error: RosterErrorData): string | undefined => error.field?.split('.').at(-1);
