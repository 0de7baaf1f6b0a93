import type { z } from 'zod';
import { RosterError } from '../../../../shared/contract/errors';
import { DEFAULT_ROLE, type Role } from '../../../../shared/domain/roles';
import { enabledOfCell, roleOfCell, type ImportRow } from '../../../../shared/domain/userImport';
import {
  DisplayNameSchema,
  EmailSchema,
  GroupNameSchema,
  UsernameSchema,
  uniqueKey,
} from '../../../../shared/domain/userRules';
import { groupsOfCell } from '../../../../shared/domain/usersCsv';
import { all, get, type Work } from '../../../database/portable/steps';
import { assertKeysSuit } from '../rules/apiKeyRules';
import type { UserRow } from '../rules/userRows';
import { apiKeysOfUser } from './apiKeysTable';

/**
 * How an import reads a row and judges it against the directory, written once for both storages:
 * the pure rules, and the plan as portable work (run it with runOnSqlite / runOnPostgres).
 */

/** The caller's rights as the plan checks them (both directories' accounts have them). */
export interface PlanRights {
  assertMayManage: (user: Pick<UserRow, 'username' | 'role'>) => void;
  assertMayGrant: (role: Role) => void;
}
/** What a row asks for once its cells are read: an empty cell asks for nothing. */
export interface RowFields {
  username: string;
  displayName?: string;
  email?: string;
  role?: Role;
  enabled?: boolean;
  /** As the file spells them, each once. */
  groups: string[];
}

export interface UserChangeSet {
  displayName?: string;
  email?: string;
  role?: Role;
  enabled?: boolean;
}

/** What a row would do to the directory as it is now. */
export type RowPlan =
  | {
      kind: 'create';
      fields: { username: string; displayName: string; email: string; role: Role; enabled: boolean };
      groups: string[];
    }
  | { kind: 'update'; user: UserRow; changes: UserChangeSet; addGroups: string[]; labels: string[] }
  | { kind: 'unchanged'; user: UserRow };

const refused = (message: string): RosterError => new RosterError('INVALID_INPUT', message);

/** A cell checked by a field's rule; the rule's own message, named after the column, refuses the row. */
function checked<T>(schema: z.ZodType<T, string>, value: string, column: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw refused(`${column}: ${result.error.issues[0]?.message ?? 'not valid.'}`);
}

const given = (cell: string | undefined): string | undefined =>
  cell === undefined || cell.trim() === '' ? undefined : cell;

/** The row's cells read by the rules every form and request follows. */
export function readRow(row: ImportRow): RowFields {
  const username = checked(UsernameSchema, row.username, 'Username');
  const fields: RowFields = { username, groups: [] };
  const displayName = given(row.displayName);
  if (displayName !== undefined) fields.displayName = checked(DisplayNameSchema, displayName, 'Display name');
  const email = given(row.email);
  if (email !== undefined) fields.email = checked(EmailSchema, email, 'Email');
  const role = given(row.role);
  if (role !== undefined) {
    fields.role = roleOfCell(role);
    if (fields.role === undefined)
      throw refused(
        `Role: "${role.trim()}" is not a role (use Administrator, User manager, Auditor, User or API user).`,
      );
  }
  const enabled = given(row.enabled);
  if (enabled !== undefined) {
    fields.enabled = enabledOfCell(enabled);
    if (fields.enabled === undefined) throw refused(`Enabled: "${enabled.trim()}" is neither yes nor no.`);
  }
  const groups = given(row.groups);
  if (groups !== undefined) {
    const names = groupsOfCell(groups).map((name) => checked(GroupNameSchema, name, 'Groups'));
    const keys = new Set<string>();
    fields.groups = names.filter((name) => !keys.has(uniqueKey(name)) && keys.add(uniqueKey(name)));
  }
  return fields;
}

export const userByKey = (key: string): Work<UserRow | undefined> =>
  get<UserRow>('SELECT * FROM users WHERE username_key = ?', key);

function* groupKeysOfUser(userId: number): Work<Set<string>> {
  const rows = yield* all<{ name_key: string }>(
    'SELECT g.name_key FROM memberships m JOIN groups g ON g.id = m.group_id WHERE m.user_id = ?',
    userId,
  );
  return new Set(rows.map((row) => row.name_key));
}

/**
 * What the row would do now, or why it may not: a user the caller may not manage, a role they may
 * not give, a role the user's API keys do not suit, a new user without a display name or email.
 * Whether an Administrator would remain is the caller's to judge (adminLeaves), since it depends
 * on the rows before this one.
 */
export function* planRow(accounts: PlanRights, fields: RowFields): Work<RowPlan> {
  const user = yield* userByKey(uniqueKey(fields.username));
  if (!user) {
    if (fields.displayName === undefined) throw refused('A new user needs a display name.');
    if (fields.email === undefined) throw refused('A new user needs an email address.');
    const role = fields.role ?? DEFAULT_ROLE;
    accounts.assertMayGrant(role);
    return {
      kind: 'create',
      fields: {
        username: fields.username,
        displayName: fields.displayName,
        email: fields.email,
        role,
        enabled: fields.enabled ?? true,
      },
      groups: fields.groups,
    };
  }
  accounts.assertMayManage(user);
  const changes: UserChangeSet = {};
  const labels: string[] = [];
  if (fields.displayName !== undefined && fields.displayName !== user.display_name) {
    changes.displayName = fields.displayName;
    labels.push('display name');
  }
  if (fields.email !== undefined && fields.email !== user.email) {
    changes.email = fields.email;
    labels.push('email');
  }
  if (fields.role !== undefined && fields.role !== user.role) {
    accounts.assertMayGrant(fields.role);
    assertKeysSuit(fields.role, yield* apiKeysOfUser(user.id));
    changes.role = fields.role;
    labels.push('role');
  }
  if (fields.enabled !== undefined && fields.enabled !== (user.enabled === 1)) {
    changes.enabled = fields.enabled;
    labels.push(fields.enabled ? 'enabled' : 'disabled');
  }
  const held = fields.groups.length === 0 ? new Set<string>() : yield* groupKeysOfUser(user.id);
  const addGroups = fields.groups.filter((name) => !held.has(uniqueKey(name)));
  if (addGroups.length > 0) labels.push('groups');
  return labels.length === 0
    ? { kind: 'unchanged', user }
    : { kind: 'update', user, changes, addGroups, labels };
}

/** Whether the plan takes an enabled Administrator away (disabled, or given another role). */
export const adminLeaves = (plan: RowPlan): boolean =>
  plan.kind === 'update' &&
  plan.user.role === 'administrator' &&
  plan.user.enabled === 1 &&
  ((plan.changes.role !== undefined && plan.changes.role !== 'administrator') ||
    plan.changes.enabled === false);

/** Whether the plan makes an enabled Administrator that was not one. */
export function adminArrives(plan: RowPlan): boolean {
  if (plan.kind === 'create') return plan.fields.role === 'administrator' && plan.fields.enabled;
  if (plan.kind !== 'update') return false;
  const role = plan.changes.role ?? plan.user.role;
  const enabled = plan.changes.enabled ?? plan.user.enabled === 1;
  return (
    role === 'administrator' && enabled && !(plan.user.role === 'administrator' && plan.user.enabled === 1)
  );
}

/** Where the file first names each username: a later row naming it again is a duplicate. */
export function firstLines(rows: readonly ImportRow[]): Map<string, number> {
  const first = new Map<string, number>();
  for (const row of rows) {
    const key = uniqueKey(row.username.trim());
    if (!first.has(key)) first.set(key, row.line);
  }
  return first;
}

/** Refuses a row whose username an earlier row of the file named. */
export function assertFirst(first: ReadonlyMap<string, number>, row: ImportRow, username: string): void {
  const line = first.get(uniqueKey(username));
  if (line !== undefined && line !== row.line)
    throw new RosterError('CONFLICT', `Line ${line} already names ${username}: this row is a duplicate.`);
}

export const groupByKey = (key: string): Work<{ id: number; name: string } | undefined> =>
  get<{ id: number; name: string }>('SELECT id, name FROM groups WHERE name_key = ?', key);
