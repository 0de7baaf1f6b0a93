import { create } from 'zustand';

export interface ConfirmRequest {
  title: string;
  message: string;
  confirmLabel: string;
  destructive?: boolean;
}

interface ConfirmState {
  pending: (ConfirmRequest & { resolve: (confirmed: boolean) => void }) | undefined;
  /** Shows a confirmation and resolves to the admin's answer. */
  ask: (request: ConfirmRequest) => Promise<boolean>;
  answer: (confirmed: boolean) => void;
}

export const useConfirm = create<ConfirmState>()((set, get) => ({
  pending: undefined,
  ask: (request) =>
    new Promise((resolve) => {
      get().pending?.resolve(false);
      set({ pending: { ...request, resolve } });
    }),
  answer(confirmed) {
    get().pending?.resolve(confirmed);
    set({ pending: undefined });
  },
}));
