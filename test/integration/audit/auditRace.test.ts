import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AuditPageRequestSchema, type AuditEntry } from '../../../shared/domain/audit';
import type { TestStorage } from '../directory/support/storage';
import { useTempDirs } from '../directory/support/tempDirs';
import { useAuditStorages } from './support/auditStorage';

/**
 * Two processes append to one instance's log at once (the app and the instance server, or two
 * server processes on one PostgreSQL database): each entry chains to the newest under the write
 * lock, so ids are unique and the chain verifies.
 */

const { tempDir } = useTempDirs();
const storages = useAuditStorages(tempDir);
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const EACH = 1000;

function startWriter(storage: TestStorage, actor: string) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(here, 'support/appendInChild.ts'),
      storage.kind,
      storage.location,
      actor,
      String(EACH),
    ],
    {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = new Promise<void>((resolve) =>
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('READY')) resolve();
    }),
  );
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
  return { ready, exited, go: () => child.stdin.end('go\n') };
}

describe('two processes writing the log at once', () => {
  it('give every entry its own id and leave a chain that verifies', async () => {
    const storage = await storages.open();
    const { directory } = storage;
    const writers = [startWriter(storage, 'api:first'), startWriter(storage, 'api:second')];
    await Promise.all(writers.map((writer) => writer.ready));
    for (const writer of writers) writer.go();
    const outcomes = await Promise.all(writers.map((writer) => writer.exited));
    for (const outcome of outcomes)
      expect(outcome, outcome.stderr).toMatchObject({
        code: 0,
        stdout: expect.stringContaining(`DONE ${EACH}`) as unknown,
      });

    expect(await directory.verifyAudit()).toEqual({
      checked: 2 * EACH,
      firstBroken: null,
      prunedThrough: null,
    });
    const entries: AuditEntry[] = [];
    let before: number | undefined;
    do {
      const page = await directory.auditPage(
        AuditPageRequestSchema.parse({ limit: 500, ...(before === undefined ? {} : { before }) }),
      );
      entries.push(...page.entries);
      before = page.next ?? undefined;
    } while (before !== undefined);
    expect(entries.map((entry) => entry.id)).toEqual(
      Array.from({ length: 2 * EACH }, (_, index) => 2 * EACH - index),
    );
    const actors = entries.map((entry) => entry.actor);
    expect(actors.filter((actor) => actor === 'api:first')).toHaveLength(EACH);
    // The two wrote at the same time, not one after the other.
    const switches = actors.filter((actor, index) => index > 0 && actor !== actors[index - 1]).length;
    expect(switches).toBeGreaterThan(1);
  }, 60_000);
});
