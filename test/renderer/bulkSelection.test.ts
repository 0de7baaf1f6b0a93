import { describe, expect, it } from 'vitest';
import type { BulkSecret } from '../../shared/domain/bulk';
import { BULK_MAX } from '../../shared/domain/directory';
import {
  EveryUserBut,
  isSelected,
  listingFilters,
  NOTHING_SELECTED,
  requestSelection,
  selectedCount,
  toggled,
  type ListSelection,
} from '../../renderer/src/usersAndGroups/users/bulk/selection';
import {
  mailOutcome,
  secretsCsv,
  secretsText,
} from '../../renderer/src/usersAndGroups/users/bulk/secretsText';

/**
 * The users list's bulk selection (ids, or every user the filters match less some) as it becomes a
 * bulk request, and the one-time passwords or links as the summary hands them on.
 */

const FILTERS = {
  query: 'corp',
  status: 'enabled',
  locked: false,
  mustChangePassword: false,
  noGroup: false,
} as const;
const matching = (total: number, except: number[] = []): ListSelection => ({
  kind: 'matching',
  filters: FILTERS,
  total,
  except: new Set(except),
});

describe('a selection', () => {
  it('counts and answers for users by id', () => {
    const selection: ListSelection = { kind: 'ids', ids: new Set([3, 5]) };
    expect(selectedCount(selection)).toBe(2);
    expect([3, 4, 5].map((id) => isSelected(selection, id))).toEqual([true, false, true]);
    expect(toggled(new Set([3, 5]), 5)).toEqual(new Set([3]));
    expect(toggled(new Set([3]), 5)).toEqual(new Set([3, 5]));
  });

  it('counts every matching user but the unticked, and ticks rows never loaded', () => {
    const selection = matching(2_345, [7, 9]);
    expect(selectedCount(selection)).toBe(2_343);
    expect(isSelected(selection, 7)).toBe(false);
    expect(isSelected(selection, 123_456)).toBe(true);
    const drawn = new EveryUserBut(new Set([7]));
    expect([drawn.has(7), drawn.has(8), drawn.has(99_999)]).toEqual([false, true, true]);
  });

  it('becomes the request the instance takes, or nothing when there is nothing to send', () => {
    expect(requestSelection(NOTHING_SELECTED)).toBeUndefined();
    expect(requestSelection({ kind: 'ids', ids: new Set([1, 2]) })).toEqual({ kind: 'ids', userIds: [1, 2] });
    const tooMany = new Set(Array.from({ length: BULK_MAX + 1 }, (_, index) => index + 1));
    expect(requestSelection({ kind: 'ids', ids: tooMany })).toBeUndefined();
    expect(requestSelection(matching(10, [4]))).toEqual({ kind: 'matching', filters: FILTERS, except: [4] });
    expect(requestSelection(matching(2, [1, 2]))).toBeUndefined();
  });

  it('carries the list’s text and filters, a group by its id', () => {
    expect(
      listingFilters('ann', {
        status: 'disabled',
        locked: true,
        mustChangePassword: false,
        noGroup: false,
        role: 'auditor',
        group: { id: 12, name: 'Ops' },
      }),
    ).toEqual({
      query: 'ann',
      status: 'disabled',
      locked: true,
      mustChangePassword: false,
      noGroup: false,
      role: 'auditor',
      groupId: 12,
    });
  });
});

describe('one-time secrets handed on', () => {
  const passwords: BulkSecret[] = [
    { userId: 1, username: 'ann', temporaryPassword: 'p"a,ss\nword' },
    { userId: 2, username: 'bo', temporaryPassword: '=SUM(A1)' },
  ];

  it('as CSV: every field quoted, quotes doubled, CRLF line ends, exactly as generated', () => {
    expect(secretsCsv(passwords)).toBe(
      '"Username","Temporary password","Expires at"\r\n' +
        '"ann","p""a,ss\nword",""\r\n' +
        '"bo","=SUM(A1)",""\r\n',
    );
    const links: BulkSecret[] = [
      {
        userId: 3,
        username: 'cy',
        link: 'https://x.example/invite/abc',
        expiresAt: '2030-01-01T00:00:00.000Z',
      },
    ];
    expect(secretsCsv(links).split('\r\n')[0]).toBe('"Username","Invitation link","Expires at"');
  });

  const mailed: BulkSecret[] = [
    { userId: 4, username: 'di', link: 'https://x.example/invite/d', email: { state: 'sent' } },
    {
      userId: 5,
      username: 'ed',
      link: 'https://x.example/invite/e',
      email: { state: 'failed', error: 'The mail could not be sent (550): copy the link instead.' },
    },
    { userId: 6, username: 'flo', link: 'https://x.example/invite/f', email: { state: 'pending' } },
  ];

  it('say how their mails went: how many were sent, which failed and why, which never went', () => {
    expect(mailOutcome(passwords)).toBeUndefined();
    expect(mailOutcome(mailed)).toEqual({
      asked: 3,
      sent: 1,
      failed: [{ username: 'ed', error: 'The mail could not be sent (550): copy the link instead.' }],
      unsent: 1,
    });
    expect(secretsCsv(mailed).split('\r\n').slice(0, 4)).toEqual([
      '"Username","Invitation link","Expires at","Email"',
      '"di","https://x.example/invite/d","","Emailed"',
      '"ed","https://x.example/invite/e","","Not emailed: The mail could not be sent (550): copy the link instead."',
      '"flo","https://x.example/invite/f","","Not emailed (the work stopped first)"',
    ]);
  });

  it('as text for the clipboard: a line each, tab-separated', () => {
    expect(secretsText(passwords)).toBe('ann\tp"a,ss\nword\nbo\t=SUM(A1)');
  });
});
