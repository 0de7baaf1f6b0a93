import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ROOT } from '../support/builtApp';

// js-yaml is what electron-builder reads its own YAML with, so it is installed with it.
const { load } = createRequire(import.meta.url)('js-yaml') as { load: (text: string) => unknown };

const Step = z.object({
  name: z.string().optional(),
  uses: z.string().optional(),
  run: z.string().optional(),
  with: z.record(z.string(), z.unknown()).optional(),
  env: z.record(z.string(), z.unknown()).optional(),
});
const Workflow = z.object({
  jobs: z.record(
    z.string(),
    z.object({
      'runs-on': z.string(),
      env: z.record(z.string(), z.unknown()).optional(),
      steps: z.array(Step),
    }),
  ),
});

const text = readFileSync(path.join(ROOT, '.github/workflows/desktop.yml'), 'utf8');
const workflow = Workflow.parse(load(text));
const [job] = Object.values(workflow.jobs);
const steps = job?.steps ?? [];
const commands = steps.flatMap((step) => (step.run === undefined ? [] : [step.run]));
const indexOfCommand = (pattern: RegExp) => commands.findIndex((command) => pattern.test(command));

describe('the desktop workflow (.github/workflows/desktop.yml)', () => {
  it('runs on a hosted Linux machine with Node 22', () => {
    expect(job?.['runs-on']).toBe('ubuntu-latest');
    const setupNode = steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
    expect(String(setupNode?.with?.['node-version'])).toMatch(/^22/);
  });

  it('installs with the Electron binary, and better-sqlite3 built for it', () => {
    expect(indexOfCommand(/^npm ci\b/m)).toBeGreaterThanOrEqual(0);
    expect(text).not.toContain('ELECTRON_SKIP_BINARY_DOWNLOAD');
    expect(indexOfCommand(/node scripts\/fetch-electron-native\.mjs/)).toBeGreaterThan(
      indexOfCommand(/^npm ci\b/m),
    );
  });

  it('builds, then runs the Electron suite on a virtual display with a keychain', () => {
    const suite = indexOfCommand(/playwright test --project electron\b/);
    expect(suite).toBeGreaterThan(indexOfCommand(/^npm run build$/m));
    expect(commands[suite]).toMatch(/^xvfb-run\b.*scripts\/with-keyring\.sh/);
  });

  it('then runs the installed app’s test against the packaged app', () => {
    const packaged = steps.findIndex((step) => /packagedApp\.spec\.ts/.test(step.run ?? ''));
    expect(packaged).toBeGreaterThan(steps.findIndex((step) => /^npm run package\b/m.test(step.run ?? '')));
    expect(steps[packaged]?.env?.ROSTER_PACKAGED_APP).toBe('release/linux-unpacked/roster');
    expect(steps[packaged]?.run).toMatch(/^xvfb-run\b.*scripts\/with-keyring\.sh/m);
  });

  it('makes the Linux installers after the suite and keeps them as artifacts', () => {
    const packaging = indexOfCommand(/^npm run package\b/m);
    expect(packaging).toBeGreaterThan(indexOfCommand(/playwright test --project electron\b/));
    const upload = steps.find(
      (step) => step.uses?.startsWith('actions/upload-artifact@') && step.with?.name === 'roster-linux',
    );
    expect(String(upload?.with?.path)).toMatch(/release\/\*\.AppImage/);
    expect(String(upload?.with?.path)).toMatch(/release\/\*\.deb/);
  });
});
