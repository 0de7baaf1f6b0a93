import { spawnSync } from 'node:child_process';

/** Runs SQL on the file with the sqlite3 shell, a process of its own, as someone editing it by hand would. */
export function sqliteShell(file: string, sql: string): string {
  const run = spawnSync('/usr/bin/sqlite3', [file, sql], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`sqlite3 failed (${run.status}): ${run.stderr}`);
  return run.stdout;
}
