import {
  AUDIT_MEDIA_TYPES,
  auditExportRequestOf,
  auditPageRequestOf,
  type auditEndpoints,
} from '../../../shared/api/audit';
import { auditExportFileName } from '../../../shared/domain/audit';
import type { HandlerDeps, HandlersOf } from './handler';

export function auditHandlers({ directory, now }: HandlerDeps): HandlersOf<typeof auditEndpoints> {
  return {
    auditPage: ({ query }) => directory.auditPage(auditPageRequestOf(query)),
    exportAudit: ({ query }) => {
      const request = auditExportRequestOf(query);
      return Promise.resolve({
        fileName: auditExportFileName(now(), request.format),
        mediaType: AUDIT_MEDIA_TYPES[request.format],
        chunks: directory.exportAudit(request),
      });
    },
    verifyAudit: () => directory.verifyAudit(),
    getAuditRetention: () => directory.getAuditRetention(),
    setAuditRetention: ({ body }) => directory.setAuditRetention(body),
  };
}
