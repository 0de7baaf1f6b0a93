import { z } from 'zod';
import {
  AUDIT_PAGE_MAX,
  auditActionKinds,
  auditActions,
  AuditActionKindSchema,
  AuditActionSchema,
  AuditExportFormatSchema,
  AuditExportRequestSchema,
  AuditFiltersSchema,
  AuditPageRequestSchema,
  AuditPageSchema,
  AuditRetentionSchema,
  AuditVerificationSchema,
  type AuditExportFormat,
  type AuditExportRequest,
  type AuditFilters,
  type AuditPageRequest,
} from '../domain/audit';
import { endpoint, idParam, type FileMediaType } from './endpoint';
import { wholeNumber } from './pageQuery';

/** The media type of each export format (JSON Lines: one entry per line, as jsonlines.org names it). */
export const AUDIT_MEDIA_TYPES: Readonly<Record<AuditExportFormat, FileMediaType>> = {
  csv: 'text/csv',
  jsonl: 'application/jsonl',
};

/**
 * `kind=users,signIn`: a comma-separated list of names from `allowed`, each once at most (a repeat
 * is dropped). A refusal names the parameter and every name it takes.
 */
const namesParam = <T extends string>(schema: z.ZodType<T>, allowed: readonly string[]) =>
  z
    .string()
    .max(2_000)
    .meta({ description: `Comma-separated, any of: ${allowed.join(', ')}` })
    .transform((text, context) => {
      const names: T[] = [];
      for (const name of text.split(',')) {
        const parsed = schema.safeParse(name);
        if (!parsed.success) {
          context.addIssue({
            code: 'custom',
            message: `"${name}" is not one of ${allowed.join(', ')} (comma-separated).`,
          });
          return z.NEVER;
        }
        if (!names.includes(parsed.data)) names.push(parsed.data);
      }
      return names;
    });

const filtersShape = AuditFiltersSchema.shape;

/**
 * The log's filters as query parameters: `from` and `to` (ISO 8601 times with an offset: at or
 * after, before), `actor`, `targetType` and `targetId` (together), `kind` and `action` (comma
 * lists) and `q` (free text).
 */
const auditFilterQueryShape = {
  from: filtersShape.from,
  to: filtersShape.to,
  actor: filtersShape.actor,
  targetType: z.enum(['user', 'group']).optional(),
  targetId: idParam().optional(),
  kind: namesParam(AuditActionKindSchema, Object.keys(auditActionKinds)).optional(),
  action: namesParam(AuditActionSchema, auditActions).optional(),
  q: filtersShape.text,
};

type FilterQuery = z.output<z.ZodObject<typeof auditFilterQueryShape>>;

/** A target is a type and an id: one without the other names nothing, and is refused naming the one missing. */
function wholeTarget(query: FilterQuery, context: z.RefinementCtx): void {
  if ((query.targetType === undefined) === (query.targetId === undefined)) return;
  context.addIssue({
    code: 'custom',
    message: 'Give targetType and targetId together: user or group, and its id.',
    path: [query.targetType === undefined ? 'targetType' : 'targetId'],
  });
}

export const AuditPageQuerySchema = z
  .strictObject({
    ...auditFilterQueryShape,
    before: idParam().optional(),
    limit: wholeNumber(1, AUDIT_PAGE_MAX).optional(),
  })
  .superRefine(wholeTarget);
export type AuditPageQuery = z.output<typeof AuditPageQuerySchema>;

export const AuditExportQuerySchema = z
  .strictObject({ ...auditFilterQueryShape, format: AuditExportFormatSchema.optional() })
  .superRefine(wholeTarget);
export type AuditExportQuery = z.output<typeof AuditExportQuerySchema>;

const filtersOf = (query: FilterQuery): AuditFilters =>
  AuditFiltersSchema.parse({
    from: query.from,
    to: query.to,
    actor: query.actor,
    target:
      query.targetType === undefined || query.targetId === undefined
        ? undefined
        : { type: query.targetType, id: query.targetId },
    kinds: query.kind,
    actions: query.action,
    text: query.q,
  });

export const auditPageRequestOf = (query: AuditPageQuery): AuditPageRequest =>
  AuditPageRequestSchema.parse({ filters: filtersOf(query), before: query.before, limit: query.limit });

export const auditExportRequestOf = (query: AuditExportQuery): AuditExportRequest =>
  AuditExportRequestSchema.parse({ filters: filtersOf(query), format: query.format ?? 'csv' });

/** The query string of the filters, as a client sends it: only the filters given. */
function filterQueryOf(filters: AuditFilters): Record<string, string> {
  const query: Record<string, string> = {};
  if (filters.from !== undefined) query.from = filters.from;
  if (filters.to !== undefined) query.to = filters.to;
  if (filters.actor !== undefined) query.actor = filters.actor;
  if (filters.target !== undefined) {
    query.targetType = filters.target.type;
    query.targetId = String(filters.target.id);
  }
  if (filters.kinds !== undefined) query.kind = filters.kinds.join(',');
  if (filters.actions !== undefined) query.action = filters.actions.join(',');
  if (filters.text !== undefined) query.q = filters.text;
  return query;
}

export const auditPageQueryOf = (request: AuditPageRequest): Record<string, string> => ({
  ...filterQueryOf(request.filters),
  ...(request.before === undefined ? {} : { before: String(request.before) }),
  limit: String(request.limit),
});

export const auditExportQueryOf = (request: AuditExportRequest): Record<string, string> => ({
  ...filterQueryOf(request.filters),
  format: request.format,
});

/** The audit log: Administrators and Auditors read, export and verify it; Administrators set how long it is kept. */
export const auditEndpoints = {
  auditPage: endpoint({
    method: 'GET',
    path: '/api/audit',
    summary:
      'A page of the audit log, newest first: pass `next` as `before` for the following page (entries written meanwhile never shift it). Every filter given must match.',
    tag: 'Audit',
    permission: 'audit.read',
    query: AuditPageQuerySchema,
    status: 200,
    response: AuditPageSchema,
  }),
  exportAudit: endpoint({
    method: 'GET',
    path: '/api/audit/export',
    summary:
      'Every entry the filters match, newest first, as CSV (`format=csv`, the default) or JSON Lines (`format=jsonl`, one AuditEntry per line)',
    tag: 'Audit',
    permission: 'audit.read',
    query: AuditExportQuerySchema,
    status: 200,
    file: {
      mediaTypes: [AUDIT_MEDIA_TYPES.csv, AUDIT_MEDIA_TYPES.jsonl],
      description:
        'The file, streamed as it is read, in the format asked for (Content-Disposition names it). Never a password, token or key value.',
    },
  }),
  verifyAudit: endpoint({
    method: 'GET',
    path: '/api/audit/verify',
    summary:
      'Checks every kept entry’s hash against its content and its predecessor’s, and names the first that does not match',
    tag: 'Audit',
    permission: 'audit.read',
    status: 200,
    response: AuditVerificationSchema,
  }),
  getAuditRetention: endpoint({
    method: 'GET',
    path: '/api/settings/audit-retention',
    summary: 'How many days audit entries are kept (null: all of them)',
    tag: 'Settings',
    permission: 'audit.read',
    status: 200,
    response: AuditRetentionSchema,
  }),
  setAuditRetention: endpoint({
    method: 'PUT',
    path: '/api/settings/audit-retention',
    summary:
      'Change how long audit entries are kept: older ones go at once, and the pruning is itself an entry',
    tag: 'Settings',
    permission: 'instance.settings',
    body: AuditRetentionSchema,
    status: 200,
    response: AuditRetentionSchema,
  }),
} as const;
