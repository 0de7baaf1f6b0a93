import type { RosterBridge } from '../../../shared/contract/client';
import { ProblemSchema } from '../../../shared/api/problem';
import { errorCodes, type Result, type RosterErrorCode } from '../../../shared/contract/errors';

const RECONNECT_MS = 2000;

const unavailable: Result<never> = {
  ok: false,
  error: { code: 'UNAVAILABLE', message: 'The Roster host is not reachable. Is it still running?' },
};

/** The browser host's side of the bridge: calls are POSTs, events arrive as one server-sent stream. */
export function createHttpBridge(token: string): RosterBridge {
  const authorization = `Bearer ${token}`;
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let streaming = false;

  const deliver = (event: string, data: string) => {
    const payload: unknown = JSON.parse(data);
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };

  const stream = async () => {
    streaming = true;
    try {
      const response = await fetch('/events', { headers: { Authorization: authorization } });
      if (!response.ok || !response.body) throw new Error(`events: ${response.status}`);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const message = parseServerSentEvent(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (message) deliver(message.event, message.data);
        }
      }
    } catch {
      // The host went away or restarted; keep trying so events resume when it is back.
    }
    setTimeout(() => void stream(), RECONNECT_MS);
  };

  return {
    async invoke(channel, input) {
      let response: Response;
      try {
        response = await fetch(`/rpc/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: authorization },
          body: input === undefined ? '' : JSON.stringify(input),
        });
      } catch {
        return unavailable;
      }
      const body: unknown = await response.json().catch(() => undefined);
      if (isResult(body)) return body;
      // The host refused the call itself (its token, its size limit…): a problem+json answer.
      const problem = ProblemSchema.safeParse(body);
      if (problem.success)
        return { ok: false, error: { code: contractCode(problem.data.code), message: problem.data.detail } };
      return {
        ok: false,
        error: { code: 'INTERNAL', message: `The host answered with status ${response.status}.` },
      };
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      if (!streaming) void stream();
      return () => {
        set.delete(listener);
      };
    },
  };
}

function parseServerSentEvent(block: string): { event: string; data: string } | undefined {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event: ')) event = line.slice(7);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
  }
  return data.length > 0 ? { event, data: data.join('\n') } : undefined;
}

/** The problem's code where the contract has it; the transport's own (401, 405 …) read as refusals. */
const contractCode = (code: string): RosterErrorCode =>
  (errorCodes as readonly string[]).includes(code)
    ? (code as RosterErrorCode)
    : code === 'UNAUTHENTICATED'
      ? 'FORBIDDEN'
      : 'INVALID_INPUT';

function isResult(value: unknown): value is Result<unknown> {
  return typeof value === 'object' && value !== null && 'ok' in value && typeof value.ok === 'boolean';
}
