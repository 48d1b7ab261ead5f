import type { Page } from '@playwright/test';

import { adminTest as test, expect } from './fixtures';

/** The demo municipality; its name may carry an exercise suffix, e.g. "Oefenstad (OEFENING)". */
const OEFENSTAD = /^Oefenstad\b/;

async function openOefenstad(page: Page): Promise<void> {
  await page.goto('/directory?q=Oefenstad');
  await page.getByRole('link', { name: OEFENSTAD }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: OEFENSTAD })).toBeVisible();
}

test('changing the SPOC of Oefenstad persists', async ({ page }) => {
  await openOefenstad(page);
  const url = page.url();
  const before = ((await page.getByTestId('spoc-name').textContent()) ?? '').trim();

  await page.getByRole('button', { name: 'Aanspreekpunt wijzigen' }).click();
  const dialog = page.getByRole('dialog', { name: 'Aanspreekpunt wijzigen' });
  const select = dialog.getByLabel('Aanspreekpunt (SPOC)');
  await expect(select).toBeFocused();
  const names = (await select.locator('option').allTextContents()).filter(
    (n) => n !== 'Geen aanspreekpunt' && n !== before,
  );
  expect(names.length).toBeGreaterThan(0);
  const chosen = names[0] ?? '';
  await select.selectOption({ label: chosen });
  await dialog.getByRole('button', { name: 'Opslaan' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('spoc-name')).toHaveText(chosen);

  await page.reload();
  await expect(page.getByTestId('spoc-name')).toHaveText(chosen);
  expect(page.url()).toBe(url);
});
