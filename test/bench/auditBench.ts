// npm run bench:audit — the audit log of a local instance file with 1,000,000 entries: first pages
// unfiltered and with each filter, verify of the whole chain, and an export of 100,000 entries.
import path from 'node:path';
import { openInstanceDatabase } from '../../electron/database/openDatabase';
import { createPasswordHasher } from '../../electron/secrets/passwordHasher';
import { createLocalDirectory } from '../../electron/services/directory/local/localDirectory';
import {
  AuditExportRequestSchema,
  auditActionKinds,
  auditActions,
  AuditPageRequestSchema,
  type AuditAction,
  type AuditActionKind,
  type AuditFilters,
} from '../../shared/domain/audit';
import { makeTempDir } from '../support/tempDir';
import { report, reportPercentiles, timeEach } from './measure';
import { noKeychain } from './noKeychain';
import { ADMINS, LOCAL_ACTOR, seedAudit } from './seedAudit';
import { sampleUser } from './seedDirectory';

const ENTRIES = Number(process.env.AUDIT_BENCH_ENTRIES ?? 1_000_000);
const USERS = 5_000;
const GROUPS = 200;
const RUNS = 100;
const PAGE = 100;
const DAYS = 365;
const START = new Date('2025-01-01T00:00:00.000Z');
const DAY_MS = 86_400_000;
const dayIso = (day: number) => new Date(START.getTime() + day * DAY_MS).toISOString();
/** Days holding about 100,000 of the entries: the export's range. */
const EXPORT_DAYS = Math.round((100_000 / ENTRIES) * DAYS);

const kinds = Object.keys(auditActionKinds) as AuditActionKind[];

const targetUser = (i: number): AuditFilters => ({ target: { type: 'user', id: 1 + ((i * 53) % USERS) } });

/** Each filter alone, then a few together; sample i takes the i-th value where there are many. */
const FILTERS: Record<string, (i: number) => AuditFilters> = {
  unfiltered: () => ({}),
  'from/to (30 days, anywhere in the year)': (i) => ({
    from: dayIso((i * 3) % 330),
    to: dayIso(((i * 3) % 330) + 30),
  }),
  'from (last 7 days)': () => ({ from: dayIso(DAYS - 7) }),
  'to (first month)': () => ({ to: dayIso(30) }),
  'actor (an administrator, ~6%)': (i) => ({ actor: ADMINS[i % ADMINS.length] }),
  'actor (the local owner, ~1.5%)': () => ({ actor: LOCAL_ACTOR }),
  'actor (a signed-in user, rare)': (i) => ({ actor: `api:${sampleUser(1 + ((i * 37) % USERS)).username}` }),
  'actor (never acted)': () => ({ actor: 'api:nobody' }),
  'target user': (i) => targetUser(i),
  'target group': (i) => ({ target: { type: 'group', id: 1 + (i % GROUPS) } }),
  'kinds (each kind in turn)': (i) => ({ kinds: [kinds[i % kinds.length] as AuditActionKind] }),
  'kinds settings (rare)': () => ({ kinds: ['settings'] }),
  'kinds users + roles': () => ({ kinds: ['users', 'roles'] }),
  'actions (each action in turn)': (i) => ({
    actions: [auditActions[i % auditActions.length] as AuditAction],
  }),
  'actions user.delete (0.4%)': () => ({ actions: ['user.delete'] }),
  'text common (3+ chars)': (i) => ({
    text: ['anna', 'chen', 'group-00', 'wrong password'][i % 4],
  }),
  'text rare (a username)': (i) => ({ text: sampleUser(1 + ((i * 91) % USERS)).username }),
  'text absent': (i) => ({ text: `zzq${i}` }),
  'text 2 chars common': (i) => ({ text: ['an', 'ch', '10', 'ng'][i % 4] }),
  'text 1 char': (i) => ({ text: ['a', 'e', '7', 'z'][i % 4] }),
  'actor + kind + 30 days': (i) => ({
    actor: ADMINS[i % ADMINS.length],
    kinds: ['users'],
    from: dayIso((i * 3) % 330),
    to: dayIso(((i * 3) % 330) + 30),
  }),
  'target user + text': (i) => ({ target: { type: 'user', id: 1 + ((i * 53) % USERS) }, text: 'login' }),
  'kind signIn + text (a name)': (i) => ({
    kinds: ['signIn'],
    text: sampleUser(1 + ((i * 91) % USERS)).username,
  }),
};

async function drain(chunks: AsyncIterable<string>): Promise<number> {
  let bytes = 0;
  for await (const chunk of chunks) bytes += Buffer.byteLength(chunk);
  return bytes;
}

async function main() {
  const folder = makeTempDir('roster-audit-bench-');
  try {
    const file = path.join(folder.path, 'bench.sqlite');
    const db = openInstanceDatabase(file, { mode: 'create', nativeDir: '' });
    let started = performance.now();
    // Seeded without the log's indexes and its text index's trigger, which are made again after:
    // one sorted build each instead of 1,000,000 inserts into each.
    const deferred = db
      .prepare<[], string>(
        `SELECT sql FROM sqlite_master WHERE tbl_name = 'audit_log' AND sql IS NOT NULL
         AND (type = 'index' OR name = 'audit_fts_insert')`,
      )
      .pluck()
      .all();
    const names = db
      .prepare<[], { type: string; name: string }>(
        `SELECT type, name FROM sqlite_master WHERE tbl_name = 'audit_log' AND sql IS NOT NULL
         AND (type = 'index' OR name = 'audit_fts_insert')`,
      )
      .all();
    for (const { type, name } of names) db.exec(`DROP ${type === 'index' ? 'INDEX' : 'TRIGGER'} ${name}`);
    seedAudit(db, { entries: ENTRIES, start: START, days: DAYS, users: USERS, groups: GROUPS });
    db.transaction(() => {
      for (const sql of deferred) db.exec(sql);
      db.exec("INSERT INTO audit_fts (audit_fts) VALUES ('rebuild')");
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    report(`seed ${ENTRIES} audit entries`, performance.now() - started, 'ms');

    const directory = createLocalDirectory({
      db,
      instanceId: 'bench',
      hasher: createPasswordHasher(),
      keychain: noKeychain,
      actor: 'bench',
    });
    for (const [name, filters] of Object.entries(FILTERS)) {
      const request = (i: number) => AuditPageRequestSchema.parse({ filters: filters(i), limit: PAGE });
      // A first read warms the page cache as a user's first look would.
      await directory.auditPage(request(0));
      const samples = await timeEach(RUNS, (i) => directory.auditPage(request(i)));
      reportPercentiles(`first page of ${PAGE}, ${name}`, samples);
    }

    const pageTwo = await timeEach(RUNS, async (i) => {
      const first = await directory.auditPage(
        AuditPageRequestSchema.parse({ filters: targetUser(i), limit: PAGE }),
      );
      if (first.next !== null)
        await directory.auditPage(
          AuditPageRequestSchema.parse({
            filters: targetUser(i),
            limit: PAGE,
            before: first.next,
          }),
        );
    });
    reportPercentiles('first and second page of a target user', pageTwo);

    started = performance.now();
    const verified = await directory.verifyAudit();
    report(`verify ${verified.checked} entries`, performance.now() - started, 'ms');
    if (verified.firstBroken !== null || verified.checked !== ENTRIES)
      throw new Error(`verify found ${JSON.stringify(verified)}`);

    const exportRange = { from: dayIso(100), to: dayIso(100 + EXPORT_DAYS) };
    for (const format of ['csv', 'jsonl'] as const) {
      started = performance.now();
      let lines = 0;
      let bytes = 0;
      for await (const chunk of directory.exportAudit(
        AuditExportRequestSchema.parse({ filters: exportRange, format }),
      )) {
        bytes += Buffer.byteLength(chunk);
        for (let at = chunk.indexOf('\n'); at !== -1; at = chunk.indexOf('\n', at + 1)) lines++;
      }
      report(`export ${format} of ${EXPORT_DAYS} days (${lines} lines)`, performance.now() - started, 'ms');
      report(`export ${format} size`, bytes / 1024 / 1024, 'MiB');
    }
    started = performance.now();
    await drain(
      directory.exportAudit(
        AuditExportRequestSchema.parse({ filters: { kinds: ['settings'] }, format: 'csv' }),
      ),
    );
    report('export csv of a rare kind (whole log searched)', performance.now() - started, 'ms');
    directory.close();
  } finally {
    folder.remove();
  }
}

await main();
