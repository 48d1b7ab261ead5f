import {
  ADMIN_PASSWORD,
  currentStep,
  expect,
  server,
  test,
  totpFor,
  waitForStepAfter,
} from './fixtures';

test('the first admin sets a password, enrols TOTP, signs out and signs in again', async ({
  page,
}) => {
  await page.goto(`/activate#token=${encodeURIComponent(server.setupSecret)}`);
  await expect(page.getByRole('heading', { name: 'Eerste beheerder instellen' })).toBeVisible();
  await expect(page.getByText(server.adminEmail)).toBeVisible();

  await page.getByLabel('Nieuw wachtwoord').fill(ADMIN_PASSWORD);
  await page.getByLabel('Herhaal het wachtwoord').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Wachtwoord instellen' }).click();

  // Enrolment: the QR code is drawn and the secret is shown for manual entry.
  await expect(page.getByRole('heading', { name: 'Tweestapsverificatie instellen' })).toBeVisible();
  await expect(page.getByRole('img', { name: /QR-code/ })).toBeVisible();
  const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]+=*$/);

  const enrolStep = currentStep();
  await page.getByLabel('Code van zes cijfers').fill(totpFor(secret, enrolStep));
  await page.getByRole('button', { name: 'Bevestigen' }).click();

  const codes = page.getByRole('list', { name: 'Herstelcodes' }).getByRole('listitem');
  await expect(codes.first()).toBeVisible();
  expect(await codes.count()).toBeGreaterThanOrEqual(5);
  const continueButton = page.getByRole('button', { name: 'Verder' });
  await expect(continueButton).toBeDisabled();
  await page.getByLabel('Ik heb de codes veilig bewaard').check();
  await continueButton.click();

  await expect(page.getByRole('heading', { level: 1, name: 'Adresboek' })).toBeVisible();
  await page.getByRole('button', { name: 'Afmelden' }).click();
  await expect(page.getByRole('heading', { name: 'Aanmelden' })).toBeVisible();

  await page.getByLabel('E-mailadres').fill(server.adminEmail);
  await page.getByLabel('Wachtwoord').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await expect(page.getByRole('heading', { name: 'Tweede stap' })).toBeVisible();

  // A code is accepted once: wait for the next time step rather than reuse the enrolment code.
  await waitForStepAfter(page, enrolStep);
  await page.getByLabel('Code van zes cijfers').fill(totpFor(secret, currentStep()));
  await page.getByRole('button', { name: 'Bevestigen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Adresboek' })).toBeVisible();
  await expect(
    page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Accounts' }),
  ).toBeVisible();

  await page.context().storageState({ path: server.authFile });
});
