import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';

/** The impacts that fail a test: a screen-reader or keyboard user is blocked or misled. */
const FAILING = new Set(['serious', 'critical']);

/**
 * A finding that is not a fault. axe takes all the text inside an element as its visible text, and
 * an expanded tree item holds its child items: its own name ("Local, local instance") rightly leaves
 * theirs out, as the WAI-ARIA tree pattern has it. So that rule, and only on expanded tree items,
 * is set aside.
 */
const notAFault = (rule: string, html: string) =>
  rule === 'label-content-name-mismatch' && /^<li[^>]*role="treeitem"[^>]*aria-expanded="true"/.test(html);

/**
 * Runs axe-core over the page as it is now, attaches every finding to the report, and fails on
 * any serious or critical one, naming the rule and the elements.
 */
export async function expectAccessible(page: Page, testInfo: TestInfo, screen: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  await testInfo.attach(`axe ${screen}`, {
    body: JSON.stringify(violations, null, 2),
    contentType: 'application/json',
  });
  const failing = violations
    .filter((violation) => FAILING.has(violation.impact ?? ''))
    .map((violation) => ({
      ...violation,
      nodes: violation.nodes.filter((node) => !notAFault(violation.id, node.html)),
    }))
    .filter((violation) => violation.nodes.length > 0)
    .map(
      (violation) =>
        `${violation.impact} ${violation.id} (${violation.help}): ${violation.nodes
          .map((node) => `${node.target.join(' ')} ${node.html.slice(0, 160)} ${node.failureSummary ?? ''}`)
          .join(', ')}`,
    );
  // Soft: one run names every screen that fails, not only the first.
  expect.soft(failing, `axe-core on ${screen}`).toEqual([]);
}
