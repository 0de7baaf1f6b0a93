import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, migrate, migrations, schemaVersion } from '../../../electron/database/migrations';
import { APPLICATION_ID } from '../../../electron/database/openDatabase';
import { recordAudit } from '../../../electron/services/directory/local/auditLog';
import { AuditPageRequestSchema } from '../../../shared/domain/audit';
import { openAuditDirectory } from '../audit/support/auditFile';
import { useTempDirs } from '../directory/support/tempDirs';

/**
 * Migration 0100 (the audit chain): the entries a file holds already are kept as they were, given
 * their target's name (from the target, or from the entry itself once the target is gone), chained
 * in id order, and indexed for the log's filters, text included; the next entry chains to them.
 */

const { tempDir, onCleanup } = useTempDirs();

const BEFORE = Math.max(
  ...migrations.map((migration) => migration.version).filter((version) => version < 100),
);

function fileBefore0100(): string {
  const file = path.join(tempDir('roster-migration-'), 'instance.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`application_id = ${APPLICATION_ID}`);
  migrate(db, BEFORE);
  db.exec(`
    INSERT INTO users (id, username, username_key, display_name, email, password_hash, enabled, search_text,
      created_at, updated_at, role)
      VALUES (1, 'Ann', 'ann', 'Ann Lee', 'ann@example.com', 'hash', 1, 'ann', 't', 't', 'user');
    INSERT INTO groups (id, name, name_key, created_at) VALUES (1, 'Ops', 'ops', 't');
    INSERT INTO audit_log (id, at, actor, action, target_type, target_id, before, after) VALUES
      (1, '2029-01-01T00:00:00.000Z', 'local:owner', 'user.create', 'user', 1, NULL, '{"username":"Ann","displayName":"Ann Lee"}'),
      (2, '2029-01-02T00:00:00.000Z', 'local:owner', 'group.create', 'group', 1, NULL, '{"name":"Ops"}'),
      (3, '2029-01-03T00:00:00.000Z', 'api:Zoë', 'user.delete', 'user', 7, '{"username":"Gone","displayName":"Ex Employee"}', NULL),
      (4, '2029-01-04T00:00:00.000Z', 'local:owner', 'instance.passwordPolicy', 'instance', NULL, '{"minLength":8}', '{"minLength":12}');
  `);
  db.close();
  return file;
}

describe('0100-audit-chain', () => {
  it(`opens a file at version ${BEFORE} with its entries kept, named, chained and searchable`, async () => {
    const file = fileBefore0100();
    const { db, directory } = openAuditDirectory(file, { mode: 'open' });
    onCleanup(() => directory.close());
    expect(LATEST_VERSION).toBeGreaterThanOrEqual(100);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);

    const page = await directory.auditPage(AuditPageRequestSchema.parse({}));
    expect(
      page.entries.map(({ id, actor, action, targetName, actorId, source, detail }) => ({
        id,
        actor,
        action,
        targetName,
        actorId,
        source,
        detail,
      })),
    ).toEqual([
      {
        id: 4,
        actor: 'local:owner',
        action: 'instance.passwordPolicy',
        targetName: null,
        actorId: null,
        source: null,
        detail: null,
      },
      {
        id: 3,
        actor: 'api:Zoë',
        action: 'user.delete',
        targetName: 'Gone',
        actorId: null,
        source: null,
        detail: null,
      },
      {
        id: 2,
        actor: 'local:owner',
        action: 'group.create',
        targetName: 'Ops',
        actorId: null,
        source: null,
        detail: null,
      },
      {
        id: 1,
        actor: 'local:owner',
        action: 'user.create',
        targetName: 'Ann',
        actorId: null,
        source: null,
        detail: null,
      },
    ]);
    expect(page.entries[1]?.before).toEqual({ username: 'Gone', displayName: 'Ex Employee' });
    expect(await directory.verifyAudit()).toEqual({ checked: 4, firstBroken: null, prunedThrough: null });

    // Each filter reads the migrated entries through its index.
    const ids = async (filters: object) =>
      (await directory.auditPage(AuditPageRequestSchema.parse({ filters }))).entries.map((entry) => entry.id);
    expect(await ids({ text: 'ex empl' })).toEqual([3]);
    expect(await ids({ text: 'ZOË' })).toEqual([3]);
    expect(await ids({ text: '12' })).toEqual([4]);
    expect(await ids({ actor: 'local:owner', kinds: ['groups', 'users'] })).toEqual([2, 1]);
    expect(await ids({ target: { type: 'user', id: 7 } })).toEqual([3]);
    expect(await ids({ from: '2029-01-02T00:00:00.000Z', to: '2029-01-04T00:00:00.000Z' })).toEqual([3, 2]);
    const indexes = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log'")
      .pluck()
      .all();
    expect(indexes).toEqual(
      expect.arrayContaining([
        'audit_log_by_actor',
        'audit_log_by_action',
        'audit_log_by_at',
        'audit_log_by_target',
      ]),
    );
    expect(() => db.exec("INSERT INTO audit_fts (audit_fts) VALUES ('integrity-check')")).not.toThrow();

    // The next entry chains to the migrated ones.
    db.transaction(() =>
      recordAudit(db, '2029-02-01T00:00:00.000Z', {
        actor: 'local:owner',
        action: 'user.disable',
        targetType: 'user',
        targetId: 1,
      }),
    ).immediate();
    expect(await directory.verifyAudit()).toEqual({ checked: 5, firstBroken: null, prunedThrough: null });
    expect(await ids({ text: 'user.disable' })).toEqual([5]);
  });

  it('opens a file with an empty log, whose first entry chains to genesis', async () => {
    const file = path.join(tempDir('roster-migration-'), 'instance.sqlite');
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    old.pragma(`application_id = ${APPLICATION_ID}`);
    migrate(old, BEFORE);
    old.close();
    const { db, directory } = openAuditDirectory(file, { mode: 'open' });
    onCleanup(() => directory.close());
    expect(await directory.verifyAudit()).toEqual({ checked: 0, firstBroken: null, prunedThrough: null });
    db.transaction(() =>
      recordAudit(db, '2029-02-01T00:00:00.000Z', {
        actor: 'local:owner',
        action: 'user.disable',
        targetType: 'user',
        targetId: 1,
      }),
    ).immediate();
    expect(await directory.verifyAudit()).toEqual({ checked: 1, firstBroken: null, prunedThrough: null });
  });
});
