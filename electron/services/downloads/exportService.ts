import type { Handlers } from '../../../shared/contract/channel';
import type { exportChannels } from '../../../shared/contract/userExport';
import { CSV_CONTENT_TYPE, usersExportFileName } from '../../../shared/domain/userExport';
import type { DirectoryRegistry } from '../directory/directoryRegistry';
import { downloadPath, type DownloadTickets } from './downloadTickets';

/**
 * The export channel: the instance's export becomes a download ticket, fetched by the page as a
 * plain link, so that the file streams to disk instead of passing through the renderer's memory.
 */
export function createExportService(
  registry: DirectoryRegistry,
  downloads: DownloadTickets,
  now: () => Date = () => new Date(),
): Handlers<typeof exportChannels> {
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
  };
}
