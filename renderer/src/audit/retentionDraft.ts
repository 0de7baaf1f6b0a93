import { AuditRetentionSchema, type AuditRetention } from '../../../shared/domain/audit';

/** The retention as the form holds it: the days as typed, kept while "keep everything" is chosen. */
export interface RetentionDraft {
  keepAll: boolean;
  days: string;
}

/** What the days field offers when the log was kept whole until now. */
const SUGGESTED_DAYS = '365';

export const toRetentionDraft = (retention: AuditRetention): RetentionDraft =>
  retention.days === null
    ? { keepAll: true, days: SUGGESTED_DAYS }
    : { keepAll: false, days: String(retention.days) };

export const DAYS_RULE = 'Enter a whole number of days from 1 to 36500.';

/** The retention the draft stands for, checked with the contract's rule, or why it cannot be. */
export function checkRetention(draft: RetentionDraft): { retention: AuditRetention } | { error: string } {
  if (draft.keepAll) return { retention: { days: null } };
  const typed = draft.days.trim();
  const parsed = AuditRetentionSchema.safeParse({ days: typed === '' ? Number.NaN : Number(typed) });
  return parsed.success ? { retention: parsed.data } : { error: DAYS_RULE };
}

/** Whether the draft asks for something other than `saved`. */
export function retentionChanged(saved: AuditRetention, draft: RetentionDraft): boolean {
  const checked = checkRetention(draft);
  return !('retention' in checked) || checked.retention.days !== saved.days;
}
