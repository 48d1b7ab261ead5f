import { adminTest as test, expect } from './fixtures';

const PROEFDORP = /^Proefdorp\b/;

test("a provider's page lists each customer once, with the SPOC's phone to tap", async ({
  page,
}) => {
  await page.goto('/directory?q=Fictief%20Hosting');
  await page
    .getByRole('link', { name: /^Fictief Hosting\b/ })
    .first()
    .click();
  const customers = page.getByRole('region', { name: /Klanten/ });
  await expect(customers).toBeVisible();
  // Oefenstad receives two services from this provider, and is listed once.
  await expect(customers.getByRole('link', { name: /^Oefenstad\b/ })).toHaveCount(1);
  const proefdorp = customers
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name: PROEFDORP }) })
    .first();
  await expect(proefdorp.getByText('Femke Fictief')).toBeVisible();
  await expect(proefdorp.getByRole('link', { name: '+32 11 00 20 01' })).toHaveAttribute(
    'href',
    'tel:+3211002001',
  );
});

test('adding a contact to Proefdorp persists, its mobile shown readably', async ({ page }) => {
  await page.goto('/directory?q=Proefdorp');
  await page.getByRole('link', { name: PROEFDORP }).first().click();
  await page.getByRole('button', { name: 'Contact toevoegen' }).click();
  const dialog = page.getByRole('dialog', { name: 'Contact toevoegen' });
  await dialog.getByLabel('Volledige naam').fill('Eline Endtoend');
  await dialog.getByLabel('Gsm').fill('0499 00 99 01');
  await dialog.getByRole('button', { name: 'Opslaan' }).click();
  await expect(dialog).toBeHidden();
  await page.reload();
  const card = page
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: 'Eline Endtoend' }) });
  await expect(card.getByRole('link', { name: '+32 499 00 99 01' })).toHaveAttribute(
    'href',
    'tel:+32499009901',
  );
});

test('an unknown organisation in the address bar is "not found"', async ({ page }) => {
  for (const id of ['999999999', 'abc']) {
    await page.goto(`/organisations/${id}`);
    await expect(page.getByText('Dit bestaat niet, of je hebt er geen toegang toe.')).toBeVisible();
    await expect(page.getByText(/niet bereikbaar/)).toHaveCount(0);
  }
});
