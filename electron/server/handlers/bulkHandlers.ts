import type { bulkEndpoints } from '../../../shared/api/bulk';
import type { HandlerDeps, HandlersOf } from './handler';

export function bulkHandlers({ directory }: HandlerDeps): HandlersOf<typeof bulkEndpoints> {
  return {
    startBulk: ({ body }) => directory.startBulk(body),
    bulkStatus: ({ params }) => directory.bulkStatus(params.jobId),
    cancelBulk: ({ params }) => directory.cancelBulk(params.jobId),
  };
}
