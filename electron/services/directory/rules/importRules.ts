import type { BulkSecret } from '../../../../shared/domain/bulk';
import type { GroupId, UserId } from '../../../../shared/domain/directory';
import {
  IMPORT_CHUNK,
  IMPORT_PASSWORD_CHUNK,
  type ImportOptions,
  type ImportRefusal,
  type ImportStatus,
} from '../../../../shared/domain/userImport';
import type { JobProgress } from '../jobStore';
import { userCreateEntry } from './directoryAudit';
import { inviteEntry, type LifecycleEntry } from './lifecycleAudit';
import { createdFields, userChange, type UserRow } from './userRows';

/** What every entry an import writes says it was part of. */
export const IMPORT_NOTE = 'From an import.';

/** New users with temporary passwords are mostly hashing: their chunks are smaller. */
export const importChunkSize = (options: ImportOptions): number =>
  options.newUsers === 'temporaryPassword' ? IMPORT_PASSWORD_CHUNK : IMPORT_CHUNK;

/** An import's first status, before any chunk. */
export const importStarted = (options: ImportOptions): Omit<ImportStatus, keyof JobProgress | 'secrets'> => ({
  options,
  created: 0,
  updated: 0,
  unchanged: 0,
  refused: 0,
  refusals: [],
  groupsCreated: [],
});

/** What one chunk of an import came to, row by row. */
export interface ImportChunk {
  created: number;
  updated: number;
  unchanged: number;
  refusals: ImportRefusal[];
  secrets: BulkSecret[];
  groupsCreated: string[];
}

export const emptyImportChunk = (): ImportChunk => ({
  created: 0,
  updated: 0,
  unchanged: 0,
  refusals: [],
  secrets: [],
  groupsCreated: [],
});

/** Told only once the chunk committed: a chunk rolled back whole reports nothing it undid. */
export function addImportChunk(status: ImportStatus, done: ImportChunk): void {
  status.created += done.created;
  status.updated += done.updated;
  status.unchanged += done.unchanged;
  status.refused += done.refusals.length;
  status.refusals.push(...done.refusals);
  status.secrets.push(...done.secrets);
  status.groupsCreated.push(...done.groupsCreated);
}

export const importGroupCreateEntry = (id: GroupId, name: string): LifecycleEntry => ({
  action: 'group.create',
  targetType: 'group',
  targetId: id,
  after: { name, description: '' },
  detail: IMPORT_NOTE,
});

export const importGroupsEntry = (
  userId: UserId,
  groups: { before: string[]; after: string[] },
  joined: GroupId[],
): LifecycleEntry => ({
  action: 'user.groups',
  targetType: 'user',
  targetId: userId,
  before: { groups: groups.before },
  after: { groups: groups.after },
  detail: IMPORT_NOTE,
  related: { type: 'group', ids: joined },
});

/** A new user, with a temporary password or (with `expiresAt`) invited. */
export const importCreateEntry = (row: UserRow, expiresAt?: string): LifecycleEntry => ({
  ...(expiresAt === undefined ? userCreateEntry(row) : inviteEntry(row.id, createdFields(row), expiresAt)),
  detail: IMPORT_NOTE,
});

/** A user's changed fields; null when none changed. */
export function importUpdateEntry(
  before: UserRow,
  after: UserRow,
  tokenRevoked: boolean,
): LifecycleEntry | null {
  const change = userChange(before, after);
  return (
    change && {
      ...change,
      targetType: 'user',
      targetId: before.id,
      detail: tokenRevoked ? `${IMPORT_NOTE} Its generated token pair was revoked.` : IMPORT_NOTE,
    }
  );
}
