import { describe, expect, it, vi, type Mock } from 'vitest';
import { silentLogger, type Logger } from '../../electron/common/logger';
import { createDispatcher } from '../../electron/rpc/dispatcher';
import { channelNames, contract, type ChannelName, type Contract } from '../../shared/contract';
import type { Handlers } from '../../shared/contract/channel';
import { RosterError } from '../../shared/contract/errors';

const ID = '0b6c7a2e-59a4-4f7e-8a43-1d2c3b4a5f60';
const SECRET_DETAIL = 'password=hunter2 at /home/someone/.secret';

type Spy = Mock<(input: unknown) => unknown>;

function setup(implementations: Partial<Record<ChannelName, (input: unknown) => unknown>> = {}) {
  const spies = Object.fromEntries(
    channelNames.map((name) => [
      name,
      vi.fn<(input: unknown) => unknown>(implementations[name] ?? (() => null)),
    ]),
  ) as Record<ChannelName, Spy>;
  const logger = {
    info: vi.fn<Logger['info']>(),
    warn: vi.fn<Logger['warn']>(),
    error: vi.fn<Logger['error']>(),
  };
  const dispatch = createDispatcher(contract, spies as unknown as Handlers<Contract>, logger);
  return { spies, logger, dispatch };
}

describe('createDispatcher', () => {
  it('passes the schema-parsed input to the handler and returns its value', async () => {
    const { spies, dispatch } = setup({ 'instances.rename': (input) => ({ echoed: input }) });
    const result = await dispatch('instances.rename', { id: ID, name: '  Staging  ' });
    // InstanceNameSchema trims: the handler sees the parsed form, not the raw one.
    expect(spies['instances.rename']).toHaveBeenCalledExactlyOnceWith({ id: ID, name: 'Staging' });
    expect(result).toStrictEqual({ ok: true, value: { echoed: { id: ID, name: 'Staging' } } });
  });

  it('awaits handlers that return a promise', async () => {
    const { dispatch } = setup({ 'preferences.get': () => Promise.resolve({ theme: 'light' }) });
    expect(await dispatch('preferences.get', {})).toStrictEqual({ ok: true, value: { theme: 'light' } });
  });

  it('turns a thrown RosterError into data, field included', async () => {
    const { dispatch, logger } = setup({
      'instances.rename': () => {
        throw new RosterError('CONFLICT', 'msg', 'name');
      },
    });
    const result = await dispatch('instances.rename', { id: ID, name: 'x' });
    expect(result).toStrictEqual({ ok: false, error: { code: 'CONFLICT', message: 'msg', field: 'name' } });
    // A refusal the user should read is not a failure of the main side.
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('turns a RosterError without a field into data without a field key', async () => {
    const { dispatch } = setup({
      'instances.remove': () => Promise.reject(new RosterError('NOT_FOUND', 'gone')),
    });
    const result = await dispatch('instances.remove', { id: ID });
    expect(result).toStrictEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'gone' } });
  });

  it.each([
    [
      'a thrown Error',
      () => {
        throw new Error(SECRET_DETAIL);
      },
    ],
    ['a rejected promise', () => Promise.reject(new TypeError(SECRET_DETAIL))],
    [
      'a thrown string',
      () => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- the case under test
        throw SECRET_DETAIL;
      },
    ],
  ])(
    'turns %s into INTERNAL without leaking its text or stack, and logs it',
    async (_label, implementation) => {
      const { dispatch, logger } = setup({ 'instances.list': implementation });
      const result = await dispatch('instances.list', {});
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(Object.keys(result.error)).toEqual(['code', 'message']);
      expect(result.error.code).toBe('INTERNAL');
      expect(result.error.message).not.toContain('hunter2');
      expect(result.error.message).not.toContain('.secret');
      expect(result.error.message).not.toMatch(/\n\s+at /);
      expect(JSON.stringify(result)).not.toContain('hunter2');
      expect(logger.error).toHaveBeenCalledTimes(1);
      const [message, logged] = logger.error.mock.calls[0] ?? [];
      expect(message).toContain('instances.list');
      // The log keeps what the reply left out.
      expect(String(logged instanceof Error ? logged.message : logged)).toContain('hunter2');
    },
  );

  it('names the log file in the message of an unexpected failure', async () => {
    const logFile = '/home/someone/.config/Roster/logs/roster.log';
    const dispatch = createDispatcher(
      contract,
      { 'app.info': () => Promise.reject(new Error('boom')) } as unknown as Handlers<Contract>,
      silentLogger,
      logFile,
    );
    expect(await dispatch('app.info', {})).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: `Something went wrong on the main side; see the log, ${logFile}.` },
    });
  });

  it('logs a slow call with its channel name', async () => {
    const { dispatch, logger } = setup({
      'app.info': () => new Promise((resolve) => setTimeout(() => resolve(null), 260)),
    });
    expect(await dispatch('app.info', {})).toStrictEqual({ ok: true, value: null });
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0]?.[0]).toContain('app.info');
  });

  it('does not log fast calls', async () => {
    const { dispatch, logger } = setup();
    await dispatch('app.info', {});
    expect(logger.warn).not.toHaveBeenCalled();
    expect(logger.error).not.toHaveBeenCalled();
  });
});
