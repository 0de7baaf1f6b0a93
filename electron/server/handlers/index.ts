import { authHandlers } from './authHandlers';
import { groupHandlers } from './groupHandlers';
import type { ApiHandlers, HandlerDeps } from './handler';
import { tokenHandlers } from './tokenHandlers';
import { userHandlers } from './userHandlers';

export function apiHandlers(deps: HandlerDeps): ApiHandlers {
  return { ...authHandlers(deps), ...userHandlers(deps), ...tokenHandlers(deps), ...groupHandlers(deps) };
}
