import { create } from 'zustand';
import type { RosterErrorData } from '../../../../../shared/contract/errors';
import { isFinished } from '../../../../../shared/domain/bulk';
import { INVITATION_HOURS_DEFAULT } from '../../../../../shared/domain/directory';
import type {
  ColumnMapping,
  ImportFile,
  ImportOptions,
  ImportPreview,
  ImportStatus,
} from '../../../../../shared/domain/userImport';
import { roster } from '../../../roster/roster';
import { POLL_MS } from '../bulk/bulkJobStore';
import { saveCsv } from '../bulk/secretsText';
import { DEFAULT_TERMS, hoursError, termsOf, type TermsDraft } from '../../invitationTerms';

/**
 * Where an import stands. Each step holds what it needs and nothing else; a step moves on only by
 * the actions below, so that no answer arriving late (a preview after the mapping changed, a status
 * after the dialog closed) lands in a step it does not belong to.
 *
 * choose → map → preview → running → finished; map and preview go back to choose or map.
 */
export type ImportStep =
  | { kind: 'closed' }
  | { kind: 'choose'; reading: boolean; error: RosterErrorData | undefined }
  | {
      kind: 'map';
      file: ImportFile;
      mapping: Partial<ColumnMapping>;
      options: NewUsersDraft;
      checking: boolean;
      error: RosterErrorData | undefined;
    }
  | {
      kind: 'preview';
      file: ImportFile;
      mapping: ColumnMapping;
      options: NewUsersDraft;
      preview: ImportPreview;
      starting: boolean;
      error: RosterErrorData | undefined;
    }
  | { kind: 'running'; file: ImportFile; status: ImportStatus; pollError: RosterErrorData | undefined }
  | { kind: 'finished'; file: ImportFile; status: ImportStatus };

/** How new users get in, as the dialog holds it: an invitation's terms as typed. */
export interface NewUsersDraft {
  newUsers: ImportOptions['newUsers'];
  terms: TermsDraft;
}

export const DEFAULT_OPTIONS: NewUsersDraft = { newUsers: 'invite', terms: DEFAULT_TERMS };

/** The options as the directory takes them; undefined while the invitations' hours are not valid. */
export function importOptionsOf(draft: NewUsersDraft): ImportOptions | undefined {
  if (draft.newUsers === 'temporaryPassword')
    return { newUsers: 'temporaryPassword', expiresInHours: INVITATION_HOURS_DEFAULT, sendEmail: false };
  if (hoursError(draft.terms.hours) !== undefined) return undefined;
  return { newUsers: 'invite', ...termsOf(draft.terms) };
}

interface ImportState {
  instanceId: string;
  step: ImportStep;
  /** After the import ended: the list and the editor read the instance again. */
  onImported: (() => void) | undefined;
  open: (instanceId: string, onImported: () => void) => void;
  close: () => void;
  read: (file: File) => Promise<void>;
  setMapping: (mapping: Partial<ColumnMapping>) => void;
  setOptions: (options: NewUsersDraft) => void;
  checkRows: () => Promise<void>;
  backToMapping: () => void;
  chooseAnother: () => void;
  apply: () => Promise<void>;
  cancel: () => Promise<void>;
  retryStatus: () => void;
  saveRefused: () => Promise<RosterErrorData | undefined>;
}

/** The mapping once it names the username's column: then the rows can be judged. */
export const completeMapping = (mapping: Partial<ColumnMapping>): ColumnMapping | undefined =>
  mapping.username === undefined ? undefined : { ...mapping, username: mapping.username };

let timer: ReturnType<typeof setTimeout> | undefined;

export const useImport = create<ImportState>()((set, get) => {
  /** The step, if it is still of this kind and about this file; else undefined. */
  const stepOf = <K extends ImportStep['kind']>(kind: K, fileId?: string) => {
    const { step } = get();
    if (step.kind !== kind) return undefined;
    const current = step as Extract<ImportStep, { kind: K }>;
    if (fileId !== undefined && 'file' in current && current.file.fileId !== fileId) return undefined;
    return current;
  };

  const jobUpdate = (jobId: string, status: ImportStatus) => {
    const running = stepOf('running');
    if (running?.status.id !== jobId) return;
    if (isFinished(status)) {
      set({ step: { kind: 'finished', file: running.file, status } });
      get().onImported?.();
    } else {
      set({ step: { ...running, status, pollError: undefined } });
      poll(jobId);
    }
  };

  const poll = (jobId: string) => {
    timer = setTimeout(() => {
      const running = stepOf('running');
      if (running?.status.id !== jobId) return;
      void roster()
        .invoke('directory.import.status', { instanceId: get().instanceId, jobId })
        .then((result) => {
          if (result.ok) return jobUpdate(jobId, result.value);
          const still = stepOf('running');
          if (still?.status.id === jobId) set({ step: { ...still, pollError: result.error } });
        });
    }, POLL_MS);
  };

  return {
    instanceId: '',
    step: { kind: 'closed' },
    onImported: undefined,

    open(instanceId, onImported) {
      clearTimeout(timer);
      set({ instanceId, onImported, step: { kind: 'choose', reading: false, error: undefined } });
    },

    close() {
      // A running import's end must be seen, unless its status can no longer be read.
      const running = stepOf('running');
      if (running && !running.pollError) return;
      clearTimeout(timer);
      set({ step: { kind: 'closed' }, onImported: undefined });
    },

    async read(file) {
      const choose = stepOf('choose');
      if (!choose || choose.reading) return;
      set({ step: { ...choose, reading: true, error: undefined } });
      const text = await file.text();
      const result = await roster().invoke('directory.import.read', {
        instanceId: get().instanceId,
        fileName: file.name,
        text,
      });
      if (!stepOf('choose')) return;
      if (!result.ok) return set({ step: { kind: 'choose', reading: false, error: result.error } });
      set({
        step: {
          kind: 'map',
          file: result.value,
          mapping: result.value.mapping,
          options: DEFAULT_OPTIONS,
          checking: false,
          error: undefined,
        },
      });
    },

    setMapping(mapping) {
      const map = stepOf('map');
      if (map && !map.checking) set({ step: { ...map, mapping, error: undefined } });
    },

    setOptions(options) {
      const map = stepOf('map');
      if (map && !map.checking) set({ step: { ...map, options } });
    },

    async checkRows() {
      const map = stepOf('map');
      const mapping = map && completeMapping(map.mapping);
      const options = map && importOptionsOf(map.options);
      if (!map || !mapping || !options || map.checking) return;
      set({ step: { ...map, checking: true, error: undefined } });
      const result = await roster().invoke('directory.import.preview', {
        instanceId: get().instanceId,
        fileId: map.file.fileId,
        mapping,
        options,
      });
      const still = stepOf('map', map.file.fileId);
      if (!still) return;
      if (!result.ok) return set({ step: { ...still, checking: false, error: result.error } });
      set({
        step: {
          kind: 'preview',
          file: map.file,
          mapping,
          options: map.options,
          preview: result.value,
          starting: false,
          error: undefined,
        },
      });
    },

    backToMapping() {
      const preview = stepOf('preview');
      if (!preview || preview.starting) return;
      const { file, mapping, options } = preview;
      set({ step: { kind: 'map', file, mapping, options, checking: false, error: undefined } });
    },

    chooseAnother() {
      const { step } = get();
      if (step.kind === 'map' || step.kind === 'preview')
        set({ step: { kind: 'choose', reading: false, error: undefined } });
    },

    async apply() {
      const preview = stepOf('preview');
      const options = preview && importOptionsOf(preview.options);
      if (!preview || !options || preview.starting) return;
      set({ step: { ...preview, starting: true, error: undefined } });
      const result = await roster().invoke('directory.import.start', {
        instanceId: get().instanceId,
        fileId: preview.file.fileId,
        mapping: preview.mapping,
        options,
      });
      const still = stepOf('preview', preview.file.fileId);
      if (!still) return;
      if (!result.ok) return set({ step: { ...still, starting: false, error: result.error } });
      clearTimeout(timer);
      set({ step: { kind: 'running', file: preview.file, status: result.value, pollError: undefined } });
      if (isFinished(result.value)) jobUpdate(result.value.id, result.value);
      else poll(result.value.id);
    },

    async cancel() {
      const running = stepOf('running');
      if (!running || running.status.state !== 'running') return;
      const jobId = running.status.id;
      // Shown at once: the answer may take until the chunk under way commits.
      set({ step: { ...running, status: { ...running.status, state: 'cancelling' } } });
      const result = await roster().invoke('directory.import.cancel', {
        instanceId: get().instanceId,
        jobId,
      });
      const still = stepOf('running');
      if (!result.ok && still?.status.id === jobId) set({ step: { ...still, pollError: result.error } });
    },

    retryStatus() {
      const running = stepOf('running');
      if (!running?.pollError) return;
      set({ step: { ...running, pollError: undefined } });
      poll(running.status.id);
    },

    async saveRefused() {
      const finished = stepOf('finished');
      if (!finished) return undefined;
      const result = await roster().invoke('directory.import.refusedRows', {
        instanceId: get().instanceId,
        fileId: finished.file.fileId,
        refusals: finished.status.refusals.map(({ line, reason }) => ({ line, reason })),
      });
      if (!result.ok) return result.error;
      saveCsv(result.value.fileName, result.value.csv);
      return undefined;
    },
  };
});
