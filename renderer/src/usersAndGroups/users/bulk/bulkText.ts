import type { BulkAction, BulkStatus } from '../../../../../shared/domain/bulk';
import { ROLE_LABELS } from '../../../../../shared/domain/roles';

const GROUPED = new Intl.NumberFormat('en-US');

/**
 * "2,345": the same grouping wherever a count is shown. One formatter, made once: toLocaleString
 * makes a new one each call, and the selection bar counts on every keystroke's render.
 */
export const count = (value: number): string => GROUPED.format(value);

/** "1 user", "2,345 users". */
export const usersCount = (value: number): string => `${count(value)} ${value === 1 ? 'user' : 'users'}`;

/** What the starter knows that the job's action does not carry: a group's name, say. */
export interface ActionContext {
  groupName?: string;
}

const groupOf = (context: ActionContext) => context.groupName ?? 'the group';

/** The dialog's title: the action, as a command. */
export function actionTitle(action: BulkAction, context: ActionContext = {}): string {
  switch (action.kind) {
    case 'enable':
      return 'Enable users';
    case 'disable':
      return 'Disable users';
    case 'delete':
      return 'Delete users';
    case 'setRole':
      return `Set role: ${ROLE_LABELS[action.role]}`;
    case 'addToGroup':
      return `Add to ${groupOf(context)}`;
    case 'removeFromGroup':
      return `Remove from ${groupOf(context)}`;
    case 'resetPassword':
      return 'Reset passwords';
    case 'resendInvitation':
      return 'Send new invites';
  }
}

/** What is under way, in words: "Disabling 2,345 users". */
export function actionInProgress(action: BulkAction, total: number, context: ActionContext = {}): string {
  const users = usersCount(total);
  switch (action.kind) {
    case 'enable':
      return `Enabling ${users}`;
    case 'disable':
      return `Disabling ${users}`;
    case 'delete':
      return `Deleting ${users}`;
    case 'setRole':
      return `Giving ${users} the role ${ROLE_LABELS[action.role]}`;
    case 'addToGroup':
      return `Adding ${users} to ${groupOf(context)}`;
    case 'removeFromGroup':
      return `Removing ${users} from ${groupOf(context)}`;
    case 'resetPassword':
      return `Resetting the passwords of ${users}`;
    case 'resendInvitation':
      return `Sending new invites to ${users}`;
  }
}

/** What one user's change came to, for the snackbar after a job of one: "anna was deleted." */
export function doneToOne(action: BulkAction, username: string, context: ActionContext = {}): string {
  switch (action.kind) {
    case 'enable':
      return `${username} was enabled.`;
    case 'disable':
      return `${username} was disabled.`;
    case 'delete':
      return `${username} was deleted.`;
    case 'setRole':
      return `${username} now has the role ${ROLE_LABELS[action.role]}.`;
    case 'addToGroup':
      return `${username} was added to ${groupOf(context)}.`;
    case 'removeFromGroup':
      return `${username} was removed from ${groupOf(context)}.`;
    case 'resetPassword':
      return `The password of ${username} was reset.`;
    case 'resendInvitation':
      return `A new invite was made for ${username}.`;
  }
}

/** "2,300 changed, 40 already so, 5 refused": every part, so that a zero reads as a zero. */
export const outcomeCounts = (status: Pick<BulkStatus, 'changed' | 'unchanged' | 'refused'>): string =>
  `${count(status.changed)} changed, ${count(status.unchanged)} already so, ${count(status.refused)} refused`;

/** How the job ended, before the counts. */
export function endingText(status: BulkStatus): string {
  switch (status.state) {
    case 'cancelled':
      return `Cancelled after ${count(status.processed)} of ${usersCount(status.total)}; the rest were left as they were.`;
    case 'failed':
      return `Stopped after ${count(status.processed)} of ${usersCount(status.total)}: ${(status.error ?? 'an error').replace(/\.$/, '')}.`;
    default:
      return status.total === 0 ? 'No user was selected any more.' : `Done: ${usersCount(status.total)}.`;
  }
}
