import type { Locator, Page } from '@playwright/test';

import { adminTest as test, expect } from './fixtures';

/** The demo municipality; its name may carry an exercise suffix, e.g. "Oefenstad (OEFENING)". */
const OEFENSTAD = /^Oefenstad\b/;

/** Chooses the option whose label contains the text ("Limburg" or "Provincie Limburg"). */
async function selectByText(select: Locator, text: string): Promise<void> {
  const value = await select.locator('option', { hasText: text }).first().getAttribute('value');
  await select.selectOption(value ?? '');
}

async function search(page: Page, text: string): Promise<void> {
  const box = page.getByRole('searchbox', { name: 'Zoeken' });
  await box.fill(text);
  await box.press('Enter');
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(text)}`));
}

test('searching the directory: the exercise city, a real city in French, a NIS code', async ({
  page,
}) => {
  await page.goto('/directory');
  await expect(page.getByRole('heading', { level: 1, name: 'Adresboek' })).toBeVisible();
  await expect(page.getByRole('region', { name: /Bereikbaarheid/ })).toBeVisible();

  await search(page, 'Oefenstad');
  const oefenstad = page
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name: OEFENSTAD }) })
    .first();
  await expect(oefenstad).toBeVisible();
  await expect(oefenstad.getByText('OEFENING', { exact: true })).toBeVisible();

  await search(page, '99001');
  await expect(page.getByRole('link', { name: OEFENSTAD }).first()).toBeVisible();

  // The French name finds the real municipality (shown by its Dutch name in the Dutch interface).
  await search(page, 'Anvers');
  await expect(page.getByRole('link', { name: 'Antwerpen', exact: true }).first()).toBeVisible();

  // In French, the same municipality is shown by its French name.
  await page.getByLabel('Taal').selectOption('fr');
  await expect(page.getByRole('link', { name: 'Anvers', exact: true }).first()).toBeVisible();
  await page.getByLabel('Langue').selectOption('nl');
});

test('filtering the directory by province', async ({ page }) => {
  await page.goto('/directory');
  const province = page.getByLabel('Provincie');
  await expect(province.locator('option', { hasText: 'Limburg' })).toBeAttached();

  await search(page, 'Proefdorp');
  await selectByText(province, 'Limburg');
  await expect(page).toHaveURL(/province=\d{5}/);
  await expect(page.getByRole('link', { name: /^Proefdorp\b/ }).first()).toBeVisible();

  await selectByText(province, 'Antwerpen');
  await expect(page.getByText('Geen organisaties gevonden')).toBeVisible();

  await search(page, 'Oefenstad');
  await expect(page.getByRole('link', { name: OEFENSTAD }).first()).toBeVisible();
  await expect(province).toHaveValue(/\d{5}/);
});

test('the gap summary links apply the filter', async ({ page }) => {
  await page.goto('/directory');
  const summary = page.getByRole('region', { name: /Bereikbaarheid/ });
  await summary.getByRole('link', { name: /Geen aanspreekpunt/ }).click();
  await expect(page).toHaveURL(/gap=no_spoc/);
  await expect(page.getByLabel('Tekortkoming', { exact: true })).toHaveValue('no_spoc');
});
