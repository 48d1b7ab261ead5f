import type { Browser, BrowserContext, Page } from '@playwright/test';

import {
  ADMIN_PASSWORD,
  adminTest as test,
  currentStep,
  expect,
  server,
  totpFor,
} from './fixtures';
import { expectNoSeriousViolations, linkInMail } from './checks';

// Advisories end to end (issue 12): an analyst writes, the admin approves (four eyes), the
// SPOC of Proefdorp acknowledges on a phone from the link in the mail, and the board, open in
// another browser, shows it within a second without a reload. Runs after 01 (admin session).

const ANALYST_EMAIL = 'analist.e2e@warroom.test';
const SPOC_EMAIL = 'femke.fictief@proefdorp.example';

async function newContext(browser: Browser, options = {}): Promise<BrowserContext> {
  return browser.newContext({ baseURL: server.url, locale: 'nl-BE', ...options });
}

/** Invites a war room analyst and signs them in through the mailed activation link. */
async function signInAnalyst(admin: Page, browser: Browser): Promise<Page> {
  await admin.goto('/admin/users');
  await admin.getByRole('button', { name: 'Iemand uitnodigen' }).click();
  const dialog = admin.getByRole('dialog', { name: 'Iemand uitnodigen' });
  await dialog.getByLabel('E-mailadres').fill(ANALYST_EMAIL);
  await dialog.getByLabel('Naam').fill('Ada Analist');
  await dialog.getByLabel('Rol').selectOption('warroom_analyst');
  await dialog.getByLabel('Organisatie').fill('Cyber Response');
  await dialog
    .getByRole('button', { name: /^Cyber Response Team/ })
    .first()
    .click();
  await dialog.getByRole('button', { name: 'Uitnodiging versturen' }).click();
  await expect(
    dialog.getByText(`De uitnodiging is verstuurd naar ${ANALYST_EMAIL}.`),
  ).toBeVisible();

  const activation = await linkInMail(ANALYST_EMAIL, /https?:\/\/\S+\/activate#token=[^\s"<>]+/);
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(activation);
  await page.getByLabel('Nieuw wachtwoord').fill(ADMIN_PASSWORD);
  await page.getByLabel('Herhaal het wachtwoord').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Wachtwoord instellen' }).click();
  const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '');
  await page.getByLabel('Code van zes cijfers').fill(totpFor(secret, currentStep()));
  await page.getByRole('button', { name: 'Bevestigen' }).click();
  await page.getByLabel('Ik heb de codes veilig bewaard').check();
  await page.getByRole('button', { name: 'Verder' }).click();
  await expect(
    page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Adviezen' }),
  ).toBeVisible();
  return page;
}

/** Fills title, body and one action point in the language tab that is open. */
async function fillLanguage(page: Page, title: string, body: string, point: string): Promise<void> {
  await page.getByLabel('Titel', { exact: true }).fill(title);
  await page.getByLabel('Tekst (Markdown)', { exact: true }).fill(body);
  await page.getByLabel('Actiepunt 1', { exact: true }).fill(point);
}

test('compose, approve with four eyes, acknowledge on a phone, see it live on the board', async ({
  page: admin,
  browser,
}) => {
  const analyst = await signInAnalyst(admin, browser);

  // The analyst writes the advisory for Proefdorp (03-spoc changes Oefenstad's SPOC).
  await analyst.goto('/advisories');
  await expect(analyst.getByRole('heading', { level: 1, name: 'Adviezen' })).toBeVisible();
  await expectNoSeriousViolations(analyst, '/advisories');
  await analyst.getByRole('link', { name: 'Nieuw advies' }).click();
  await expect(analyst.getByRole('heading', { level: 1, name: 'Nieuw advies' })).toBeVisible();
  await analyst.getByLabel('Ernst').selectOption('critical');
  await analyst.getByLabel('TLP').selectOption('amber');
  await analyst.getByLabel(/^Oefening/).check();
  await analyst.getByRole('button', { name: 'Actiepunt toevoegen' }).click();
  await fillLanguage(analyst, 'Kritiek lek in VPN', 'Patch **vandaag**.', 'VPN patchen');
  await analyst.getByRole('tab', { name: /Frans/ }).click();
  await fillLanguage(analyst, 'Faille VPN critique', 'Corrigez **aujourd’hui**.', 'Corriger');
  await analyst.getByRole('tab', { name: /Engels/ }).click();
  await fillLanguage(analyst, 'Critical VPN flaw', 'Patch **today**.', 'Patch the VPN');
  await expect(analyst.getByText('Alle talen volledig.')).toBeVisible();
  await analyst.getByLabel('Organisatie toevoegen').fill('Proefdorp');
  await analyst.getByRole('button', { name: /^Proefdorp \(OEFENING\)/ }).click();
  await expect(analyst.getByText('1 organisatie', { exact: true })).toBeVisible();
  await expectNoSeriousViolations(analyst, '/advisories/new');
  await analyst.getByRole('button', { name: 'Ontwerp opslaan' }).click();
  await expect(analyst).toHaveURL(/\/advisories\/\d+$/);
  const id = /\/advisories\/(\d+)$/.exec(analyst.url())?.[1] ?? '';

  // Four eyes: the author cannot approve, and is told why.
  const own = analyst.getByRole('button', { name: 'Goedkeuren en versturen' });
  await expect(own).toBeDisabled();
  await expect(
    analyst.getByText(/een ander lid van de war room moet het goedkeuren/),
  ).toBeVisible();
  await expectNoSeriousViolations(analyst, '/advisories/:id');

  // The admin approves; the board opens in the admin's browser.
  await admin.goto(`/advisories/${id}`);
  await expect(admin.getByText('OEFENING / EXERCICE / EXERCISE')).toBeVisible();
  await admin.getByRole('button', { name: 'Goedkeuren en versturen' }).click();
  await admin.getByRole('link', { name: 'Live-overzicht' }).click();
  await expect(admin.getByText(/0 van 1 bevestigd/)).toBeVisible();
  await expectNoSeriousViolations(admin, '/advisories/:id/board');

  // The SPOC opens the link from the mail on a phone and acknowledges.
  const ackUrl = await linkInMail(SPOC_EMAIL, /https?:\/\/\S+\/ack\/[A-Za-z0-9._~%-]+/);
  const phone = await newContext(browser, {
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const spoc = await phone.newPage();
  await spoc.goto(ackUrl);
  await expect(spoc.getByRole('heading', { level: 1, name: 'Kritiek lek in VPN' })).toBeVisible();
  await expect(spoc.getByText('TLP:AMBER')).toBeVisible();
  await expectNoSeriousViolations(spoc, '/ack/:token');
  const button = spoc.getByRole('button', { name: 'Bevestigen' });
  const box = await button.boundingBox();
  expect(box?.width ?? 0).toBeGreaterThan(200);
  await button.click();
  await expect(spoc.getByText(/^Bedankt\. Bevestigd door Femke Fictief/)).toBeVisible();

  // The board follows without a reload, within a second.
  await expect(admin.getByText(/1 van 1 bevestigd/)).toBeVisible({ timeout: 1_000 });
  await expect(admin.getByText(/Bevestigd door Femke Fictief .* via link/)).toBeVisible({
    timeout: 1_000,
  });

  // Opening the link again says who acknowledged and how.
  await spoc.reload();
  await expect(spoc.getByText(/^Al bevestigd door Femke Fictief .* via link\.$/)).toBeVisible();

  await admin.goto(`/advisories/${id}/call-list`);
  await expect(admin.getByRole('heading', { level: 1, name: /Belijst/ })).toBeVisible();
  await expectNoSeriousViolations(admin, '/advisories/:id/call-list');
  await admin.goto('/advisories/policies');
  await expect(admin.getByRole('heading', { level: 1, name: 'Escalatiebeleid' })).toBeVisible();
  await expectNoSeriousViolations(admin, '/advisories/policies');
  await admin.goto('/help-requests');
  await expect(admin.getByRole('heading', { level: 1, name: 'Hulpvragen' })).toBeVisible();
  await expectNoSeriousViolations(admin, '/help-requests');

  await analyst.context().close();
  await phone.close();
});

test('a tampered acknowledgement link gets a clear page', async ({ browser }) => {
  const context = await newContext(browser, { viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto('/ack/not-a-real-token');
  await expect(page.getByRole('heading', { name: 'Deze link is niet geldig' })).toBeVisible();
  await expectNoSeriousViolations(page, '/ack/tampered');
  await context.close();
});
