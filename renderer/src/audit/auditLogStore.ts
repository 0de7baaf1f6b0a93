import { create } from 'zustand';
import type { AuditEntry } from '../../../shared/domain/audit';
import { NO_FILTERS, type AuditFilterDraft } from './auditFilters';

interface AuditLogState {
  /** The instance whose Audit log is open. */
  openFor: string | undefined;
  filters: AuditFilterDraft;
  /** The entry whose details show, kept as it was read. */
  selected: AuditEntry | undefined;
  open: (instanceId: string) => void;
  close: () => void;
  setFilters: (change: Partial<AuditFilterDraft>) => void;
  select: (entry: AuditEntry | undefined) => void;
}

/** The Audit log dialog: which instance's, narrowed how, and the entry read. Each opening starts afresh. */
export const useAuditLog = create<AuditLogState>()((set) => ({
  openFor: undefined,
  filters: NO_FILTERS,
  selected: undefined,
  open: (instanceId) => set({ openFor: instanceId, filters: NO_FILTERS, selected: undefined }),
  close: () => set({ openFor: undefined, selected: undefined }),
  setFilters: (change) => set((state) => ({ filters: { ...state.filters, ...change } })),
  select: (selected) => set({ selected }),
}));
