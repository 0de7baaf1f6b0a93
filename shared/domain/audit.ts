import { z } from 'zod';
import { holdsNoNul, NUL_IN_SEARCH } from './directory';

/**
 * The audit log of one instance: one entry per change made through the directory and per sign-in
 * event, newest last. Each entry carries a hash of the previous entry's hash and its own content,
 * so an entry edited or removed by hand breaks the chain at that point (see `verify`).
 *
 * Never a password, hash, token or key value: an entry names a credential and says when, no more.
 */

/**
 * Every action an entry may name, by kind. The kinds are what the log's filter offers; a filter
 * naming a kind matches all of its actions.
 */
export const auditActionKinds = {
  users: [
    'user.create',
    'user.update',
    'user.delete',
    'user.enable',
    'user.disable',
    'user.updateOwn',
    'user.resetAdmin',
  ],
  groups: ['group.create', 'group.update', 'group.delete'],
  // `user.groups`: one user's groups, as names before and after; `group.addMembers` and
  // `group.removeMembers`: one group's change, as the usernames `added` or `removed`.
  memberships: ['user.groups', 'group.addMembers', 'group.removeMembers'],
  // `user.admin`: written before roles replaced the administrator flag; migrated files keep it.
  roles: ['user.role', 'user.admin'],
  passwords: ['user.resetPassword', 'user.ownPassword'],
  invitations: ['user.invite', 'user.reinvite', 'user.acceptInvitation'],
  credentials: ['token.generate', 'token.revoke', 'apiKey.create', 'apiKey.revoke'],
  signIn: [
    'signIn.success',
    'signIn.failure',
    'signIn.refresh',
    'signIn.refreshReuse',
    'signIn.signOut',
    'user.lock',
    'user.unlock',
    'user.endSessions',
  ],
  settings: ['instance.passwordPolicy', 'instance.auditRetention', 'audit.prune'],
} as const;

/**
 * Only the fields that differ, on each side: what an entry's before and after hold for a change.
 * Null when nothing differs, so that a change that changed nothing leaves no entry.
 */
export function auditDiff(
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
): { before: AuditFields; after: AuditFields } | null {
  const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
  if (changed.length === 0) return null;
  const pick = (fields: Readonly<Record<string, unknown>>) =>
    Object.fromEntries(changed.filter((key) => key in fields).map((key) => [key, fields[key]]));
  return { before: pick(before), after: pick(after) };
}

export type AuditActionKind = keyof typeof auditActionKinds;
export type AuditAction = (typeof auditActionKinds)[AuditActionKind][number];
export const auditActions: AuditAction[] = Object.values(auditActionKinds).flat();
// The default message would list every action: longer than a refusal may be.
export const AuditActionSchema = z.enum(auditActions as [AuditAction, ...AuditAction[]], {
  error: 'Not an action the audit log records.',
});
export const AuditActionKindSchema = z.enum(
  Object.keys(auditActionKinds) as [AuditActionKind, ...AuditActionKind[]],
);

export const auditTargetTypes = ['user', 'group', 'instance'] as const;
export const AuditTargetTypeSchema = z.enum(auditTargetTypes);
export type AuditTargetType = z.infer<typeof AuditTargetTypeSchema>;

export const AuditEntryIdSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export type AuditEntryId = z.infer<typeof AuditEntryIdSchema>;

/** A change's fields before or after it: public fields only, as the directory passes them. */
export const AuditFieldsSchema = z.record(z.string(), z.unknown());
export type AuditFields = z.infer<typeof AuditFieldsSchema>;

const IsoTimeSchema = z.iso.datetime({ offset: true });

export const AuditEntrySchema = z
  .strictObject({
    id: AuditEntryIdSchema,
    at: IsoTimeSchema,
    /**
     * Who acted, as the log names them: `api:<username>` for an account signed in to the instance
     * server, the OS user (`local:<name>`, `cli:<name>`) on this machine, `login from <address>`
     * for a sign-in's own events.
     */
    actor: z.string(),
    /** The acting account, when it is one of this instance's users. */
    actorId: z.number().int().positive().nullable(),
    /** Where the request came from: the client's address for the instance server; null on this machine. */
    source: z.string().nullable(),
    action: AuditActionSchema,
    targetType: AuditTargetTypeSchema,
    /** Null for the instance itself. */
    targetId: z.number().int().positive().nullable(),
    /** The username or group name when the entry was written: still readable once it is gone. */
    targetName: z.string().nullable(),
    before: AuditFieldsSchema.nullable(),
    after: AuditFieldsSchema.nullable(),
    /** What else an entry says in words, such as why a sign-in failed. */
    detail: z.string().nullable(),
    /** Hex SHA-256 of the previous entry's hash and this entry's content. */
    hash: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** How many entries a page may hold. */
export const AUDIT_PAGE_MAX = 500;

/** What the log's list, and its export, may be narrowed to; every filter given must match. */
export const AuditFiltersSchema = z
  .strictObject({
    /** At or after this time. */
    from: IsoTimeSchema.optional(),
    /** Before this time. */
    to: IsoTimeSchema.optional(),
    /** The actor's name, exactly as entries name it. */
    actor: z.string().min(1).max(200).refine(holdsNoNul, NUL_IN_SEARCH).optional(),
    /**
     * One user's or group's entries: those naming it as their target, and those relating it (a
     * group's members added or removed relate those users; a user's groups set, the groups joined
     * or left).
     */
    target: z.strictObject({ type: z.enum(['user', 'group']), id: z.number().int().positive() }).optional(),
    /** Entries of any of these kinds. */
    kinds: z.array(AuditActionKindSchema).min(1).max(auditActions.length).optional(),
    /** Entries of any of these actions (with `kinds`: of either). */
    actions: z.array(AuditActionSchema).min(1).max(auditActions.length).optional(),
    /** Case-insensitive, anywhere in the actor, action, target name, detail, or a changed field's value. */
    text: z.string().min(1).max(200).refine(holdsNoNul, NUL_IN_SEARCH).optional(),
  })
  .meta({ id: 'AuditFilters' });
export type AuditFilters = z.infer<typeof AuditFiltersSchema>;

/** Newest first; `before` continues a page from the last entry it showed (keyset). */
export const AuditPageRequestSchema = z.strictObject({
  filters: AuditFiltersSchema.default({}),
  before: AuditEntryIdSchema.optional(),
  limit: z.number().int().min(1).max(AUDIT_PAGE_MAX).default(100),
});
export type AuditPageRequest = z.output<typeof AuditPageRequestSchema>;

export const AuditPageSchema = z
  .strictObject({
    entries: z.array(AuditEntrySchema),
    /** Pass as `before` for the next page; null when this page reached the oldest match. */
    next: AuditEntryIdSchema.nullable(),
  })
  .meta({ id: 'AuditPage' });
export type AuditPage = z.infer<typeof AuditPageSchema>;

export const auditExportFormats = ['csv', 'jsonl'] as const;
export const AuditExportFormatSchema = z.enum(auditExportFormats);
export type AuditExportFormat = z.infer<typeof AuditExportFormatSchema>;

export const AuditExportRequestSchema = z.strictObject({
  filters: AuditFiltersSchema.default({}),
  format: AuditExportFormatSchema,
});
export type AuditExportRequest = z.output<typeof AuditExportRequestSchema>;

/** `audit-2030-01-31.csv`: the day (UTC) the export was asked for. */
export const auditExportFileName = (at: Date, format: AuditExportFormat): string =>
  `audit-${at.toISOString().slice(0, 10)}.${format}`;

/** What checking the chain found: every entry from the oldest kept to the newest. */
export const AuditVerificationSchema = z
  .strictObject({
    /** How many entries were checked. */
    checked: z.number().int().nonnegative(),
    /** The first entry whose hash does not match its content and its predecessor's; null when none. */
    firstBroken: z
      .strictObject({ id: AuditEntryIdSchema, at: IsoTimeSchema.nullable(), reason: z.string() })
      .nullable(),
    /** The entries removed by retention, up to and including this id, are vouched for by the anchor. */
    prunedThrough: AuditEntryIdSchema.nullable(),
  })
  .meta({ id: 'AuditVerification' });
export type AuditVerification = z.infer<typeof AuditVerificationSchema>;

/** How long entries are kept: whole days, or everything (null). */
export const AuditRetentionSchema = z
  .strictObject({ days: z.number().int().min(1).max(36_500).nullable() })
  .meta({ id: 'AuditRetention' });
export type AuditRetention = z.infer<typeof AuditRetentionSchema>;
export const DEFAULT_AUDIT_RETENTION: AuditRetention = { days: null };
