import { create } from 'zustand';
import type { RosterErrorData } from '../../../../../shared/contract/errors';
import {
  isFinished,
  type BulkAction,
  type BulkStatus,
  type UserSelection,
} from '../../../../../shared/domain/bulk';
import { roster } from '../../../roster/roster';
import { useFeedback } from '../../../store/feedbackStore';
import { dirtyEditor, useUserEditor } from '../../userEditorStore';
import { doneToOne, type ActionContext } from './bulkText';

/** Often enough for the bar to move smoothly, seldom enough to cost the instance nothing. */
export const POLL_MS = 250;
/** A job of one user that ends sooner than this never shows the dialog: its snackbar says enough. */
const QUIET_MS = 400;

export interface BulkJob {
  instanceId: string;
  selection: UserSelection;
  status: BulkStatus;
  context: ActionContext;
  /** The user's name when the job is about one user: a clean ending is then a snackbar, not a dialog. */
  single: string | undefined;
  /** Whether the dialog shows (a job of one waits QUIET_MS first). */
  shown: boolean;
  /** Why the last status could not be read; polling stops until the admin asks again. */
  pollError: RosterErrorData | undefined;
}

export interface StartRequest {
  instanceId: string;
  action: BulkAction;
  selection: UserSelection;
  context?: ActionContext;
  single?: string;
  /** After the job ended and the list and editor were told (to clear a deleted selection, say). */
  onFinished?: (status: BulkStatus) => void;
}

interface BulkJobState {
  job: BulkJob | undefined;
  starting: boolean;
  /** Starts a job; resolves to false when the instance refused it before it began (said in a snackbar). */
  start: (request: StartRequest) => Promise<boolean>;
  /** Asks the job to stop before its next chunk. */
  cancel: () => Promise<void>;
  /** After a status could not be read: reads it again and polls on. */
  retry: () => void;
  /** Closes the summary; the job itself is over by then. */
  dismiss: () => void;
}

let onFinished: ((status: BulkStatus) => void) | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;

const mayAffect = (selection: UserSelection, userId: number) =>
  selection.kind === 'ids' ? selection.userIds.includes(userId) : !selection.except.includes(userId);

/** The editor's open user as it is after the job: reloaded when the job may have changed it. */
async function reloadOpenUser(job: BulkJob): Promise<void> {
  const editor = useUserEditor.getState();
  const open = editor.mode === 'edit' ? editor.user : undefined;
  if (!open || !mayAffect(job.selection, open.id)) return;
  const result = await roster().invoke('directory.users.get', {
    instanceId: job.instanceId,
    userId: open.id,
  });
  const now = useUserEditor.getState();
  if (now.user?.id !== open.id) return;
  if (result.ok) now.refresh(result.value);
  // Deleted by the job: the form would otherwise save into a user that is gone.
  else if (result.error.code === 'NOT_FOUND' && !dirtyEditor(now)) now.close();
}

export const useBulkJob = create<BulkJobState>()((set, get) => {
  const current = (id: string) => get().job?.status.id === id;
  const running = () => {
    const { job } = get();
    return job !== undefined && !isFinished(job.status);
  };

  const update = (id: string, changes: Partial<BulkJob>) => {
    const { job } = get();
    if (job && job.status.id === id) set({ job: { ...job, ...changes } });
  };

  const finished = (job: BulkJob) => {
    const { status } = job;
    const editor = useUserEditor.getState();
    editor.noteChange();
    // The caller's own role may have moved with a role change, if the account was in the selection.
    if (status.action.kind === 'setRole') editor.loadStatus();
    void reloadOpenUser(job);
    onFinished?.(status);
    onFinished = undefined;
    const clean = status.state === 'done' && status.refused === 0 && status.secrets.length === 0;
    if (job.single !== undefined && clean && status.total === 1) {
      set({ job: undefined });
      useFeedback
        .getState()
        .show(
          'success',
          status.changed === 1
            ? doneToOne(status.action, job.single, job.context)
            : `${job.single}: nothing to change.`,
        );
    } else {
      update(status.id, { shown: true });
    }
  };

  const poll = (id: string) => {
    timer = setTimeout(() => {
      const job = get().job;
      if (!job || !current(id)) return;
      void roster()
        .invoke('directory.bulk.status', { instanceId: job.instanceId, jobId: id })
        .then((result) => {
          if (!current(id)) return;
          if (!result.ok) return update(id, { pollError: result.error });
          update(id, { status: result.value, pollError: undefined });
          const latest = get().job;
          if (latest && isFinished(result.value)) finished(latest);
          else poll(id);
        });
    }, POLL_MS);
  };

  return {
    job: undefined,
    starting: false,

    async start(request) {
      if (get().starting || running()) return false;
      set({ starting: true });
      const result = await roster().invoke('directory.bulk.start', {
        instanceId: request.instanceId,
        request: { action: request.action, selection: request.selection },
      });
      set({ starting: false });
      if (!result.ok) {
        useFeedback.getState().showError(result.error);
        return false;
      }
      clearTimeout(timer);
      onFinished = request.onFinished;
      const job: BulkJob = {
        instanceId: request.instanceId,
        selection: request.selection,
        status: result.value,
        context: request.context ?? {},
        single: request.single,
        shown: request.single === undefined,
        pollError: undefined,
      };
      set({ job });
      const { id } = result.value;
      if (request.single !== undefined)
        setTimeout(() => {
          if (current(id) && running()) update(id, { shown: true });
        }, QUIET_MS);
      if (isFinished(result.value)) finished(job);
      else poll(id);
      return true;
    },

    async cancel() {
      const job = get().job;
      if (!job || isFinished(job.status) || job.status.state === 'cancelling') return;
      const { id } = job.status;
      // Shown at once: the answer may take until the chunk under way commits.
      update(id, { status: { ...job.status, state: 'cancelling' } });
      const result = await roster().invoke('directory.bulk.cancel', {
        instanceId: job.instanceId,
        jobId: id,
      });
      if (!current(id)) return;
      if (!result.ok) return useFeedback.getState().showError(result.error);
      // A later poll may have seen the end already; an older answer must not bring "cancelling" back.
      if (running()) update(id, { status: result.value });
    },

    retry() {
      const job = get().job;
      if (!job?.pollError) return;
      update(job.status.id, { pollError: undefined });
      poll(job.status.id);
    },

    dismiss() {
      // A running job's end must be seen, unless its status can no longer be read.
      if (running() && !get().job?.pollError) return;
      clearTimeout(timer);
      set({ job: undefined });
    },
  };
});
