import { describe, expect, it, vi, type Mock } from 'vitest';
import { z } from 'zod';
import type { Logger } from '../../electron/common/logger';
import { createDispatcher } from '../../electron/rpc/dispatcher';
import { channelNames, contract, type ChannelName, type Contract, type InputOf } from '../../shared/contract';
import type { Handlers } from '../../shared/contract/channel';
import { RosterErrorSchema, type Result, type RosterErrorData } from '../../shared/contract/errors';

/**
 * One valid input per channel. Every malformed input below is built from
 * these, so a channel added to the contract must get an example here.
 */
const validExamples: { [C in ChannelName]: InputOf<C> } = {
  'app.info': {},
  'instances.list': {},
  'instances.rename': { id: '6f1c2a55-3d0e-4b8e-9f6a-2f1d7c9b0a11', name: 'Staging' },
  'instances.remove': { id: '6f1c2a55-3d0e-4b8e-9f6a-2f1d7c9b0a11' },
  'preferences.get': {},
  'preferences.setTheme': { theme: 'dark' },
};

const HUGE = 'x'.repeat(100_000);
const EXTRA_KEY = 'unexpectedExtra';
const wrongTypes: readonly [string, unknown][] = [
  ['a number', 42],
  ['a string', 'hello'],
  ['an array', [1, 2, 3]],
  ['null', null],
  ['undefined', undefined],
  ['a boolean', true],
];

function exampleFor(name: string): Record<string, unknown> {
  const example: unknown = (validExamples as Record<string, unknown>)[name];
  if (typeof example !== 'object' || example === null || Array.isArray(example))
    throw new Error(`contractFuzz.test.ts has no valid example input for channel "${name}"`);
  return example as Record<string, unknown>;
}

type Spy = Mock<(input: unknown) => unknown>;

function spyDispatcher() {
  const spies = Object.fromEntries(
    channelNames.map((name) => [name, vi.fn((_input: unknown) => null)]),
  ) as Record<ChannelName, Spy>;
  const logger: Logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const dispatch = createDispatcher(contract, spies as unknown as Handlers<Contract>, logger);
  const expectNoHandlerCalled = () => {
    for (const name of channelNames) expect(spies[name], name).not.toHaveBeenCalled();
  };
  return { spies, dispatch, expectNoHandlerCalled };
}

/** Asserts the result is a refusal in the contract's error shape and returns the error. */
function refusal(result: Result<unknown>, code: RosterErrorData['code']): RosterErrorData {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('unreachable');
  expect(Object.keys(result).sort()).toEqual(['error', 'ok']);
  expect(RosterErrorSchema.safeParse(result.error).success).toBe(true);
  expect(result.error.code).toBe(code);
  expect(typeof result.error.message).toBe('string');
  expect(result.error.message.length).toBeGreaterThan(0);
  // A refusal never echoes a huge input back across the boundary.
  expect(result.error.message.length).toBeLessThan(500);
  return result.error;
}

const fieldsOf = (name: string) => Object.keys(exampleFor(name));
const stringFieldsOf = (name: string) =>
  fieldsOf(name).filter((key) => typeof exampleFor(name)[key] === 'string');
const isRequired = (name: string, key: string) => {
  const { [key]: _dropped, ...rest } = exampleFor(name);
  return !contract[name as ChannelName].input.safeParse(rest).success;
};

describe('the fuzz table', () => {
  it('has a valid example for every channel in the contract, and nothing else', () => {
    expect(Object.keys(validExamples).sort()).toEqual([...channelNames].sort());
  });

  it.each(channelNames)('%s: the example is accepted and reaches only its handler, once', async (name) => {
    const { spies, dispatch } = spyDispatcher();
    const result = await dispatch(name, exampleFor(name));
    expect(result).toStrictEqual({ ok: true, value: null });
    expect(spies[name]).toHaveBeenCalledTimes(1);
    for (const other of channelNames) if (other !== name) expect(spies[other]).not.toHaveBeenCalled();
  });

  it.each(channelNames)('%s: the example names every field of the input schema', (name) => {
    const schema = contract[name].input;
    expect(schema).toBeInstanceOf(z.ZodObject);
    if (schema instanceof z.ZodObject)
      expect(fieldsOf(name).sort()).toEqual(Object.keys(schema.shape).sort());
  });
});

describe.each(channelNames)('channel %s refuses malformed input before any handler runs', (name) => {
  it.each(wrongTypes)('input is %s', async (_label, input) => {
    const { dispatch, expectNoHandlerCalled } = spyDispatcher();
    const error = refusal(await dispatch(name, input), 'INVALID_INPUT');
    // The whole input is wrong, so there is no single field to point at.
    expect(error.field).toBeUndefined();
    expectNoHandlerCalled();
  });

  it('input has an extra unknown field', async () => {
    const { dispatch, expectNoHandlerCalled } = spyDispatcher();
    const error = refusal(
      await dispatch(name, { ...exampleFor(name), [EXTRA_KEY]: 'surprise' }),
      'INVALID_INPUT',
    );
    expect(error.message).toContain(EXTRA_KEY);
    expect([undefined, EXTRA_KEY]).toContain(error.field);
    expectNoHandlerCalled();
  });

  it('input carries an own __proto__ key', async () => {
    const { dispatch, expectNoHandlerCalled } = spyDispatcher();
    // JSON.parse makes "__proto__" an own key, as a payload from the wire would.
    const input = Object.assign(
      JSON.parse('{"__proto__":{"polluted":true}}') as Record<string, unknown>,
      exampleFor(name),
    );
    refusal(await dispatch(name, input), 'INVALID_INPUT');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expectNoHandlerCalled();
  });
});

const fieldCases = channelNames.flatMap((name) => fieldsOf(name).map((field) => [name, field] as const));
const requiredFieldCases = fieldCases.filter(([name, field]) => isRequired(name, field));
const stringFieldCases = channelNames.flatMap((name) =>
  stringFieldsOf(name).map((field) => [name, field] as const),
);

describe('field by field', () => {
  it('covers at least the fields the current contract has', () => {
    // Guards the generated cases below against silently becoming empty.
    expect(requiredFieldCases.length).toBeGreaterThan(0);
    expect(stringFieldCases.length).toBeGreaterThan(0);
  });

  it.each(requiredFieldCases)(
    '%s without its required field "%s" is refused naming that field',
    async (name, field) => {
      const { dispatch, expectNoHandlerCalled } = spyDispatcher();
      const { [field]: _missing, ...input } = exampleFor(name);
      const error = refusal(await dispatch(name, input), 'INVALID_INPUT');
      expect(error.field).toBe(field);
      expectNoHandlerCalled();
    },
  );

  it.each(stringFieldCases)(
    '%s with a 100,000-character "%s" is refused naming that field',
    async (name, field) => {
      const { dispatch, expectNoHandlerCalled } = spyDispatcher();
      const error = refusal(await dispatch(name, { ...exampleFor(name), [field]: HUGE }), 'INVALID_INPUT');
      expect(error.field).toBe(field);
      expectNoHandlerCalled();
    },
  );

  it.each(fieldCases)('%s with a wrongly typed "%s" is refused naming that field', async (name, field) => {
    const original = exampleFor(name)[field];
    for (const [, wrong] of wrongTypes) {
      if (typeof wrong === typeof original || wrong === undefined) continue;
      const { dispatch, expectNoHandlerCalled } = spyDispatcher();
      const error = refusal(await dispatch(name, { ...exampleFor(name), [field]: wrong }), 'INVALID_INPUT');
      expect(error.field).toBe(field);
      expectNoHandlerCalled();
    }
  });
});

describe('unknown channels', () => {
  const unknownNames: unknown[] = [
    'nope',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'valueOf',
    '',
    ' instances.list',
    'INSTANCES.LIST',
    'instances',
    HUGE,
    123,
    null,
    undefined,
    { channel: 'instances.list' },
    ['instances.list'],
  ];

  it.each(unknownNames.map((value) => [String(value).slice(0, 30), value] as const))(
    '%s is refused as UNKNOWN_CHANNEL and calls nothing',
    async (_label, channel) => {
      const { dispatch, expectNoHandlerCalled } = spyDispatcher();
      refusal(await dispatch(channel, {}), 'UNKNOWN_CHANNEL');
      expectNoHandlerCalled();
    },
  );
});
