// npm run bench:list (third part) — a 10,000-row CSV import into the local directory at 100,000 users.
import { rowsOf } from '../../electron/services/userImport/columnMapping';
import { readCsv } from '../../electron/services/userImport/csvFile';
import { isFinished } from '../../shared/domain/bulk';
import type { ImportRequest, ImportStatus } from '../../shared/domain/userImport';
import { report } from './measure';
import { sampleUser } from './seedDirectory';
import { seededLocalDirectory } from './seededLocalDirectory';

const ROWS = 10_000;
/** Of the rows: 8,000 new users, 1,500 changes to existing ones, 500 existing ones as they are. */
const NEW = 8_000;
const CHANGED = 1_500;
const DRY_RUNS = 5;

/** The file an admin would bring: a header, then one user a line, each in two groups (some new). */
function csvText(): string {
  const lines = ['Username,Display name,Email,Role,Groups,Enabled'];
  for (let index = 0; index < ROWS; index++) {
    const groups = `group-${String(index % 1_000).padStart(4, '0')};Imported ${index % 50}`;
    if (index < NEW) {
      lines.push(`imported.${index},Imported ${index},imported.${index}@example.org,User,${groups},yes`);
    } else {
      const user = sampleUser(index * 7);
      const email = index < NEW + CHANGED ? `moved.${index}@example.org` : user.email;
      lines.push(`${user.username},,${email},,,`);
    }
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

async function main() {
  const seeded = await seededLocalDirectory('roster-bench-import-');
  const { directory } = seeded;
  try {
    const readStarted = performance.now();
    const file = readCsv(csvText());
    const request: ImportRequest = {
      rows: rowsOf(file.records, { username: 0, displayName: 1, email: 2, role: 3, groups: 4, enabled: 5 }),
      options: { newUsers: 'invite', expiresInHours: 72, sendEmail: false },
    };
    report(`read and map a ${ROWS}-row CSV`, performance.now() - readStarted, 'ms');

    const dryRuns: number[] = [];
    for (let run = 0; run < DRY_RUNS; run++) {
      const started = performance.now();
      const preview = await directory.previewImport(request);
      dryRuns.push(performance.now() - started);
      if (preview.create !== NEW || preview.update !== CHANGED || preview.refused !== 0)
        throw new Error(`unexpected dry run: ${JSON.stringify({ ...preview, rows: preview.rows.length })}`);
    }
    report(`dry run of a ${ROWS}-row import (slowest of ${DRY_RUNS})`, Math.max(...dryRuns), 'ms');
    report(`dry run of a ${ROWS}-row import (fastest of ${DRY_RUNS})`, Math.min(...dryRuns), 'ms');

    const started = performance.now();
    let status: ImportStatus = await directory.startImport(request);
    while (!isFinished(status)) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      status = await directory.importStatus(status.id);
    }
    if (status.state !== 'done' || status.created !== NEW || status.updated !== CHANGED)
      throw new Error(`unexpected import: ${JSON.stringify({ ...status, secrets: status.secrets.length })}`);
    report(`apply of a ${ROWS}-row import (invitations, chunks of 500)`, performance.now() - started, 'ms');
  } finally {
    seeded.remove();
  }
}

void main();
