import type { Page } from '@playwright/test';

import { adminTest as test, expect } from './fixtures';

/** The demo municipality; its name may carry an exercise suffix, e.g. "Oefenstad (OEFENING)". */
const OEFENSTAD = /^Oefenstad\b/;

test.use({ viewport: { width: 360, height: 740 } });

async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(overflow.scroll).toBeLessThanOrEqual(overflow.client);
}

test('directory and organisation pages fit a 360 px wide phone', async ({ page }) => {
  await page.goto('/directory');
  await expect(page.getByRole('heading', { level: 3 }).first()).toBeVisible();
  await expectNoHorizontalScroll(page);

  await page.goto('/directory?q=Oefenstad');
  await page.getByRole('link', { name: OEFENSTAD }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: OEFENSTAD })).toBeVisible();
  await expectNoHorizontalScroll(page);

  await page.getByRole('button', { name: 'Aanspreekpunt wijzigen' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectNoHorizontalScroll(page);
});
