import type { UserExportRequest } from '../../../../shared/domain/userExport';
import type { UserPageRequest } from '../../../../shared/domain/userListing';
import type { ExportedUser } from '../usersCsvWriter';
import { toUserSummary, type UserSummaryRow } from './userRows';

/** Users read and written per step: a few hundred keep memory flat and each read a few ms. */
export const EXPORT_CHUNK = 250;

/** An export's users as the list would ask for them: its filters and order (the page is unused). */
export const exportListing = (request: UserExportRequest): UserPageRequest => ({
  ...request.filters,
  sort: request.sort,
  direction: request.direction,
  offset: 0,
  limit: 1,
});

/**
 * A chunk of an export: the users of `ids` still there, in that order, each with their group
 * names (given in the order they are written).
 */
export function exportedUsers(
  ids: readonly number[],
  rows: readonly UserSummaryRow[],
  groupNames: readonly { user_id: number; name: string }[],
): ExportedUser[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const groups = new Map<number, string[]>();
  for (const { user_id: userId, name } of groupNames) {
    const names = groups.get(userId);
    if (names) names.push(name);
    else groups.set(userId, [name]);
  }
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [{ ...toUserSummary(row), groups: groups.get(id) ?? [] }] : [];
  });
}
