import { describe, expect, it } from 'vitest';
import { changedField, diffFields, itemText } from '../../renderer/src/audit/auditDiff';
import { fieldLabel, valueText } from '../../renderer/src/audit/fieldText';

/** The audit entry's before and after as the details panel shows them, field by field. */
describe('diffFields', () => {
  const before = {
    username: 'anna',
    displayName: 'Anna Adams',
    email: 'anna@example.com',
    enabled: true,
    mayResetOwnPassword: false,
  };

  it('marks the fields a change touched and leaves the others plain, in the entry’s order', () => {
    const diffs = diffFields(before, { ...before, enabled: false, passwordChanged: false });
    expect(diffs).toEqual([
      { kind: 'same', field: 'username', value: 'anna' },
      { kind: 'same', field: 'displayName', value: 'Anna Adams' },
      { kind: 'same', field: 'email', value: 'anna@example.com' },
      { kind: 'changed', field: 'enabled', before: true, after: false },
      { kind: 'same', field: 'mayResetOwnPassword', value: false },
      // Written on one side only, and off: nothing changed.
      { kind: 'same', field: 'passwordChanged', value: false },
    ]);
    expect(diffs.filter(changedField).map((diff) => diff.field)).toEqual(['enabled']);
  });

  it('shows a fact written on one side only when it says something happened', () => {
    const diffs = diffFields(before, { ...before, passwordChanged: true });
    expect(diffs.at(-1)).toEqual({
      kind: 'changed',
      field: 'passwordChanged',
      before: undefined,
      after: true,
    });
  });

  it('lists memberships as the items added and removed, the others kept', () => {
    const diffs = diffFields({ groups: ['ops', 'dev', 'qa'] }, { groups: ['dev', 'qa', 'sales', 'hr'] });
    expect(diffs).toEqual([
      { kind: 'list', field: 'groups', added: ['sales', 'hr'], removed: ['ops'], kept: ['dev', 'qa'] },
    ]);
    expect(diffs.every(changedField)).toBe(true);
  });

  it('names members by their username, and an unchanged list is no change', () => {
    const members = [
      { id: 1, username: 'anna' },
      { id: 2, username: 'bruno' },
    ];
    const diffs = diffFields({ members }, { members: [...members, { id: 3, username: 'carla' }] });
    expect(diffs).toEqual([
      { kind: 'list', field: 'members', added: ['carla'], removed: [], kept: ['anna', 'bruno'] },
    ]);
    const same = diffFields({ groups: ['a'] }, { groups: ['a'] });
    expect(same.some(changedField)).toBe(false);
  });

  it('reads an entry that records only the members added or removed', () => {
    expect(diffFields(null, { added: ['anna', 'bruno'] })).toEqual([
      { kind: 'list', field: 'added', added: ['anna', 'bruno'], removed: [], kept: [] },
    ]);
    expect(diffFields(null, { removed: ['anna'] })).toEqual([
      { kind: 'list', field: 'removed', added: [], removed: ['anna'], kept: [] },
    ]);
  });

  it('puts every field of a creation after, and of a deletion before', () => {
    expect(diffFields(null, { name: 'ops', description: '' })).toEqual([
      { kind: 'changed', field: 'name', before: undefined, after: 'ops' },
      { kind: 'changed', field: 'description', before: undefined, after: '' },
    ]);
    expect(diffFields({ username: 'anna', groups: ['ops'] }, null)).toEqual([
      { kind: 'changed', field: 'username', before: 'anna', after: undefined },
      { kind: 'list', field: 'groups', added: [], removed: ['ops'], kept: [] },
    ]);
    expect(diffFields(null, null)).toEqual([]);
  });

  it('opens nested objects into one field per part', () => {
    const diffs = diffFields(
      { policy: { minLength: 5, require: [] } },
      { policy: { minLength: 8, require: ['digit'] } },
    );
    expect(diffs).toEqual([
      { kind: 'changed', field: 'policy.minLength', before: 5, after: 8 },
      { kind: 'list', field: 'policy.require', added: ['digit'], removed: [], kept: [] },
    ]);
  });

  it('compares values that are objects without names by their content', () => {
    expect(itemText({ a: 1 })).toBe('{"a":1}');
    expect(itemText(7)).toBe('7');
    const diffs = diffFields({ limits: {} }, { limits: {} });
    expect(diffs).toEqual([{ kind: 'same', field: 'limits', value: {} }]);
  });
});

describe('fieldLabel and valueText', () => {
  it('names fields in words', () => {
    expect(fieldLabel('displayName')).toBe('Display name');
    expect(fieldLabel('email')).toBe('Email address');
    expect(fieldLabel('policy.minLength')).toBe('Policy › Min length');
    expect(fieldLabel('failedLogins')).toBe('Failed logins');
  });

  it('writes values as people read them', () => {
    expect(valueText('enabled', true)).toBe('yes');
    expect(valueText('enabled', false)).toBe('no');
    expect(valueText('role', 'userManager')).toBe('User manager');
    expect(valueText('displayName', 'administrator')).toBe('administrator');
    expect(valueText('lockedUntil', null)).toBe('none');
    expect(valueText('description', '')).toBe('(empty)');
    expect(valueText('days', 30)).toBe('30');
    expect(valueText('lockedUntil', '2026-03-12T14:05:00.000Z')).toMatch(/2026/);
    expect(valueText('lockedUntil', '2026-03-12T14:05:00.000Z')).not.toContain('T14');
  });
});
