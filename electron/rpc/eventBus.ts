import type { EventName, EventPayload } from '../../shared/contract/events';

export type EventListener = (event: EventName, payload: unknown) => void;

/** Fans main-side events out to every connected window, whatever its transport. */
export interface EventBus {
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  subscribe: (listener: EventListener) => () => void;
}

export function createEventBus(): EventBus {
  const listeners = new Set<EventListener>();
  return {
    emit(event, payload) {
      for (const listener of listeners) listener(event, payload);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
