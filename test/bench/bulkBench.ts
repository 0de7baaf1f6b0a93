// npm run bench:list (second part) — bulk actions on the local directory at 100,000 users.
import os from 'node:os';
import { isFinished, type BulkRequest, type BulkStatus } from '../../shared/domain/bulk';
import { report } from './measure';
import { seededLocalDirectory } from './seededLocalDirectory';

const SELECTED = 50_000;

async function main() {
  const seeded = await seededLocalDirectory('roster-bench-bulk-');
  const { db, directory } = seeded;
  try {
    // Every other user an Auditor, all enabled: the role filter then selects exactly SELECTED users.
    db.prepare("UPDATE users SET role = 'auditor', enabled = 1 WHERE id % 2 = 0").run();
    db.prepare("UPDATE users SET role = 'user', enabled = 1 WHERE id % 2 = 1").run();

    const run = async (request: BulkRequest): Promise<{ status: BulkStatus; ms: number }> => {
      const started = performance.now();
      let status = await directory.startBulk(request);
      while (!isFinished(status)) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        status = await directory.bulkStatus(status.id);
      }
      return { status, ms: performance.now() - started };
    };

    const disable = await run({
      action: { kind: 'disable' },
      selection: {
        kind: 'matching',
        filters: {
          query: '',
          status: 'any',
          role: 'auditor',
          locked: false,
          mustChangePassword: false,
          noGroup: false,
        },
        except: [],
      },
    });
    if (disable.status.changed !== SELECTED)
      throw new Error(
        `expected ${SELECTED} users disabled, got ${JSON.stringify({ ...disable.status, refusals: [] })}`,
      );
    report(`bulk disable of ${SELECTED} users (matching a filter, chunks of 500)`, disable.ms, 'ms');

    const enable = await run({
      action: { kind: 'enable' },
      selection: {
        kind: 'matching',
        filters: { query: '', status: 'disabled', locked: false, mustChangePassword: false, noGroup: false },
        except: [],
      },
    });
    report(`bulk enable of ${enable.status.changed} users`, enable.ms, 'ms');
    report(`cpus ${os.cpus().length}`, os.cpus().length, 'count');
  } finally {
    seeded.remove();
  }
}

await main();
