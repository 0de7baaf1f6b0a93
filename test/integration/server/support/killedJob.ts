import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { IMPORT_CHUNK } from '../../../../shared/domain/userImport';
import { apiClient, signIn, type ApiClient } from './api';
import { ADMIN } from './instanceFile';
import { startServer } from './serverProcess';

/** How many chunks a killed job has: enough that it is still under way when its first one is in. */
export const KILLED_CHUNKS = 20;

/**
 * Starts a job (a bulk action or an import) on a server process of its own, started with
 * `serverArgs`, and kills it (SIGKILL: no handler runs) once a chunk is in. Answers the job's id
 * and the access token that started it (a row of the instance: good on any other process).
 */
export async function killOnceUnderWay(
  serverArgs: readonly string[],
  path: string,
  body: unknown,
): Promise<{ jobId: string; token: string }> {
  const server = await startServer(serverArgs);
  try {
    const api = apiClient(server.url);
    const token = await signIn(api, ADMIN.username, ADMIN.password);
    const started = await api.call<{ id: string }>('POST', path, { token, body });
    expect(started.status).toBe(201);
    for (;;) {
      const status = await api.call<{ processed: number }>('GET', `${path}/${started.body.id}`, { token });
      if (status.body.processed > 0) return { jobId: started.body.id, token };
      await sleep(2);
    }
  } finally {
    server.child.kill('SIGKILL');
    await server.stop();
  }
}

/** An import's rows, KILLED_CHUNKS chunks of them: new invited users `killimp-00000`…, each in a group. */
export const killedImportRows = () =>
  Array.from({ length: KILLED_CHUNKS * IMPORT_CHUNK }, (_, index) => ({
    line: index + 2,
    username: `killimp-${String(index).padStart(5, '0')}`,
    displayName: `Kill import ${index}`,
    email: `killimp${index}@example.com`,
    groups: `Kill team ${index % 3}`,
  }));

/** A job's status polled on `api` until it has ended (done, cancelled or failed). */
export async function endedJob<Status extends { state: string }>(
  api: ApiClient,
  path: string,
  jobId: string,
  token: string,
): Promise<Status> {
  for (;;) {
    const answer = await api.call<Status>('GET', `${path}/${jobId}`, { token });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    if (['done', 'cancelled', 'failed'].includes(answer.body.state)) return answer.body;
    await sleep(50);
  }
}
