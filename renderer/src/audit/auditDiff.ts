import type { AuditFields } from '../../../shared/domain/audit';

/** One field of a change, as the entry's diff shows it. */
export type FieldDiff =
  | { kind: 'same'; field: string; value: unknown }
  /** `before` or `after` is undefined when the field is on one side only (a user created, a group deleted). */
  | { kind: 'changed'; field: string; before: unknown; after: unknown }
  /** A list (groups, members) as the items it gained and lost; the others stay as they were. */
  | { kind: 'list'; field: string; added: string[]; removed: string[]; kept: string[] };

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Nested objects (a password policy's parts, say) become one field each, named by their path. */
function flatten(fields: AuditFields | null, prefix = '', into = new Map<string, unknown>()) {
  for (const [key, value] of Object.entries(fields ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(value) && Object.keys(value).length > 0) flatten(value, path, into);
    else into.set(path, value);
  }
  return into;
}

/** A list item in words: a name when it has one (a member, a group), else its value. */
export function itemText(item: unknown): string {
  if (typeof item === 'string') return item;
  if (isPlainObject(item)) {
    const name = item.username ?? item.name;
    if (typeof name === 'string') return name;
  }
  return typeof item === 'number' || typeof item === 'boolean' ? String(item) : JSON.stringify(item);
}

/** Nothing set: absent, empty, or off. A field written on one side only with such a value changed nothing. */
const isUnset = (value: unknown) =>
  value === undefined ||
  value === null ||
  value === false ||
  value === '' ||
  (Array.isArray(value) && value.length === 0);

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function listDiff(field: string, before: unknown, after: unknown): FieldDiff {
  const old = (Array.isArray(before) ? before : []).map(itemText);
  const now = (Array.isArray(after) ? after : []).map(itemText);
  const oldSet = new Set(old);
  const nowSet = new Set(now);
  return {
    kind: 'list',
    field,
    added: now.filter((item) => !oldSet.has(item)),
    removed: old.filter((item) => !nowSet.has(item)),
    kept: now.filter((item) => oldSet.has(item)),
  };
}

/**
 * An entry's before and after, field by field, in the order the entry names them: lists as items
 * added and removed, other fields changed or the same. When the entry has one side only (a user
 * created or deleted), every field is on that side.
 */
export function diffFields(before: AuditFields | null, after: AuditFields | null): FieldDiff[] {
  const old = flatten(before);
  const now = flatten(after);
  const bothSides = before !== null && after !== null;
  const fields = [...new Set([...old.keys(), ...now.keys()])];
  return fields.map((field): FieldDiff => {
    const was = old.get(field);
    const is = now.get(field);
    // An entry may record only what a change removed ({ removed: [...] }): those items went away.
    if (field.split('.').at(-1) === 'removed' && was === undefined) return listDiff(field, is, undefined);
    if (Array.isArray(was) || Array.isArray(is)) return listDiff(field, was, is);
    if (bothSides && (!old.has(field) || !now.has(field))) {
      const value = old.has(field) ? was : is;
      if (isUnset(value)) return { kind: 'same', field, value };
    }
    if (bothSides && sameValue(was, is)) return { kind: 'same', field, value: is };
    return { kind: 'changed', field, before: was, after: is };
  });
}

/** Whether a field's diff says that something changed. */
export const changedField = (diff: FieldDiff): boolean =>
  diff.kind === 'changed' || (diff.kind === 'list' && (diff.added.length > 0 || diff.removed.length > 0));
