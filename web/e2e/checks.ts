import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

import { expect, server } from './fixtures';
import { mailsTo } from './smtp-sink';

// Checks and mail lookups that several specs share.

/** axe finds no serious or critical violation on the page as it is now. */
export async function expectNoSeriousViolations(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  expect(serious, label).toEqual([]);
}

/** The page is no wider than its viewport: nothing to scroll sideways on a phone. */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(overflow.scroll).toBeLessThanOrEqual(overflow.client);
}

/** The first match of `pattern` in the newest mail to `address` that has one (waits up to a minute). */
export async function linkInMail(address: string, pattern: RegExp): Promise<string> {
  let link = '';
  await expect
    .poll(
      () => {
        for (const mail of mailsTo(server.mailDir, address).reverse()) {
          const match = pattern.exec(mail);
          if (match) {
            link = match[0];
            return true;
          }
        }
        return false;
      },
      { timeout: 60_000, message: `a mail to ${address} with ${pattern}` },
    )
    .toBe(true);
  return link;
}
