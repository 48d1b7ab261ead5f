import { test, type Page } from '@playwright/test';
import { getResponse } from 'msw';

import { db, resetDb, signIn } from '../../src/testing/msw/db';
import { handlers } from '../../src/testing/msw/handlers';
import { auditEntries } from '../../src/testing/msw/handlers/audit';

const OUT = 'screenshots';

/** Answers the app's API calls with the MSW handlers and in-memory db of the unit tests. */
async function mockApi(page: Page): Promise<void> {
  await page.route('**/api/**', async (route) => {
    const r = route.request();
    const body = r.postDataBuffer();
    const request = new Request(r.url(), {
      method: r.method(),
      headers: await r.allHeaders(),
      body: body && r.method() !== 'GET' ? new Uint8Array(body) : undefined,
    });
    const response = await getResponse(handlers, request, { baseUrl: new URL(r.url()).origin });
    if (!response) {
      await route.fulfill({ status: 404, body: 'no mock' });
      return;
    }
    await route.fulfill({
      status: response.status,
      headers: Object.fromEntries([...response.headers]),
      body: Buffer.from(await response.arrayBuffer()),
    });
  });
}

const sizes = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 360, height: 740 },
];

for (const size of sizes) {
  test.describe(size.name, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test.beforeEach(async ({ page }) => {
      resetDb();
      await mockApi(page);
    });

    test('signed-out pages', async ({ page }) => {
      await page.goto('/login');
      await page.getByRole('heading', { name: 'Aanmelden' }).waitFor();
      await page.screenshot({ path: `${OUT}/${size.name}-login.png`, fullPage: true });
      await page.goto('/activate#token=setup-token');
      await page.getByRole('heading', { name: 'Eerste beheerder instellen' }).waitFor();
      await page.getByLabel('Nieuw wachtwoord').fill('Nachtvlinder');
      await page.screenshot({ path: `${OUT}/${size.name}-activate.png`, fullPage: true });
    });

    test('enrolment', async ({ page }) => {
      signIn(1, 'totp_enrolment');
      await page.goto('/enrol');
      await page.getByRole('img', { name: /QR-code/ }).waitFor();
      await page.screenshot({ path: `${OUT}/${size.name}-enrol.png`, fullPage: true });
      await page.getByLabel('Code van zes cijfers').fill(db.totpCode);
      await page.getByRole('button', { name: 'Bevestigen' }).click();
      await page.getByRole('heading', { name: 'Je herstelcodes' }).waitFor();
      await page.screenshot({ path: `${OUT}/${size.name}-recovery.png`, fullPage: true });
    });

    test('signed-in pages', async ({ page }) => {
      signIn(1, 'full');
      await page.goto('/directory');
      await page.getByRole('link', { name: 'Oefenstad' }).waitFor();
      await page.screenshot({ path: `${OUT}/${size.name}-directory.png`, fullPage: true });
      await page.goto('/organisations/1');
      await page.getByRole('heading', { level: 1, name: 'Oefenstad' }).waitFor();
      await page.getByText('Vlaams Gewest').waitFor();
      await page.screenshot({ path: `${OUT}/${size.name}-organisation.png`, fullPage: true });
      await page.getByRole('button', { name: 'Aanspreekpunt wijzigen' }).click();
      await page.getByRole('dialog').waitFor();
      await page.screenshot({ path: `${OUT}/${size.name}-spoc-dialog.png` });
      await page.goto('/admin/users');
      await page.getByRole('heading', { level: 3, name: 'Ann Voorbeeld' }).waitFor();
      await page.screenshot({ path: `${OUT}/${size.name}-users.png`, fullPage: true });
      await page.getByRole('button', { name: 'Iemand uitnodigen' }).click();
      await page.getByRole('dialog').waitFor();
      await page.screenshot({ path: `${OUT}/${size.name}-invite.png` });
      await page.goto('/account');
      await page.getByText('sweep on log server', { exact: true }).waitFor();
      await page.screenshot({ path: `${OUT}/${size.name}-account.png`, fullPage: true });
    });

    test('directory editing, import and audit log', async ({ page }) => {
      signIn(1, 'full');
      db.audit = auditEntries(8);
      await page.goto('/organisations/4');
      await page.getByRole('heading', { level: 1, name: 'Demo ICT NV' }).waitFor();
      await page.getByRole('link', { name: '+32 499 00 11 01' }).waitFor();
      await page.screenshot({ path: `${OUT}/${size.name}-provider.png`, fullPage: true });
      await page.goto('/organisations/1');
      await page.getByText('Vlaams Gewest').waitFor();
      await page.getByRole('button', { name: 'Bewerken' }).click();
      await page.getByRole('dialog').waitFor();
      await page.screenshot({ path: `${OUT}/${size.name}-edit-organisation.png` });
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Contact toevoegen' }).click();
      await page.getByRole('dialog').waitFor();
      await page.screenshot({ path: `${OUT}/${size.name}-add-person.png` });
      await page.keyboard.press('Escape');
      await page.goto('/imports');
      await page.getByLabel('Contactpersonen').check();
      await page.getByLabel('CSV-bestand').setInputFiles({
        name: 'people.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('organisation_nis,full_name\n99001,Ann\n99001,\n99002,\n'),
      });
      await page.getByRole('button', { name: 'Importeren', exact: true }).click();
      await page.getByRole('table').waitFor();
      await page.screenshot({ path: `${OUT}/${size.name}-import.png`, fullPage: true });
      await page.goto('/admin/audit');
      await page.getByText('person.update').waitFor();
      await page.getByText('1 veld gewijzigd').first().click();
      await page.screenshot({ path: `${OUT}/${size.name}-audit.png`, fullPage: true });
      await page.goto('/directory?region=02000');
      await page.getByTestId('result-count').waitFor();
      await page.screenshot({ path: `${OUT}/${size.name}-directory-flanders.png`, fullPage: true });
    });

    test('a SPOC starts at her organisation', async ({ page }) => {
      signIn(2, 'full');
      await page.goto('/');
      await page.getByRole('heading', { level: 1, name: 'Oefenstad' }).waitFor();
      await page.screenshot({ path: `${OUT}/${size.name}-spoc-home.png`, fullPage: true });
    });
  });
}
