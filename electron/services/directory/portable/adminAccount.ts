import type { z } from 'zod';
import { RosterError } from '../../../../shared/contract/errors';
import { NewUserSchema } from '../../../../shared/domain/directory';
import { PasswordSchema, UsernameSchema } from '../../../../shared/domain/userRules';
import type { PasswordHasher } from '../../../secrets/passwordHasher';
import { auditDiff } from '../../../../shared/domain/audit';
import type { WorkRunner } from '../../../database/portable/workRunner';
import { inputError } from '../../../rpc/inputErrors';
import { findAccount, resetAdminAccount } from '../portable/accountsTable';
import { recordAuditEntry } from '../portable/auditLog';
import { readSetting } from '../portable/instanceSettingsTable';
import { deleteSessionsOfUser } from '../portable/sessionsTable';
import { deleteTokenHashes } from '../portable/tokenPairsTable';
import { getUserRow, insertUser } from '../portable/usersTable';
import { assertPolicyAllows, PASSWORD_POLICY_SETTING } from '../rules/passwordRules';
import { createdFields } from '../rules/userRows';

export interface AdminRequest {
  username: string;
  password: string;
  /** Needed only to create a user. */
  email?: string;
  displayName?: string;
}

export interface AdminDeps {
  /** The instance's file or database. */
  storage: WorkRunner;
  hasher: PasswordHasher;
  /** How the audit log names whoever ran the command, e.g. `cli:alice`. */
  actor: string;
  now?: () => Date;
}

export const DEFAULT_ADMIN_DISPLAY_NAME = 'Administrator';

/**
 * For an owner locked out of their instance: makes `username` an enabled,
 * unlocked administrator with a new password, creating the user if there is
 * none (then an email is needed). An existing user's sessions and API token
 * end, since whoever held them may be why the owner is locked out. One
 * transaction, in the audit log as `actor`.
 */
export async function createOrResetAdmin(
  deps: AdminDeps,
  request: AdminRequest,
): Promise<{ userId: number; username: string; created: boolean }> {
  const { storage, hasher, actor } = deps;
  const at = (deps.now ?? (() => new Date()))().toISOString();
  const { username, password } = checkAdminRequest(request);
  assertPolicyAllows(await storage.read(() => readSetting(PASSWORD_POLICY_SETTING)), password, username);
  const existing = await storage.read(() => findAccount(username));

  if (existing) {
    const passwordHash = await hasher.hash(password);
    await storage.write(function* () {
      yield* resetAdminAccount(existing.id, passwordHash, at);
      const sessionsEnded = yield* deleteSessionsOfUser(existing.id);
      const tokenRevoked = yield* deleteTokenHashes(existing.id);
      const change = auditDiff(
        {
          enabled: existing.enabled === 1,
          role: existing.role,
          failedLogins: existing.failed_logins,
          lockedUntil: existing.locked_until,
          mustChangePassword: existing.must_change_password === 1,
        },
        {
          enabled: true,
          role: 'administrator',
          failedLogins: 0,
          lockedUntil: null,
          mustChangePassword: false,
        },
      );
      yield* recordAuditEntry(at, {
        actor,
        action: 'user.resetAdmin',
        targetType: 'user',
        targetId: existing.id,
        targetName: existing.username,
        before: change?.before ?? {},
        after: { ...change?.after, passwordChanged: true, sessionsEnded },
        ...(tokenRevoked ? { detail: 'Its generated token pair was revoked.' } : {}),
      });
    });
    return { userId: existing.id, username: existing.username, created: false };
  }

  if (request.email === undefined) throw emailNeeded(username);
  const parsed = NewUserSchema.safeParse({
    username,
    password,
    email: request.email,
    displayName: request.displayName ?? DEFAULT_ADMIN_DISPLAY_NAME,
    enabled: true,
  });
  if (!parsed.success) throw refusal(inputError(parsed.error));
  const user = parsed.data;
  const passwordHash = await hasher.hash(user.password);
  const userId = await storage.write(function* () {
    const id = yield* insertUser({ ...user, role: 'administrator', passwordHash, now: at });
    const created = yield* getUserRow(id);
    // Read back in the transaction that inserted it: it cannot be gone.
    if (!created) throw new Error('The new administrator vanished inside its own transaction.');
    yield* recordAuditEntry(at, {
      actor,
      action: 'user.create',
      targetType: 'user',
      targetId: id,
      targetName: created.username,
      after: createdFields(created),
    });
    return id;
  });
  return { userId, username: user.username, created: true };
}

/** The username and password checked by the product's rules, before anything is opened or written. */
export function checkAdminRequest(request: AdminRequest): { username: string; password: string } {
  return {
    username: check(UsernameSchema, request.username, 'username'),
    password: check(PasswordSchema, request.password, 'password'),
  };
}

export const emailNeeded = (username: string): RosterError =>
  new RosterError('INVALID_INPUT', `There is no user ${username}: give --email to create one.`, 'email');

function check<S extends z.ZodType>(schema: S, value: unknown, field: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new RosterError('INVALID_INPUT', inputError(parsed.error).message, field);
  return parsed.data;
}

const refusal = (data: { message: string; field?: string }) =>
  new RosterError('INVALID_INPUT', data.message, data.field);
