import { describe, expect, it, vi, type Mock } from 'vitest';
import { z } from 'zod';
import type { Logger } from '../../electron/common/logger';
import { createDispatcher } from '../../electron/rpc/dispatcher';
import { channelNames, contract, type ChannelName, type Contract, type InputOf } from '../../shared/contract';
import type { Handlers } from '../../shared/contract/channel';
import { RosterErrorSchema, type Result, type RosterErrorData } from '../../shared/contract/errors';
import type { AuditFilters } from '../../shared/domain/audit';
import { IMPORT_FILE_MAX_CHARS } from '../../shared/domain/userImport';

const INSTANCE_ID = '6f1c2a55-3d0e-4b8e-9f6a-2f1d7c9b0a11';
const PAGE = { query: 'ann', status: 'enabled', offset: 0, limit: 50 } as const;
/** An Idempotency-Key a caller made up for one create (a UUID). */
const IDEMPOTENCY_KEY = '2b9e4c1a-77f3-4d2e-8a61-0c5d9f3e7b42';

/** A pin in the shape the contract takes (the service checks that it is a certificate of this fingerprint). */
const PIN = {
  fingerprint: Array.from({ length: 32 }, () => 'AB').join(':'),
  pem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
};

/** Every filter of the audit log, so that each is fuzzed. */
const AUDIT_FILTERS: AuditFilters = {
  from: '2030-01-01T00:00:00.000Z',
  to: '2030-02-01T00:00:00+01:00',
  actor: 'api:owner',
  target: { type: 'user', id: 1 },
  kinds: ['users', 'signIn'],
  actions: ['group.create'],
  text: 'disabled',
};

/**
 * One valid input per channel, with every optional field filled in so that it
 * is fuzzed too. Every malformed input below is built from these, so a channel
 * added to the contract must get an example here.
 */
const validExamples: { [C in ChannelName]: InputOf<C> } = {
  'app.info': {},
  'app.openLogsFolder': {},
  'instances.list': {},
  'instances.addLocal': { name: 'Accounts', mode: 'open', file: 'instances/accounts.sqlite' },
  'instances.addRemote': {
    name: 'Production',
    url: 'https://integrate.example.com:8443',
    username: 'owner',
    password: 'owner-password',
    timeoutSeconds: 10,
    trustedCertificate: PIN,
  },
  'instances.editRemote': {
    id: INSTANCE_ID,
    name: 'Production',
    url: 'https://integrate.example.com:8443',
    username: 'owner',
    password: 'new-password',
    timeoutSeconds: 30,
    trustedCertificate: PIN,
  },
  'instances.testConnection': {
    id: INSTANCE_ID,
    url: 'https://integrate.example.com',
    username: 'owner',
    password: 'owner-password',
    timeoutSeconds: 5,
    trustedCertificate: PIN,
  },
  'instances.changePassword': {
    id: INSTANCE_ID,
    url: 'https://integrate.example.com',
    username: 'owner',
    password: 'temporary-password',
    newPassword: 'chosen-password',
    timeoutSeconds: 5,
    trustedCertificate: PIN,
  },
  'instances.trustCertificate': { id: INSTANCE_ID, certificate: PIN },
  'instances.forgetCertificate': { id: INSTANCE_ID },
  'instances.connect': { id: INSTANCE_ID },
  'instances.disconnect': { id: INSTANCE_ID },
  'instances.rename': { id: INSTANCE_ID, name: 'Staging' },
  'instances.remove': { id: INSTANCE_ID },
  'preferences.get': {},
  'preferences.setTheme': { theme: 'dark' },
  'preferences.setUserColumns': { columns: ['lastSignIn', 'created'] },
  'preferences.setExpandedInstances': { instanceIds: [INSTANCE_ID] },
  'preferences.noteCommandRun': { command: 'instance.usersAndGroups' },
  'preferences.setRecentInstances': { instanceIds: [INSTANCE_ID] },
  'directory.status': { instanceId: INSTANCE_ID },
  'directory.overview': { instanceId: INSTANCE_ID },
  'directory.users.search': { instanceId: INSTANCE_ID, page: PAGE },
  'directory.users.get': { instanceId: INSTANCE_ID, userId: 1 },
  'directory.users.nextUsername': { instanceId: INSTANCE_ID },
  'directory.users.create': {
    instanceId: INSTANCE_ID,
    user: {
      username: 'ann',
      password: 'secret1',
      displayName: 'Ann Lee',
      email: 'ann@example.com',
      enabled: true,
      role: 'apiUser',
    },
    idempotencyKey: IDEMPOTENCY_KEY,
  },
  'directory.users.update': {
    instanceId: INSTANCE_ID,
    userId: 1,
    changes: { password: 'secret2', displayName: 'Ann Lee', email: 'ann@example.org', enabled: false },
    ifVersion: 4,
  },
  'directory.users.setEnabled': { instanceId: INSTANCE_ID, userId: 1, enabled: false, ifVersion: 4 },
  'directory.users.delete': { instanceId: INSTANCE_ID, userIds: [1, 2] },
  'directory.users.setGroups': { instanceId: INSTANCE_ID, userId: 1, groupIds: [3, 4], ifVersion: 4 },
  'directory.users.access': { instanceId: INSTANCE_ID, userId: 1 },
  'directory.users.setRole': { instanceId: INSTANCE_ID, userId: 1, role: 'auditor', ifVersion: 4 },
  'directory.users.unlock': { instanceId: INSTANCE_ID, userId: 1 },
  'directory.users.resetPassword': {
    instanceId: INSTANCE_ID,
    userId: 1,
    reset: { password: 'temporary1' },
    ifVersion: 4,
  },
  'directory.users.invite': {
    instanceId: INSTANCE_ID,
    invitation: {
      username: 'bea',
      displayName: 'Bea Ray',
      email: 'bea@example.com',
      role: 'auditor',
      expiresInHours: 48,
      sendEmail: true,
    },
    idempotencyKey: IDEMPOTENCY_KEY,
  },
  'directory.users.resendInvitation': {
    instanceId: INSTANCE_ID,
    userId: 1,
    terms: { expiresInHours: 24, sendEmail: false },
  },
  'directory.users.sessions': { instanceId: INSTANCE_ID, userId: 1 },
  'directory.users.endSessions': { instanceId: INSTANCE_ID, userId: 1 },
  'directory.settings.passwordPolicy': { instanceId: INSTANCE_ID },
  'directory.settings.setPasswordPolicy': {
    instanceId: INSTANCE_ID,
    policy: { minLength: 10, maxLength: 64, require: ['digit', 'upper'], notUsername: true },
  },
  'directory.groups.search': { instanceId: INSTANCE_ID, page: PAGE },
  'directory.groups.get': { instanceId: INSTANCE_ID, groupId: 3 },
  'directory.groups.create': {
    instanceId: INSTANCE_ID,
    group: { name: 'admins', description: 'Who runs the instance' },
    idempotencyKey: IDEMPOTENCY_KEY,
  },
  'directory.groups.update': {
    instanceId: INSTANCE_ID,
    groupId: 3,
    changes: { name: 'staff' },
    ifVersion: 4,
  },
  'directory.groups.delete': { instanceId: INSTANCE_ID, groupId: 3, ifVersion: 4 },
  'directory.groups.deleteMany': { instanceId: INSTANCE_ID, groupIds: [3, 4] },
  'directory.groups.members': { instanceId: INSTANCE_ID, groupId: 3, page: PAGE },
  'directory.groups.addMembers': { instanceId: INSTANCE_ID, groupId: 3, userIds: [1] },
  'directory.groups.removeMembers': { instanceId: INSTANCE_ID, groupId: 3, userIds: [1] },
  'directory.tokens.generate': { instanceId: INSTANCE_ID, userId: 1, idempotencyKey: IDEMPOTENCY_KEY },
  'directory.tokens.read': { instanceId: INSTANCE_ID, userId: 1 },
  'directory.tokens.revoke': { instanceId: INSTANCE_ID, userId: 1 },
  'directory.bulk.start': {
    instanceId: INSTANCE_ID,
    request: {
      action: { kind: 'resendInvitation', expiresInHours: 48, sendEmail: true },
      selection: { kind: 'ids', userIds: [1, 2] },
    },
  },
  'directory.bulk.status': { instanceId: INSTANCE_ID, jobId: '0b6f1a52-3f0e-4c1e-9d5a-2f7a1c9e8b40' },
  'directory.bulk.cancel': { instanceId: INSTANCE_ID, jobId: '0b6f1a52-3f0e-4c1e-9d5a-2f7a1c9e8b40' },
  'directory.keys.list': { instanceId: INSTANCE_ID, userId: 1 },
  'directory.keys.create': {
    instanceId: INSTANCE_ID,
    userId: 1,
    key: { name: 'deploy', scope: 'read', expiresInDays: 30 },
    idempotencyKey: IDEMPOTENCY_KEY,
  },
  'directory.keys.read': { instanceId: INSTANCE_ID, userId: 1, keyId: 1 },
  'directory.keys.revoke': { instanceId: INSTANCE_ID, userId: 1, keyId: 1 },
  'directory.export.prepare': {
    instanceId: INSTANCE_ID,
    request: {
      filters: {
        query: 'ann',
        status: 'enabled',
        locked: false,
        mustChangePassword: false,
        role: 'auditor',
        groupId: 3,
        noGroup: false,
      },
      sort: 'created',
      direction: 'desc',
      columns: ['username', 'groups', 'lastSignIn'],
    },
  },
  'directory.import.read': { instanceId: INSTANCE_ID, fileName: 'users.csv', text: 'Username\nada\n' },
  'directory.import.preview': {
    instanceId: INSTANCE_ID,
    fileId: '0b6f1a52-3f0e-4c1e-9d5a-2f7a1c9e8b40',
    mapping: { username: 0, email: 1 },
    options: { newUsers: 'invite', expiresInHours: 72, sendEmail: true },
  },
  'directory.import.start': {
    instanceId: INSTANCE_ID,
    fileId: '0b6f1a52-3f0e-4c1e-9d5a-2f7a1c9e8b40',
    mapping: { username: 0 },
    options: { newUsers: 'temporaryPassword', expiresInHours: 1, sendEmail: false },
  },
  'directory.import.status': { instanceId: INSTANCE_ID, jobId: '0b6f1a52-3f0e-4c1e-9d5a-2f7a1c9e8b40' },
  'directory.import.cancel': { instanceId: INSTANCE_ID, jobId: '0b6f1a52-3f0e-4c1e-9d5a-2f7a1c9e8b40' },
  'directory.import.refusedRows': {
    instanceId: INSTANCE_ID,
    fileId: '0b6f1a52-3f0e-4c1e-9d5a-2f7a1c9e8b40',
    refusals: [{ line: 2, reason: 'Email: Enter a valid email address.' }],
  },
  'directory.audit.page': {
    instanceId: INSTANCE_ID,
    request: { filters: AUDIT_FILTERS, before: 120, limit: 50 },
  },
  'directory.audit.export': { instanceId: INSTANCE_ID, request: { filters: AUDIT_FILTERS, format: 'jsonl' } },
  'directory.audit.verify': { instanceId: INSTANCE_ID },
  'directory.audit.retention': { instanceId: INSTANCE_ID },
  'directory.audit.setRetention': { instanceId: INSTANCE_ID, retention: { days: 90 } },
};

const HUGE_TEXT = 'x'.repeat(100_000);
const HUGE_LIST_LENGTH = 100_000;
const EXTRA_KEY = 'unexpectedExtra';
const wrongTypes: readonly [string, unknown][] = [
  ['a number', 42],
  ['a string', 'hello'],
  ['an array', [1, 2, 3]],
  ['an object', { nested: true }],
  ['null', null],
  ['undefined', undefined],
  ['a boolean', true],
];
/** Fields where null is a value, not a wrong type: a key that never expires. */
const NULLABLE: ReadonlySet<string> = new Set([
  'directory.keys.create key.expiresInDays',
  // Keep every entry.
  'directory.audit.setRetention retention.days',
]);
/** A whole file's text, long by nature: refused only beyond its own limit. */
const FILE_TEXTS: ReadonlySet<string> = new Set(['directory.import.read text']);
const TOO_LONG_FILE = 'x'.repeat(IMPORT_FILE_MAX_CHARS + 1);
const nonFiniteNumbers = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

type Path = readonly (string | number)[];
type Kind = 'array' | 'null' | 'object' | 'string' | 'number' | 'boolean' | 'other';

const kindOf = (value: unknown): Kind => {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  const type = typeof value;
  return type === 'object' || type === 'string' || type === 'number' || type === 'boolean' ? type : 'other';
};

const hasExample = (name: string): name is ChannelName => Object.hasOwn(validExamples, name);

function exampleFor(name: string): Record<string, unknown> {
  if (!hasExample(name))
    throw new Error(`contractFuzz.test.ts has no valid example input for channel "${name}"`);
  return structuredClone(validExamples[name]);
}

/** Every value inside `value` (not `value` itself), with its path. */
function nodesOf(value: unknown, path: Path = []): { path: Path; value: unknown }[] {
  const children: [string | number, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : kindOf(value) === 'object'
      ? Object.entries(value as Record<string, unknown>)
      : [];
  return children.flatMap(([key, child]) => [
    { path: [...path, key], value: child },
    ...nodesOf(child, [...path, key]),
  ]);
}

const REMOVE = Symbol('remove');

/** A copy of `root` with the value at `path` replaced, or removed. */
function withAt(root: Record<string, unknown>, path: Path, value: unknown): Record<string, unknown> {
  const copy = structuredClone(root);
  let parent: unknown = copy;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[key];
  const last = path[path.length - 1];
  if (last === undefined) throw new Error('empty path');
  const container = parent as Record<string | number, unknown>;
  if (value === REMOVE) Reflect.deleteProperty(container, last);
  else container[last] = value;
  return copy;
}

const fieldName = (path: Path) => path.map(String).join('.');
const parentIsObject = (example: Record<string, unknown>, path: Path) => {
  let parent: unknown = example;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[key];
  return kindOf(parent) === 'object';
};

type Spy = Mock<(input: unknown) => unknown>;

function spyDispatcher() {
  const spies = Object.fromEntries(
    channelNames.map((name) => [name, vi.fn<(input: unknown) => unknown>(() => null)]),
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
  expect(result.error.message.length).toBeGreaterThan(0);
  // A refusal never echoes a huge input back across the boundary.
  expect(result.error.message.length).toBeLessThan(500);
  return result.error;
}

/** Dispatches `input` to `name` and checks it was refused as INVALID_INPUT with no handler run. */
async function refusedInput(name: ChannelName, input: unknown): Promise<RosterErrorData> {
  const { dispatch, expectNoHandlerCalled } = spyDispatcher();
  const error = refusal(await dispatch(name, input), 'INVALID_INPUT');
  expectNoHandlerCalled();
  return error;
}

// The generated cases tolerate a missing example, so that the table check is what reports it.
const examplesWithNodes = channelNames
  .filter(hasExample)
  .map((name) => ({ name, nodes: nodesOf(exampleFor(name)) }));
const nodeCases = examplesWithNodes.flatMap(({ name, nodes }) =>
  nodes.map(({ path, value }) => [name, fieldName(path), path, value] as const),
);
const isRequired = (name: ChannelName, path: Path) =>
  !contract[name].input.safeParse(withAt(exampleFor(name), path, REMOVE)).success;
const requiredCases = nodeCases.filter(
  ([name, , path]) => parentIsObject(exampleFor(name), path) && isRequired(name, path),
);
const stringCases = nodeCases.filter(([, , , value]) => kindOf(value) === 'string');
const numberCases = nodeCases.filter(([, , , value]) => kindOf(value) === 'number');
const listCases = nodeCases.filter(([, , , value]) => kindOf(value) === 'array');
const objectCases = nodeCases.filter(([, , , value]) => kindOf(value) === 'object');

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
      expect(Object.keys(exampleFor(name)).sort()).toEqual(Object.keys(schema.shape).sort());
  });

  it('generates cases of every kind (the contract has such fields today)', () => {
    for (const cases of [requiredCases, stringCases, numberCases, listCases, objectCases])
      expect(cases.length).toBeGreaterThan(0);
  });
});

describe.each(channelNames)('channel %s refuses malformed input before any handler runs', (name) => {
  // An object is the right type for a whole input; objects are fuzzed by key below.
  it.each(wrongTypes.filter(([, value]) => kindOf(value) !== 'object'))(
    'input is %s',
    async (_label, input) => {
      const error = await refusedInput(name, input);
      // The whole input is wrong, so there is no single field to point at.
      expect(error.field).toBeUndefined();
    },
  );

  it('input has an extra unknown field', async () => {
    const error = await refusedInput(name, { ...exampleFor(name), [EXTRA_KEY]: 'surprise' });
    expect(error.message).toContain(EXTRA_KEY);
    expect([undefined, EXTRA_KEY]).toContain(error.field);
  });

  it('input carries an own __proto__ key', async () => {
    // JSON.parse makes "__proto__" an own key, as a payload from the wire would.
    const input = Object.assign(
      JSON.parse('{"__proto__":{"polluted":true}}') as Record<string, unknown>,
      exampleFor(name),
    );
    await refusedInput(name, input);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('field by field', () => {
  it.each(requiredCases)(
    '%s without its required field "%s" is refused naming it',
    async (name, field, path) => {
      const error = await refusedInput(name, withAt(exampleFor(name), path, REMOVE));
      expect(error.field).toBe(field);
    },
  );

  it.each(nodeCases)(
    '%s with a wrongly typed "%s" is refused naming it',
    async (name, field, path, original) => {
      const nullable = NULLABLE.has(`${name} ${field}`);
      if (nullable)
        expect(contract[name].input.safeParse(withAt(exampleFor(name), path, null)).success).toBe(true);
      for (const [, wrong] of wrongTypes) {
        if (kindOf(wrong) === kindOf(original) || wrong === undefined || (nullable && wrong === null))
          continue;
        const error = await refusedInput(name, withAt(exampleFor(name), path, wrong));
        expect(error.field).toBe(field);
      }
    },
  );

  it.each(stringCases)('%s with a 100,000-character "%s" is refused naming it', async (name, field, path) => {
    if (FILE_TEXTS.has(`${name} ${field}`)) {
      expect(contract[name].input.safeParse(withAt(exampleFor(name), path, HUGE_TEXT)).success).toBe(true);
      const error = await refusedInput(name, withAt(exampleFor(name), path, TOO_LONG_FILE));
      expect(error.field).toBe(field);
      return;
    }
    const error = await refusedInput(name, withAt(exampleFor(name), path, HUGE_TEXT));
    expect(error.field).toBe(field);
  });

  it.each(numberCases)('%s with a non-finite "%s" is refused naming it', async (name, field, path) => {
    for (const number of nonFiniteNumbers) {
      const error = await refusedInput(name, withAt(exampleFor(name), path, number));
      expect(error.field).toBe(field);
    }
  });

  it.each(listCases)(
    '%s with 100,000 items in "%s" is refused naming it',
    async (name, field, path, original) => {
      const item: unknown = (original as unknown[])[0] ?? 1;
      const error = await refusedInput(
        name,
        withAt(exampleFor(name), path, Array<unknown>(HUGE_LIST_LENGTH).fill(item)),
      );
      expect(error.field).toBe(field);
    },
  );

  it.each(objectCases)(
    '%s with an extra key inside "%s" is refused naming it',
    async (name, field, path, original) => {
      const error = await refusedInput(
        name,
        withAt(exampleFor(name), path, { ...(original as Record<string, unknown>), [EXTRA_KEY]: 1 }),
      );
      expect(error.message).toContain(EXTRA_KEY);
      expect([field, `${field}.${EXTRA_KEY}`]).toContain(error.field);
    },
  );
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
    'directory',
    HUGE_TEXT,
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

describe('search texts', () => {
  // A NUL matches no stored name, and neither SQLite's full-text queries nor PostgreSQL's text take one.
  it.each([
    ['directory.users.search', ['page', 'query']],
    ['directory.groups.search', ['page', 'query']],
    ['directory.audit.page', ['request', 'filters', 'text']],
    ['directory.audit.page', ['request', 'filters', 'actor']],
  ] as const)('%s refuses a NUL in %j, saying why', async (name, path) => {
    const error = await refusedInput(name, withAt(exampleFor(name), path, 'ann\u0000lee'));
    expect(error.message).toContain('A search cannot contain a NUL character.');
    expect(error.field).toBe(path.join('.'));
  });
});
