import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { inputError } from '../../electron/rpc/inputErrors';
import { DisplayNameSchema, GroupNameSchema } from '../../shared/domain/userRules';

const messageOf = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? undefined : result.error.issues[0]?.message;
};

const schemas = [
  ['display name', DisplayNameSchema, 'The display name'],
  ['group name', GroupNameSchema, 'The group name'],
] as const;

// Each value is long enough for both length rules, so only the character is wrong.
const refused: readonly [string, string, RegExp][] = [
  ['a tab', 'Ann\tLee', /cannot contain control characters/],
  ['a newline', 'Ann\nLee', /cannot contain control characters/],
  ['a carriage return', 'Ann\rLee', /cannot contain control characters/],
  ['a NUL', 'Ann\u0000Lee', /cannot contain control characters/],
  ['a DEL', 'Ann\u007FLee', /cannot contain control characters/],
  ['a C1 control (U+0085)', 'Ann\u0085Lee', /cannot contain control characters/],
  ['a C1 control (U+009F)', 'Ann\u009FLee', /cannot contain control characters/],
  ['a line separator', 'Ann\u2028Lee', /cannot contain control characters/],
  ['a right-to-left override', '\u202Enimda', /cannot contain text-direction characters/],
  ['a left-to-right embedding', 'Ann\u202ALee', /cannot contain text-direction characters/],
  ['a pop directional formatting', 'Ann\u202CLee', /cannot contain text-direction characters/],
  ['a right-to-left isolate', 'Ann\u2067Lee', /cannot contain text-direction characters/],
  ['a pop directional isolate', 'Ann\u2069Lee', /cannot contain text-direction characters/],
  ['a left-to-right mark', 'Ann\u200ELee', /cannot contain text-direction characters/],
  ['a right-to-left mark', 'Ann\u200FLee', /cannot contain text-direction characters/],
  ['an Arabic letter mark', 'Ann\u061CLee', /cannot contain text-direction characters/],
  ['a zero-width space', 'ad\u200Bmins', /cannot contain invisible characters/],
  ['a byte order mark', 'ad\uFEFFmins', /cannot contain invisible characters/],
  ['a word joiner', 'ad\u2060mins', /cannot contain invisible characters/],
  ['a soft hyphen', 'ad\u00ADmins', /cannot contain invisible characters/],
  ['a lone high surrogate', 'Ann \uD800 Lee', /contains a broken character \(a lone surrogate\)/],
  ['a lone low surrogate', 'Ann \uDC00 Lee', /contains a broken character \(a lone surrogate\)/],
  ['a reversed surrogate pair', 'Ann \uDE42\uD83D Lee', /contains a broken character/],
];

describe.each(schemas)('the %s rule', (_label, schema, subject) => {
  it.each(refused)('refuses %s, saying what is wrong', (_kind, value, message) => {
    const said = messageOf(schema, value);
    expect(said).toMatch(message);
    expect(said?.startsWith(`${subject} `)).toBe(true);
  });

  it('refuses a lone surrogate that arrives through JSON', () => {
    // JSON allows an unpaired "\ud800" escape; a wire payload reaches the schemas this way.
    const value = JSON.parse('"\\ud800abc"') as unknown;
    expect(messageOf(schema, value)).toBe(`${subject} contains a broken character (a lone surrogate).`);
  });

  it('judges the trimmed value: edge whitespace is removed, not refused', () => {
    // A tab and a newline at the edges are trimmed away; the same inside stays refused above.
    expect(schema.parse('\t Ann Lee \n')).toBe('Ann Lee');
    // U+FEFF is whitespace to trim(), so it never reaches the character check from an edge.
    expect(schema.parse('\uFEFFAnn Lee')).toBe('Ann Lee');
  });

  it('refuses a control character left inside once the edges are trimmed', () => {
    expect(messageOf(schema, ' Ann\u0001 ')).toMatch(/cannot contain control characters/);
  });

  it.each([
    ['accents', 'Zoë Ångström'],
    ['Chinese', '李小龍 name'],
    ['an emoji (a surrogate pair)', 'Ana 🙂'],
    ['an emoji joined with U+200D', 'Dev 👩\u200D💻'],
    ['Persian with a zero-width non-joiner', 'می\u200Cخواهم'],
    ['Arabic, written right to left', 'سارة علي'],
    ['Hebrew', 'דנה לוי'],
  ])('accepts a name with %s', (_kind, value) => {
    expect(schema.parse(value)).toBe(value);
  });
});

describe('the length rules still apply', () => {
  it('keeps the display name length message', () => {
    expect(messageOf(DisplayNameSchema, 'Ann')).toBe('The display name must be 4 to 20 characters long.');
    expect(messageOf(DisplayNameSchema, 'x'.repeat(21))).toBe(
      'The display name must be 4 to 20 characters long.',
    );
  });

  it('keeps the group name messages', () => {
    expect(messageOf(GroupNameSchema, '   ')).toBe('Enter a group name.');
    expect(messageOf(GroupNameSchema, 'g'.repeat(65))).toBe('Use at most 64 characters.');
  });

  it('names the hidden character first when a name is also too short', () => {
    // The admin cannot see the character, so it is what needs explaining.
    expect(messageOf(DisplayNameSchema, 'A\u202EB')).toMatch(/cannot contain text-direction characters/);
  });
});

describe('inputError says which JSON type a field must be', () => {
  const schema = z.strictObject({
    displayName: DisplayNameSchema,
    userId: z.number().int(),
    enabled: z.boolean(),
    groupIds: z.array(z.number()),
    page: z.strictObject({ offset: z.number() }),
  });
  const valid = { displayName: 'Ann Lee', userId: 1, enabled: true, groupIds: [1], page: { offset: 0 } };
  const errorFor = (input: unknown) => {
    const result = schema.safeParse(input);
    if (result.success) throw new Error('expected the input to be refused');
    return inputError(result.error);
  };

  it.each([
    ['displayName', 5, 'This field must be a string.'],
    ['displayName', null, 'This field must be a string.'],
    ['userId', '1', 'This field must be a number.'],
    ['enabled', 'yes', 'This field must be true or false.'],
    ['groupIds', { 0: 1 }, 'This field must be a list.'],
    ['page', [0], 'This field must be an object.'],
  ])('%s given %j', (field, value, message) => {
    expect(errorFor({ ...valid, [field]: value })).toStrictEqual({ code: 'INVALID_INPUT', message, field });
  });

  it('names a nested field by its path', () => {
    expect(errorFor({ ...valid, page: { offset: 'first' } })).toStrictEqual({
      code: 'INVALID_INPUT',
      message: 'This field must be a number.',
      field: 'page.offset',
    });
  });

  it('still says a missing field is required', () => {
    const missing: Partial<typeof valid> = { ...valid };
    delete missing.displayName;
    expect(errorFor(missing)).toStrictEqual({
      code: 'INVALID_INPUT',
      message: 'This field is required.',
      field: 'displayName',
    });
  });

  it('speaks of the request when the whole input has the wrong type', () => {
    expect(errorFor(5)).toStrictEqual({ code: 'INVALID_INPUT', message: 'The request must be an object.' });
    expect(errorFor(undefined)).toStrictEqual({ code: 'INVALID_INPUT', message: 'The request was empty.' });
  });

  it('passes a name rule message through with its field', () => {
    expect(errorFor({ ...valid, displayName: 'Ann\u202ELee' })).toStrictEqual({
      code: 'INVALID_INPUT',
      message: 'The display name cannot contain text-direction characters (bidirectional overrides).',
      field: 'displayName',
    });
  });
});
