import type {
  AccessStatus,
  GroupId,
  GroupSummary,
  KeychainStatus,
  NewUser,
  Page,
  TokenPair,
  UserChanges,
  UserDetail,
  UserId,
  UserSummary,
} from '../../../shared/domain/directory';
import type { SearchRequest } from './local/userSearch';

/**
 * One instance's users and groups. The local directory (SQLite) and the remote
 * one (REST) both implement it; the dialog's channels see only this.
 */
export interface Directory {
  keychainStatus: () => Promise<KeychainStatus>;

  searchUsers: (request: SearchRequest) => Promise<Page<UserSummary>>;
  getUser: (id: UserId) => Promise<UserDetail>;
  nextUsername: () => Promise<string>;
  createUser: (user: NewUser) => Promise<UserDetail>;
  updateUser: (id: UserId, changes: UserChanges) => Promise<UserDetail>;
  setEnabled: (id: UserId, enabled: boolean) => Promise<UserDetail>;
  deleteUsers: (ids: readonly UserId[]) => Promise<number>;
  setUserGroups: (id: UserId, groupIds: readonly GroupId[]) => Promise<UserDetail>;

  /** The sign-in side of an account (administrator flag, lockout), as the instance server uses it. */
  getAccess: (id: UserId) => Promise<AccessStatus>;
  setAdmin: (id: UserId, admin: boolean) => Promise<AccessStatus>;
  unlock: (id: UserId) => Promise<AccessStatus>;

  searchGroups: (request: SearchRequest) => Promise<Page<GroupSummary>>;
  createGroup: (name: string) => Promise<GroupSummary>;
  deleteGroup: (id: GroupId) => Promise<void>;
  groupMembers: (id: GroupId, request: SearchRequest) => Promise<Page<UserSummary>>;
  addMembers: (id: GroupId, userIds: readonly UserId[]) => Promise<GroupSummary>;
  removeMembers: (id: GroupId, userIds: readonly UserId[]) => Promise<GroupSummary>;

  generateToken: (userId: UserId) => Promise<TokenPair>;
  readToken: (userId: UserId) => Promise<TokenPair | null>;
  revokeToken: (userId: UserId) => Promise<void>;

  close: () => void;
}
