import type { Locator, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openContextMenuWithMouse } from '../support/navigator';
import { expect } from '../usersAndGroups/support';

/** Opens an instance's Audit log from its context menu, as a user would. */
export async function openAuditLog(page: Page, name: string) {
  const menu = await openContextMenuWithMouse(page, name);
  await menu.getByRole('menuitem', { name: 'Audit log…' }).click();
  const dialog = page.getByRole('dialog', { name: `Audit log — ${name}` });
  await expect(dialog).toBeVisible();
  return auditLog(page, dialog, name);
}

/** The Audit log's parts, found by role and name. */
export function auditLog(page: Page, dialog: Locator, name: string) {
  const list = dialog.getByRole('listbox', { name: `Audit log of ${name}` });
  return {
    dialog,
    list,
    entries: list.getByRole('option'),
    count: dialog.getByRole('status'),
    search: dialog.getByRole('textbox', { name: 'Search the audit log' }),
    target: dialog.getByRole('combobox', { name: 'Target' }),
    actor: dialog.getByRole('textbox', { name: 'Actor' }),
    kind: (label: string) =>
      dialog.getByRole('group', { name: 'Kinds' }).getByRole('button', { name: label }),
    verify: dialog.getByRole('button', { name: 'Verify' }),
    exportButton: dialog.getByRole('button', { name: 'Export' }),
    close: dialog.getByRole('button', { name: 'Close', exact: true }),
    /**
     * Picks a user or group as the target filter, once the picker offers it. The unfiltered
     * entries stay on screen until the filtered ones arrive: wait for what the filter shows.
     */
    async pickTarget(targetName: string) {
      await this.target.fill(targetName);
      const choice = page.getByRole('listbox').getByRole('option', { name: targetName, exact: true });
      await expect(choice).toBeVisible();
      await choice.click();
    },
    /** Waits until every entry listed names `targetName` as its target, and answers how many there are. */
    async onlyTarget(targetName: string) {
      const names = () =>
        this.entries.evaluateAll((options) =>
          options.map((option) => option.getAttribute('aria-label') ?? ''),
        );
      await expect
        .poll(async () => {
          const shown = await names();
          return shown.length > 0 && shown.every((name) => name.includes(`, ${targetName} (`));
        })
        .toBe(true);
      return (await names()).length;
    },
  };
}

/** A diff table's row by its field label: its Before and After cells (one merged cell when unchanged). */
export function diffRow(details: Locator, field: string) {
  const row = details
    .getByRole('row')
    .filter({ has: details.page().getByRole('rowheader', { name: field, exact: true }) });
  return { row, cells: row.getByRole('cell') };
}

/** Reads a finished download's text. */
export async function downloadedText(page: Page, start: () => Promise<void>) {
  const downloading = page.waitForEvent('download');
  await start();
  const download = await downloading;
  expect(await download.failure()).toBeNull();
  return { name: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
}
