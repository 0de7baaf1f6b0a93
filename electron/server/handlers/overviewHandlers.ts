import type { overviewEndpoints } from '../../../shared/api/overview';
import type { HandlerDeps, HandlersOf } from './handler';

export function overviewHandlers({ directory }: HandlerDeps): HandlersOf<typeof overviewEndpoints> {
  return { getOverview: () => directory.overview() };
}
