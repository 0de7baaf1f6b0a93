import type {
  AccessStatus,
  Invitation,
  InvitationTerms,
  NewInvitation,
  PasswordReset,
  PasswordResetResult,
  SessionInfo,
  CreateOptions,
  GroupChanges,
  GroupId,
  GroupSummary,
  KeychainStatus,
  NewUser,
  Page,
  PageRequest,
  TokenPair,
  UserChanges,
  UserDetail,
  UserId,
  UserSummary,
  WriteCondition,
} from '../../../shared/domain/directory';
import type { ApiKeyId, ApiKeyInfo, CreatedApiKey, NewApiKey } from '../../../shared/domain/apiKeys';
import type { BulkRequest, BulkStatus } from '../../../shared/domain/bulk';
import type { ImportPreview, ImportRequest, ImportStatus } from '../../../shared/domain/userImport';
import type { UserPageRequest } from '../../../shared/domain/userListing';
import type { UserExportRequest } from '../../../shared/domain/userExport';
import type { PasswordPolicy } from '../../../shared/domain/passwordPolicy';
import type { Role } from '../../../shared/domain/roles';
import type {
  AuditExportRequest,
  AuditPage,
  AuditPageRequest,
  AuditRetention,
  AuditVerification,
} from '../../../shared/domain/audit';
import type { OwnProfileChanges } from '../../../shared/api/me';
import type { InstanceOverview } from '../../../shared/domain/overview';

/**
 * One instance's users and groups. The local directory (SQLite) and the remote
 * one (REST) both implement it; the dialog's channels and the instance server's
 * routes see only this, so every rule below holds for both.
 *
 * Rules checked inside the write's own transaction:
 * - `ifVersion`: the write applies only if the resource is still at that version
 *   (else STALE, naming the version it is at);
 * - `idempotencyKey`: a create sent again with the same key answers the first
 *   result instead of creating twice (24 hours);
 * - the last enabled administrator cannot be deleted, disabled or demoted (CONFLICT).
 */
export interface Directory {
  keychainStatus: () => Promise<KeychainStatus>;
  /** The role this directory acts with: what the dialog may offer. */
  callerRole: () => Promise<Role>;

  /**
   * How many users (by state), groups and administrators the instance holds, every figure read in
   * one snapshot. For whoever may list users.
   */
  overview: () => Promise<InstanceOverview>;
  searchUsers: (request: UserPageRequest) => Promise<Page<UserSummary>>;
  /**
   * Every user a list's filters match, in its order, as CSV text in chunks (the BOM and header row
   * first): produced as the consumer reads, so memory stays flat whatever the count. A failure
   * midway throws from the iteration; the consumer must not pass what it got for the whole file.
   */
  exportUsers: (request: UserExportRequest) => AsyncIterable<string>;
  getUser: (id: UserId) => Promise<UserDetail>;
  nextUsername: () => Promise<string>;
  createUser: (user: NewUser, options?: CreateOptions) => Promise<UserDetail>;
  updateUser: (id: UserId, changes: UserChanges, condition?: WriteCondition) => Promise<UserDetail>;
  setEnabled: (id: UserId, enabled: boolean, condition?: WriteCondition) => Promise<UserDetail>;
  deleteUser: (id: UserId, condition?: WriteCondition) => Promise<void>;
  /** All or none; ids that no longer exist are skipped. Answers how many were deleted. */
  deleteUsers: (ids: readonly UserId[]) => Promise<number>;
  setUserGroups: (
    id: UserId,
    groupIds: readonly GroupId[],
    condition?: WriteCondition,
  ) => Promise<UserDetail>;

  /** The lockout of the account's sign-in to the instance server. */
  getAccess: (id: UserId) => Promise<AccessStatus>;
  /** A User manager may give, and change, only the roles below their own. */
  setRole: (id: UserId, role: Role, condition?: WriteCondition) => Promise<UserDetail>;
  unlock: (id: UserId) => Promise<AccessStatus>;
  /**
   * Sets a temporary password (the one given, or a new strong one) that the user must replace at
   * their next sign-in; their sessions end.
   */
  resetPassword: (
    id: UserId,
    reset: PasswordReset,
    condition?: WriteCondition,
  ) => Promise<PasswordResetResult>;
  /** Creates the account without a password, Invited until the one-time link is accepted. */
  inviteUser: (invitation: NewInvitation, options?: CreateOptions) => Promise<Invitation>;
  /** A new link for an Invited user; the old one stops working. */
  resendInvitation: (id: UserId, terms: InvitationTerms) => Promise<Invitation>;
  /**
   * Whether `sendEmail` can work here: the instance has a mail server for invitation links. Asked
   * before inviting, so that the dialog does not offer what the answer would only refuse.
   */
  mailsInvitations: () => Promise<boolean>;
  /** The user's sign-in sessions on the instance server, newest first. */
  listSessions: (id: UserId) => Promise<SessionInfo[]>;
  /** Signs the user out everywhere: every session ends. Answers how many did. */
  endSessions: (id: UserId) => Promise<number>;

  /** What every password set on this instance must be. */
  getPasswordPolicy: () => Promise<PasswordPolicy>;
  /** Administrators only. */
  setPasswordPolicy: (policy: PasswordPolicy) => Promise<PasswordPolicy>;

  searchGroups: (request: PageRequest) => Promise<Page<GroupSummary>>;
  getGroup: (id: GroupId) => Promise<GroupSummary>;
  createGroup: (name: string, options?: CreateOptions, description?: string) => Promise<GroupSummary>;
  updateGroup: (id: GroupId, changes: GroupChanges, condition?: WriteCondition) => Promise<GroupSummary>;
  deleteGroup: (id: GroupId, condition?: WriteCondition) => Promise<void>;
  /** All or none; ids of groups already gone are skipped. Resolves to how many were deleted. */
  deleteGroups: (ids: readonly GroupId[]) => Promise<number>;
  groupMembers: (id: GroupId, request: PageRequest) => Promise<Page<UserSummary>>;
  addMembers: (id: GroupId, userIds: readonly UserId[]) => Promise<GroupSummary>;
  removeMembers: (id: GroupId, userIds: readonly UserId[]) => Promise<GroupSummary>;

  generateToken: (userId: UserId, options?: CreateOptions) => Promise<TokenPair>;
  readToken: (userId: UserId) => Promise<TokenPair | null>;
  revokeToken: (userId: UserId) => Promise<void>;

  /**
   * One action on many users, run in chunks (each one write transaction) after this answers; the
   * status says how far it got, and which users were refused and why. Only whoever started a job
   * sees or cancels it; a finished one is kept for an hour.
   */
  startBulk: (request: BulkRequest) => Promise<BulkStatus>;
  bulkStatus: (jobId: string) => Promise<BulkStatus>;
  /** Stops before the next chunk; the status turns `cancelling`, then `cancelled`. */
  cancelBulk: (jobId: string) => Promise<BulkStatus>;

  /** What importing these rows would do now, row by row; nothing is written. */
  previewImport: (request: ImportRequest) => Promise<ImportPreview>;
  /**
   * Imports the rows as a job, in chunks (each one write transaction) after this answers; each row
   * is judged again when its chunk runs. Seen and cancelled, like a bulk job, by its starter only.
   */
  startImport: (request: ImportRequest) => Promise<ImportStatus>;
  importStatus: (jobId: string) => Promise<ImportStatus>;
  cancelImport: (jobId: string) => Promise<ImportStatus>;

  /** The user's named API keys, oldest first. */
  listApiKeys: (userId: UserId) => Promise<ApiKeyInfo[]>;
  /**
   * A new key, its value answered once and kept in this machine's keychain. Its scope and lifetime
   * must suit the user's role (apiKeyProblem); a user holds at most API_KEYS_PER_USER keys, with
   * distinct names.
   */
  createApiKey: (userId: UserId, key: NewApiKey, options?: CreateOptions) => Promise<CreatedApiKey>;
  /** The value this machine's keychain kept when the key was created here; null otherwise. */
  readApiKey: (userId: UserId, keyId: ApiKeyId) => Promise<string | null>;
  /** The key stops working at once. */
  revokeApiKey: (userId: UserId, keyId: ApiKeyId) => Promise<void>;

  /**
   * The audit log, newest first, a keyset page at a time: entries written after the first page
   * never shift the pages after it. Administrators and Auditors only.
   */
  auditPage: (request: AuditPageRequest) => Promise<AuditPage>;
  /** Every entry the filters match, newest first, as CSV or JSON Lines in chunks (like exportUsers). */
  exportAudit: (request: AuditExportRequest) => AsyncIterable<string>;
  /** Checks every entry's hash against its content and its predecessor's. */
  verifyAudit: () => Promise<AuditVerification>;
  getAuditRetention: () => Promise<AuditRetention>;
  /** Administrators only; entries older than the new limit go at once, and the pruning is itself an entry. */
  setAuditRetention: (retention: AuditRetention) => Promise<AuditRetention>;

  close: () => void;
}

/**
 * What a signed-in account does to itself, whatever its role (the instance server's /api/me):
 * only over an instance file, where the directory knows which user the caller is.
 */
export interface SelfService {
  getOwnProfile: () => Promise<UserDetail>;
  updateOwnProfile: (changes: OwnProfileChanges, condition?: WriteCondition) => Promise<UserDetail>;
  /**
   * The caller has proved the current password already (the sign-in service counts failures).
   * Refused when the user may not reset their own password, unless a reset requires it.
   */
  setOwnPassword: (password: string) => Promise<void>;
}
