import { api } from '../../../../shared/api';
import { AUDIT_MEDIA_TYPES, auditExportQueryOf, auditPageQueryOf } from '../../../../shared/api/audit';
import type { Endpoint } from '../../../../shared/api/endpoint';
import {
  auditExportFormats,
  type AuditExportFormat,
  type AuditExportRequest,
} from '../../../../shared/domain/audit';
import type { Directory } from '../directory';
import { createHttpStream, decodedText, type HttpStream } from './httpStream';
import type { HttpJsonOptions } from './httpJson';
import { badAnswer, parseAnswer } from './remoteErrors';
import type { RemoteSession } from './remoteSession';

type RemoteAudit = Pick<
  Directory,
  'auditPage' | 'exportAudit' | 'verifyAudit' | 'getAuditRetention' | 'setAuditRetention'
>;

const withQuery = (endpoint: Endpoint, query: Readonly<Record<string, string>>): string => {
  const text = new URLSearchParams(query).toString();
  return text === '' ? endpoint.path : `${endpoint.path}?${text}`;
};

/**
 * The instance server's audit log: pages, the chain's check and the retention as JSON checked
 * against the declarations, and the export passed through as it arrives (as remoteExport does for
 * users), asked for only when its first chunk is.
 */
export function createRemoteAudit(session: RemoteSession, options: HttpJsonOptions): RemoteAudit {
  const streams = Object.fromEntries(
    auditExportFormats.map((format) => [format, createHttpStream(options, AUDIT_MEDIA_TYPES[format])]),
  ) as Record<AuditExportFormat, HttpStream>;

  async function* exportAudit(request: AuditExportRequest): AsyncGenerator<string> {
    const answer = await session.requestWith(streams[request.format], {
      method: api.exportAudit.method,
      path: withQuery(api.exportAudit, auditExportQueryOf(request)),
    });
    if (!answer.chunks) throw badAnswer(answer, `not ${AUDIT_MEDIA_TYPES[request.format]}`);
    yield* decodedText(answer.chunks);
  }

  return {
    auditPage: async (request) =>
      parseAnswer(
        await session.request({
          method: api.auditPage.method,
          path: withQuery(api.auditPage, auditPageQueryOf(request)),
        }),
        api.auditPage.response,
      ),
    exportAudit,
    verifyAudit: async () =>
      parseAnswer(
        await session.request({ method: api.verifyAudit.method, path: api.verifyAudit.path }),
        api.verifyAudit.response,
      ),
    getAuditRetention: async () =>
      parseAnswer(
        await session.request({ method: api.getAuditRetention.method, path: api.getAuditRetention.path }),
        api.getAuditRetention.response,
      ),
    setAuditRetention: async (retention) =>
      parseAnswer(
        await session.request({
          method: api.setAuditRetention.method,
          path: api.setAuditRetention.path,
          body: retention,
        }),
        api.setAuditRetention.response,
      ),
  };
}
