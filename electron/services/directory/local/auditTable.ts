import type { AuditAction, AuditEntry, AuditFields, AuditTargetType } from '../../../../shared/domain/audit';
import type { StoredAuditContent } from './auditChain';

/** An entry as stored, with its hash: what a page, an export and verify read. */
export interface AuditRow extends StoredAuditContent {
  hash: string;
}

/** The columns an entry's hash covers, in the order it covers them (auditChain.ts). */
export const AUDIT_CONTENT_COLUMNS =
  'id, at, actor, actor_id, source, action, target_type, target_id, target_name, before, after, detail';

/** The stored columns of an entry and its hash; the search text stays behind. */
export const auditColumns = (alias?: string): string =>
  [...AUDIT_CONTENT_COLUMNS.split(', '), 'hash']
    .map((name) => (alias ? `${alias}.${name}` : name))
    .join(', ');

/** A before/after that no longer parses (edited by hand) reads as what it holds, for verify to name. */
function fieldsOf(json: string | null): AuditFields | null {
  if (json === null) return null;
  try {
    const parsed: unknown = JSON.parse(json);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as AuditFields;
    return { value: parsed };
  } catch {
    return { unreadable: json };
  }
}

export const toAuditEntry = (row: AuditRow): AuditEntry => ({
  id: row.id,
  at: row.at,
  actor: row.actor,
  actorId: row.actor_id,
  source: row.source,
  action: row.action as AuditAction,
  targetType: row.target_type as AuditTargetType,
  targetId: row.target_id,
  targetName: row.target_name,
  before: fieldsOf(row.before),
  after: fieldsOf(row.after),
  detail: row.detail,
  hash: row.hash,
});
