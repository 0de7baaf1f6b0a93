import { create } from 'zustand';
import type { RosterErrorData } from '../../../shared/contract/errors';
import { failureTitle } from '../common/remoteFailure';

export interface Feedback {
  id: number;
  severity: 'success' | 'info' | 'warning' | 'error';
  message: string;
  /** The instance a failure is about, so that it can go once the instance works again. */
  about?: string;
}

interface FeedbackState {
  queue: Feedback[];
  show: (severity: Feedback['severity'], message: string, about?: string) => void;
  showError: (error: RosterErrorData) => void;
  dismiss: (id: number) => void;
  /** Drops the failures about an instance that works again: they would tell of a problem now gone. */
  settle: (about: string) => void;
}

let nextId = 1;

/** Messages for the snackbar, shown one after another. */
export const useFeedback = create<FeedbackState>()((set, get) => ({
  queue: [],
  show: (severity, message, about) =>
    set({ queue: [...get().queue, { id: nextId++, severity, message, ...(about ? { about } : {}) }] }),
  showError: (error) => {
    const title = failureTitle(error);
    get().show('error', title ? `${title}: ${error.message}` : error.message);
  },
  dismiss: (id) => set({ queue: get().queue.filter((item) => item.id !== id) }),
  settle: (about) => {
    const { queue } = get();
    if (queue.some((item) => item.about === about))
      set({ queue: queue.filter((item) => item.about !== about) });
  },
}));
