import { adminTest as test, expect } from './fixtures';

/** The demo municipality; its name may carry an exercise suffix, e.g. "Oefenstad (OEFENING)". */
const OEFENSTAD = /^Oefenstad\b/;

test('the admin invites a contact from the organisation page', async ({ page }) => {
  await page.goto('/directory?q=Oefenstad');
  await page.getByRole('link', { name: OEFENSTAD }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: OEFENSTAD })).toBeVisible();

  // The button's name is "Uitnodigen" and the person's name (read by screen readers).
  const invite = page.getByRole('button', { name: /^Uitnodigen\s*:/ }).first();
  await expect(invite).toBeVisible();
  const name = ((await invite.textContent()) ?? '').replace(/^Uitnodigen\s*:\s*/, '').trim();
  expect(name).not.toBe('');
  await invite.click();
  const dialog = page.getByRole('dialog', { name: `${name} uitnodigen` });
  await expect(dialog.getByLabel('Rol')).toBeFocused();
  await dialog.getByLabel('Rol').selectOption('member');
  await dialog.getByRole('button', { name: 'Opslaan' }).click();
  await expect(dialog).toBeHidden();

  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name }) });
  await expect(card.getByText('Uitgenodigd')).toBeVisible();
  await expect(card.getByRole('button', { name: /^Uitnodigen/ })).toHaveCount(0);

  // The users page shows the account linked to the person.
  await page.goto('/admin/users');
  await expect(page.getByRole('link', { name: `Contactpersoon: ${name}` })).toBeVisible();
});

test('the user chooses the language of the app and of their mails', async ({ page }) => {
  await page.goto('/account');
  const select = page.getByLabel('Voorkeurstaal');
  await select.selectOption('fr');
  await page.getByRole('button', { name: 'Taal opslaan' }).click();
  await expect(page.getByText('Votre langue a été enregistrée.')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');

  // Back to Dutch, the language the other tests speak.
  await page.getByLabel('Langue préférée').selectOption('nl');
  await page.getByRole('button', { name: 'Enregistrer la langue' }).click();
  await expect(page.getByText('Uw taal is opgeslagen.')).toBeVisible();
});
