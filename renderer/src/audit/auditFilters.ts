import type { AuditActionKind, AuditFilters } from '../../../shared/domain/audit';

/** A user or group the log is narrowed to, with the name the filter shows. */
export interface AuditTarget {
  type: 'user' | 'group';
  id: number;
  name: string;
}

/** The filters as the bar holds them: dates as their inputs give them ("2026-12-01"), or empty. */
export interface AuditFilterDraft {
  /** The first day shown, in the admin's zone. */
  from: string;
  /** The last day shown, in the admin's zone (the whole day). */
  to: string;
  actor: string;
  target: AuditTarget | undefined;
  kinds: readonly AuditActionKind[];
  text: string;
}

export const NO_FILTERS: AuditFilterDraft = {
  from: '',
  to: '',
  actor: '',
  target: undefined,
  kinds: [],
  text: '',
};

const DAY = /^(\d{4})-(\d\d)-(\d\d)$/;

/** The start of a day in the admin's zone, as an ISO time; undefined for no valid day. */
function startOfDay(day: string, plusDays = 0): string | undefined {
  const match = DAY.exec(day);
  if (!match) return undefined;
  const [, year, month, date] = match.map(Number);
  const start = new Date(year ?? 0, (month ?? 1) - 1, (date ?? 1) + plusDays);
  return Number.isNaN(start.getTime()) ? undefined : start.toISOString();
}

/** The request's filters: only those set, trimmed; the last day runs to the next day's start. */
export function requestFilters(draft: AuditFilterDraft): AuditFilters {
  const from = startOfDay(draft.from);
  const to = startOfDay(draft.to, 1);
  const actor = draft.actor.trim();
  const text = draft.text.trim();
  return {
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(actor ? { actor } : {}),
    ...(draft.target ? { target: { type: draft.target.type, id: draft.target.id } } : {}),
    ...(draft.kinds.length > 0 ? { kinds: [...draft.kinds] } : {}),
    ...(text ? { text } : {}),
  };
}

/** Whether any filter narrows the log. */
export const anyFilter = (draft: AuditFilterDraft): boolean => Object.keys(requestFilters(draft)).length > 0;

/** The kinds with `kind` turned on or off, kept in the catalog's order. */
export function toggledKind(
  kinds: readonly AuditActionKind[],
  kind: AuditActionKind,
  order: readonly AuditActionKind[],
): AuditActionKind[] {
  const on = !kinds.includes(kind);
  return order.filter((other) => (other === kind ? on : kinds.includes(other)));
}
