import type { TestProject } from 'vitest/node';
import { startPostgresCluster, type PostgresCluster } from './postgresCluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway cluster's `postgres` database, as its superuser: tests make their own databases in it. */
    postgresUrl: string;
  }
}

let cluster: PostgresCluster | undefined;

/** One cluster for the whole run; each test file makes its own databases in it (createDatabase). */
export async function setup(project: TestProject): Promise<void> {
  cluster = await startPostgresCluster();
  project.provide('postgresUrl', cluster.url);
}

export async function teardown(): Promise<void> {
  await cluster?.stop();
}
