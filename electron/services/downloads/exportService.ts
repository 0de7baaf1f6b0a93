import { AUDIT_MEDIA_TYPES } from '../../../shared/api/audit';
import type { auditChannels } from '../../../shared/contract/audit';
import type { Handlers } from '../../../shared/contract/channel';
import type { exportChannels } from '../../../shared/contract/userExport';
import { auditExportFileName } from '../../../shared/domain/audit';
import { CSV_CONTENT_TYPE, usersExportFileName } from '../../../shared/domain/userExport';
import type { DirectoryRegistry } from '../directory/directoryRegistry';
import { downloadPath, type DownloadTickets } from './downloadTickets';

type ExportChannels = typeof exportChannels & Pick<typeof auditChannels, 'directory.audit.export'>;

/**
 * The export channels (the users list, the audit log): the instance's export becomes a download
 * ticket, fetched by the page as a plain link, so that the file streams to disk instead of passing
 * through the renderer's memory.
 */
export function createExportService(
  registry: DirectoryRegistry,
  downloads: DownloadTickets,
  now: () => Date = () => new Date(),
): Handlers<ExportChannels> {
  return {
    'directory.export.prepare': async ({ instanceId, request }) => {
      const directory = await registry.get(instanceId);
      const fileName = usersExportFileName(now());
      const ticket = downloads.issue({
        fileName,
        contentType: CSV_CONTENT_TYPE,
        chunks: directory.exportUsers(request),
      });
      return { url: downloadPath(ticket), fileName };
    },
    'directory.audit.export': async ({ instanceId, request }) => {
      const directory = await registry.get(instanceId);
      const fileName = auditExportFileName(now(), request.format);
      const ticket = downloads.issue({
        fileName,
        contentType: `${AUDIT_MEDIA_TYPES[request.format]}; charset=utf-8`,
        chunks: directory.exportAudit(request),
      });
      return { url: downloadPath(ticket), fileName };
    },
  };
}
