import type { ChannelGroup, Handlers } from '../../shared/contract/channel';
import { RosterError, type Result } from '../../shared/contract/errors';
import { seeTheLog, type Logger } from '../common/logger';
import { inputError } from './inputErrors';

export type Dispatch = (channel: unknown, input: unknown) => Promise<Result<unknown>>;

/** Calls slower than this are logged with their channel name. */
const SLOW_CALL_MS = 200;

/**
 * The one entry point for every call, whatever the transport: refuses unknown
 * channels, checks the input against the channel's schema before any service
 * code runs, and turns every outcome into data.
 */
export function createDispatcher<G extends ChannelGroup>(
  contract: G,
  handlers: Handlers<G>,
  logger: Logger,
  /** Named in the message of an unexpected failure, so that the user knows where to look. */
  logFile?: string,
): Dispatch {
  return async (channel, input) => {
    if (typeof channel !== 'string' || !Object.hasOwn(contract, channel)) {
      return {
        ok: false,
        error: { code: 'UNKNOWN_CHANNEL', message: `Unknown channel: ${String(channel).slice(0, 80)}` },
      };
    }
    const name = channel as keyof G & string;
    const definition = contract[name] as G[keyof G];
    const parsed = definition.input.safeParse(input);
    if (!parsed.success) return { ok: false, error: inputError(parsed.error) };

    const started = performance.now();
    try {
      // The schema just produced exactly the handler's input type; TypeScript cannot follow the indexing.
      const handler = handlers[name] as (input: unknown) => unknown;
      const value = await handler(parsed.data);
      return { ok: true, value };
    } catch (error) {
      if (error instanceof RosterError) return { ok: false, error: error.toData() };
      logger.error(`${name} failed`, error);
      return {
        ok: false,
        error: { code: 'INTERNAL', message: `Something went wrong on the main side; ${seeTheLog(logFile)}.` },
      };
    } finally {
      const elapsed = performance.now() - started;
      if (elapsed > SLOW_CALL_MS) logger.warn(`slow call ${name}: ${elapsed.toFixed(0)} ms`);
    }
  };
}
