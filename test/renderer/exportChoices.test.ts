import { describe, expect, it } from 'vitest';
import {
  exportFiltersOf,
  initialColumns,
  toggled,
} from '../../renderer/src/usersAndGroups/users/export/exportChoices';
import { NO_FILTERS } from '../../renderer/src/usersAndGroups/users/filters/userFilters';
import { UserExportRequestSchema } from '../../shared/domain/userExport';

/** What the Export dialog offers and asks for, from the list's columns, text and chips. */

describe('the export dialog’s choices', () => {
  it('ticks the columns the list shows, and Groups, in the file’s order', () => {
    const fixed = ['username', 'displayName', 'email', 'role', 'status', 'groups'];
    expect(initialColumns([])).toEqual(fixed);
    expect(initialColumns(['created'])).toEqual([...fixed, 'created']);
    expect(initialColumns(['created', 'lastSignIn'])).toEqual([...fixed, 'lastSignIn', 'created']);
  });

  it('keeps the file’s order whatever the order of ticking', () => {
    expect(toggled(['created'], 'username')).toEqual(['username', 'created']);
    expect(toggled(['username', 'email'], 'username')).toEqual(['email']);
    expect(toggled([], 'groups')).toEqual(['groups']);
  });

  it('asks for what the list shows: its text and every chip', () => {
    const filters = exportFiltersOf('ann', {
      ...NO_FILTERS,
      status: 'invited',
      locked: true,
      role: 'auditor',
      group: { id: 7, name: 'Staff' },
    });
    const request = UserExportRequestSchema.parse({ filters, columns: ['username'] });
    expect(request.filters).toEqual({
      query: 'ann',
      status: 'invited',
      locked: true,
      mustChangePassword: false,
      noGroup: false,
      role: 'auditor',
      groupId: 7,
    });
  });
});
