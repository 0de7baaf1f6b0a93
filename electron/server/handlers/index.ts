import { auditHandlers } from './auditHandlers';
import { authHandlers } from './authHandlers';
import { bulkHandlers } from './bulkHandlers';
import { exportHandlers } from './exportHandlers';
import { groupHandlers } from './groupHandlers';
import { importHandlers } from './importHandlers';
import { meHandlers } from './meHandlers';
import { oauthHandlers } from './oauthHandlers';
import { overviewHandlers } from './overviewHandlers';
import { settingsHandlers } from './settingsHandlers';
import type { ApiHandlers, HandlerDeps } from './handler';
import { tokenHandlers } from './tokenHandlers';
import { userHandlers } from './userHandlers';

export function apiHandlers(deps: HandlerDeps): ApiHandlers {
  return {
    ...authHandlers(deps),
    ...oauthHandlers(deps),
    ...meHandlers(deps),
    ...overviewHandlers(deps),
    ...userHandlers(deps),
    ...exportHandlers(deps),
    ...bulkHandlers(deps),
    ...importHandlers(deps),
    ...tokenHandlers(deps),
    ...groupHandlers(deps),
    ...settingsHandlers(deps),
    ...auditHandlers(deps),
  };
}
