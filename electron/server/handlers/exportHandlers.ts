import { exportRequestOf, type exportEndpoints } from '../../../shared/api/userExport';
import { usersExportFileName } from '../../../shared/domain/userExport';
import type { HandlerDeps, HandlersOf } from './handler';

export function exportHandlers({ directory, now }: HandlerDeps): HandlersOf<typeof exportEndpoints> {
  return {
    exportUsers: ({ query }) =>
      Promise.resolve({
        fileName: usersExportFileName(now()),
        chunks: directory.exportUsers(exportRequestOf(query)),
      }),
  };
}
