import {
  AuditRetentionSchema,
  DEFAULT_AUDIT_RETENTION,
  type AuditRetention,
} from '../../../../shared/domain/audit';
import type { SettingDefinition } from './instanceSettings';

/** How long the instance keeps its audit log; everything until an Administrator sets a limit. */
export const AUDIT_RETENTION_SETTING: SettingDefinition<AuditRetention> = {
  name: 'auditRetention',
  schema: AuditRetentionSchema,
  fallback: DEFAULT_AUDIT_RETENTION,
  damaged: "This instance file's audit log retention is damaged: set it again.",
};

/** Retention is applied when the directory opens and then once a day. */
export const PRUNE_EVERY_MS = 86_400_000;

const DAY_MS = 86_400_000;

/** The entries older than this time (ISO 8601) are older than the retention allows. */
export const retentionCutoff = (now: Date, days: number): string =>
  new Date(now.getTime() - days * DAY_MS).toISOString();

/** What one prune removed. */
export interface Pruned {
  removed: number;
  throughId: number;
  throughAt: string;
}

/** How the directory's log says what a prune removed, where it logs. */
export const prunedMessage = (pruned: Pruned): string =>
  `audit log: removed ${pruned.removed} entries through ${pruned.throughId}`;
