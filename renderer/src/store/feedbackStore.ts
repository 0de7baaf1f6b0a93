import { create } from 'zustand';
import type { RosterErrorData } from '../../../shared/contract/errors';
import { failureTitle } from '../common/remoteFailure';

export interface Feedback {
  id: number;
  severity: 'success' | 'info' | 'warning' | 'error';
  message: string;
}

interface FeedbackState {
  queue: Feedback[];
  show: (severity: Feedback['severity'], message: string) => void;
  showError: (error: RosterErrorData) => void;
  dismiss: (id: number) => void;
}

let nextId = 1;

/** Messages for the snackbar, shown one after another. */
export const useFeedback = create<FeedbackState>()((set, get) => ({
  queue: [],
  show: (severity, message) => set({ queue: [...get().queue, { id: nextId++, severity, message }] }),
  showError: (error) => {
    const title = failureTitle(error);
    get().show('error', title ? `${title}: ${error.message}` : error.message);
  },
  dismiss: (id) => set({ queue: get().queue.filter((item) => item.id !== id) }),
}));
