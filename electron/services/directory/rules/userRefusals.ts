import { RosterError } from '../../../../shared/contract/errors';

/** A new user (created or invited) whose name another user has, ignoring case. */
export const usernameTaken = (username: string): RosterError =>
  new RosterError('CONFLICT', `A user named "${username}" already exists.`, 'username');
