import { adminTest, expect, test } from './fixtures';
import { expectNoSeriousViolations } from './checks';

/** The demo municipality; its name may carry an exercise suffix, e.g. "Oefenstad (OEFENING)". */
const OEFENSTAD = /^Oefenstad\b/;

test('pages without a session are accessible', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Aanmelden' })).toBeVisible();
  await expectNoSeriousViolations(page, '/login');

  await page.goto('/forgot');
  await expect(page.getByRole('heading', { name: 'Wachtwoord vergeten' })).toBeVisible();
  await expectNoSeriousViolations(page, '/forgot');

  await page.goto('/activate#token=not-a-real-token');
  await expect(page.getByRole('heading', { name: 'Link ongeldig' })).toBeVisible();
  await expectNoSeriousViolations(page, '/activate');
});

adminTest('signed-in pages and dialogs are accessible', async ({ page }) => {
  await page.goto('/directory');
  await expect(page.getByRole('heading', { level: 3 }).first()).toBeVisible();
  await expectNoSeriousViolations(page, '/directory');

  await page.goto('/directory?q=Oefenstad');
  await page.getByRole('link', { name: OEFENSTAD }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: OEFENSTAD })).toBeVisible();
  await expectNoSeriousViolations(page, '/organisations/:id');
  await page.getByRole('button', { name: 'Aanspreekpunt wijzigen' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectNoSeriousViolations(page, 'change-SPOC dialog');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Bewerken' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectNoSeriousViolations(page, 'edit-organisation dialog');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Contact toevoegen' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectNoSeriousViolations(page, 'add-contact dialog');
  await page.keyboard.press('Escape');

  await page.goto('/directory?q=Demo%20ICT');
  await page
    .getByRole('link', { name: /^Demo ICT\b/ })
    .first()
    .click();
  await expect(page.getByRole('region', { name: /Klanten/ })).toBeVisible();
  await expectNoSeriousViolations(page, "a provider's page");

  await page.goto('/imports');
  await expect(page.getByRole('heading', { level: 1, name: 'CSV importeren' })).toBeVisible();
  await expectNoSeriousViolations(page, '/imports');

  await page.goto('/admin/audit');
  await expect(page.getByRole('heading', { level: 1, name: 'Auditlog' })).toBeVisible();
  await expect(page.getByRole('listitem').first()).toBeVisible();
  await expectNoSeriousViolations(page, '/admin/audit');

  await page.goto('/admin/users');
  await expect(page.getByRole('heading', { level: 1, name: 'Accounts' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3 }).first()).toBeVisible();
  await expectNoSeriousViolations(page, '/admin/users');
  await page.getByRole('button', { name: 'Iemand uitnodigen' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectNoSeriousViolations(page, 'invite dialog');
  await page.keyboard.press('Escape');

  await page.goto('/account');
  await expect(page.getByRole('heading', { level: 1, name: 'Mijn account' })).toBeVisible();
  await expectNoSeriousViolations(page, '/account');

  await page.goto('/does-not-exist');
  await expect(page.getByRole('heading', { name: 'Pagina niet gevonden' })).toBeVisible();
  await expectNoSeriousViolations(page, 'not found');
});
