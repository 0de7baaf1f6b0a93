import type { AuditAction, AuditTargetType } from '../../../../shared/domain/audit';
import { get, run, type Work } from '../../../database/portable/steps';
import { auditEntryHash, GENESIS_HASH, type StoredAuditContent } from '../local/auditChain';
import { auditSearchText } from '../local/auditSearchText';

/** One entry to write: who did what to which target, with the public fields before and after. */
export interface AuditRecord {
  actor: string;
  /** The acting account, when it is one of this instance's users. */
  actorId?: number | null;
  /** The client's address, for a request to the instance server. */
  source?: string | null;
  action: AuditAction;
  targetType: AuditTargetType;
  /** Absent for the instance itself. */
  targetId?: number;
  /** The username or group name now, so that the entry reads well once the target is gone. */
  targetName?: string | null;
  /** Never a password, hash or token: callers pass the public fields only. */
  before?: object;
  after?: object;
  detail?: string;
  /**
   * The users or groups the entry concerns besides its target: the members a group gained or lost,
   * the groups a user joined or left. The target filter finds the entry by them too.
   */
  related?: AuditRelated;
}

export interface AuditRelated {
  type: 'user' | 'group';
  ids: readonly number[];
}

interface ChainEnd {
  id: number;
  hash: string;
  at: string | null;
}

/**
 * The entry the next one chains to: the newest, else the last one retention removed (its id and
 * hash are kept), else genesis.
 */
export function* chainEnd(): Work<ChainEnd> {
  const newest = yield* get<ChainEnd>('SELECT id, hash, at FROM audit_log ORDER BY id DESC LIMIT 1');
  if (newest) return newest;
  const pruned = yield* get<ChainEnd>(
    'SELECT pruned_through AS id, pruned_hash AS hash, NULL AS at FROM audit_chain WHERE id = 1',
  );
  return pruned ?? { id: 0, hash: GENESIS_HASH, at: null };
}

/**
 * Appends an entry, chained to the newest. Must run inside the write transaction of the change it
 * records: the write lock is what keeps two writers from chaining to the same predecessor.
 *
 * Times never go backwards in id order: an entry written while the clock reads earlier than the
 * newest entry (the clock was set back) takes that entry's time. So a time range is a range of
 * ids, which is how the log's time filter and retention find it.
 */
export function* recordAuditEntry(at: string, record: AuditRecord): Work<void> {
  const end = yield* chainEnd();
  const content: StoredAuditContent = {
    id: end.id + 1,
    at: end.at !== null && end.at > at ? end.at : at,
    actor: record.actor,
    actor_id: record.actorId ?? null,
    source: record.source ?? null,
    action: record.action,
    target_type: record.targetType,
    target_id: record.targetId ?? null,
    target_name: record.targetName ?? null,
    before: record.before ? JSON.stringify(record.before) : null,
    after: record.after ? JSON.stringify(record.after) : null,
    detail: record.detail ?? null,
  };
  yield* run(
    `INSERT INTO audit_log (id, at, actor, actor_id, source, action, target_type, target_id,
       target_name, before, after, detail, hash, search_text)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    content.id,
    content.at,
    content.actor,
    content.actor_id,
    content.source,
    content.action,
    content.target_type,
    content.target_id,
    content.target_name,
    content.before,
    content.after,
    content.detail,
    auditEntryHash(end.hash, content),
    auditSearchText(content),
  );
  if (record.related) yield* relate(content, record.related);
}

/**
 * The entry's related targets, its own target left out (the target filter would otherwise find
 * it twice). The hash does not cover them: they index what the entry's before and after already
 * say by name, so an edit to them misleads a filter at most, never the content verify vouches for.
 * Rows left behind by entries removed by hand from the end of the log are no reason to fail a change.
 */
function* relate(entry: StoredAuditContent, related: AuditRelated): Work<void> {
  for (const id of new Set(related.ids))
    if (related.type !== entry.target_type || id !== entry.target_id)
      yield* run(
        'INSERT INTO audit_related (target_type, target_id, entry_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
        related.type,
        id,
        entry.id,
      );
}
