import { contract } from '../../shared/contract';
import type { Logger } from '../common/logger';
import { composeHandlers, type ServiceDeps } from '../services/composeHandlers';
import { createDispatcher, type Dispatch } from './dispatcher';
import { createEventBus, type EventBus } from './eventBus';

export interface RosterCore {
  dispatch: Dispatch;
  events: EventBus;
}

/** The transport-free heart every host serves: services behind one validating dispatcher. */
export function createRosterCore(deps: Omit<ServiceDeps, 'events'>, logger: Logger): RosterCore {
  const events = createEventBus();
  const dispatch = createDispatcher(contract, composeHandlers({ ...deps, events }), logger);
  return { dispatch, events };
}
