import type { importEndpoints } from '../../../shared/api/userImport';
import type { HandlerDeps, HandlersOf } from './handler';

export function importHandlers({ directory }: HandlerDeps): HandlersOf<typeof importEndpoints> {
  return {
    previewImport: ({ body }) => directory.previewImport(body),
    startImport: ({ body }) => directory.startImport(body),
    importStatus: ({ params }) => directory.importStatus(params.jobId),
    cancelImport: ({ params }) => directory.cancelImport(params.jobId),
  };
}
