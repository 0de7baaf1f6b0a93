import { describe, expect, it } from 'vitest';
import { AuditFiltersSchema, auditActionKinds, type AuditActionKind } from '../../shared/domain/audit';
import { anyFilter, NO_FILTERS, requestFilters, toggledKind } from '../../renderer/src/audit/auditFilters';
import { checkRetention, retentionChanged, toRetentionDraft } from '../../renderer/src/audit/retentionDraft';
import { verificationText } from '../../renderer/src/audit/verification';

/** The Audit log's filters as the request sends them, the retention as typed, and Verify's answer in words. */
describe('requestFilters', () => {
  it('sends nothing for no filters', () => {
    expect(requestFilters(NO_FILTERS)).toEqual({});
    expect(anyFilter(NO_FILTERS)).toBe(false);
    expect(anyFilter({ ...NO_FILTERS, text: '   ' })).toBe(false);
  });

  it('combines every filter set, trimmed, in a request the contract accepts', () => {
    const filters = requestFilters({
      from: '2026-03-01',
      to: '2026-03-31',
      actor: ' api:admin ',
      target: { type: 'user', id: 7, name: 'anna' },
      kinds: ['users', 'memberships'],
      text: ' disabled ',
    });
    expect(filters).toEqual({
      from: new Date(2026, 2, 1).toISOString(),
      // The last day counts whole: up to the next day's start.
      to: new Date(2026, 3, 1).toISOString(),
      actor: 'api:admin',
      target: { type: 'user', id: 7 },
      kinds: ['users', 'memberships'],
      text: 'disabled',
    });
    expect(AuditFiltersSchema.parse(filters)).toEqual(filters);
    expect(anyFilter({ ...NO_FILTERS, kinds: ['roles'] })).toBe(true);
  });

  it('ignores a day that is not one', () => {
    expect(requestFilters({ ...NO_FILTERS, from: '2026-13', to: 'soon' })).toEqual({});
  });

  it('toggles kinds in the catalog’s order', () => {
    const order = Object.keys(auditActionKinds) as AuditActionKind[];
    const on = toggledKind(toggledKind([], 'signIn', order), 'users', order);
    expect(on).toEqual(['users', 'signIn']);
    expect(toggledKind(on, 'users', order)).toEqual(['signIn']);
  });
});

describe('retention draft', () => {
  it('keeps everything, or whole days within the contract’s range', () => {
    expect(toRetentionDraft({ days: null })).toEqual({ keepAll: true, days: '365' });
    expect(toRetentionDraft({ days: 90 })).toEqual({ keepAll: false, days: '90' });
    expect(checkRetention({ keepAll: true, days: 'x' })).toEqual({ retention: { days: null } });
    expect(checkRetention({ keepAll: false, days: ' 30 ' })).toEqual({ retention: { days: 30 } });
    for (const days of ['', '0', '1.5', '36501', 'abc'])
      expect(checkRetention({ keepAll: false, days })).toHaveProperty('error');
  });

  it('is changed only when it asks for other days', () => {
    expect(retentionChanged({ days: null }, { keepAll: true, days: '10' })).toBe(false);
    expect(retentionChanged({ days: null }, { keepAll: false, days: '10' })).toBe(true);
    expect(retentionChanged({ days: 10 }, { keepAll: false, days: '10' })).toBe(false);
  });
});

describe('verificationText', () => {
  it('says the chain is intact, and what the pruned anchor vouches for', () => {
    expect(verificationText({ checked: 1234, firstBroken: null, prunedThrough: null })).toBe(
      '1,234 entries verified, chain intact.',
    );
    expect(verificationText({ checked: 1, firstBroken: null, prunedThrough: 40 })).toBe(
      '1 entry verified, chain intact. Entries up to #40 were pruned; the chain vouches for them.',
    );
  });

  it('names the first broken entry, when, and why', () => {
    const text = verificationText({
      checked: 12,
      firstBroken: { id: 7, at: '2026-03-12T14:05:00.000Z', reason: 'its content was changed' },
      prunedThrough: null,
    });
    expect(text).toMatch(/^Entry #7 \(.*2026.*\) does not match: its content was changed$/);
  });
});
