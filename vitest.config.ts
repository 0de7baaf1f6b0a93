import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * The directory's suites run twice: over SQLite files, and over PostgreSQL (ROSTER_TEST_STORAGE,
 * read by test/integration/directory/support/storage.ts) in a throwaway cluster the run starts.
 */
const onBothStorages = [
  'test/integration/postgres/**/*.test.ts',
  'test/integration/directory/crud.test.ts',
  'test/integration/directory/rules.test.ts',
  'test/integration/directory/lastAdminRace.test.ts',
  'test/integration/directory/race.test.ts',
  'test/integration/directory/groupsAdmin.test.ts',
  'test/integration/directory/nextUsername.test.ts',
  'test/integration/directory/keychainTokens.test.ts',
  'test/integration/directory/idempotentCreates.test.ts',
  'test/integration/directory/ownProfile.test.ts',
  'test/integration/directory/access.test.ts',
  'test/integration/directory/keychainApiKeys.test.ts',
  'test/integration/directory/accountLifecycle.test.ts',
  'test/integration/directory/search.test.ts',
  'test/integration/directory/userExport.test.ts',
  'test/integration/directory/listing.test.ts',
  'test/integration/directory/bulkImport.test.ts',
  'test/integration/directory/jobStore.test.ts',
  'test/integration/server/bulk.test.ts',
  'test/integration/server/userImport.test.ts',
  'test/integration/server/bulkInvitationMail.test.ts',
  'test/integration/directory/overview.test.ts',
  'test/integration/audit/auditStore.test.ts',
  'test/integration/audit/auditRetention.test.ts',
  'test/integration/audit/auditTamper.test.ts',
  'test/integration/audit/auditRelated.test.ts',
  'test/integration/audit/auditRace.test.ts',
  'test/integration/audit/auditPlansPostgres.test.ts',
];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 20_000,
    // Most suites wait on child processes, PostgreSQL and the keychain as much as they compute:
    // one more worker than cores keeps the cores busy (vitest's default is one fewer).
    maxWorkers: availableParallelism() + 1,
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['test/unit/**/*.test.ts', 'test/renderer/**/*.test.ts', 'test/integration/**/*.test.ts'],
          exclude: ['test/integration/postgres/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: onBothStorages,
          env: { ROSTER_TEST_STORAGE: 'postgres' },
          globalSetup: ['test/support/postgresGlobalSetup.ts'],
        },
      },
    ],
  },
});
