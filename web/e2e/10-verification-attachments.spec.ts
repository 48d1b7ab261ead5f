import { adminTest as test, expect, server } from './fixtures';
import { expectNoSeriousViolations, linkInMail } from './checks';

// Contact verification and advisory attachments end to end (issue 12): the admin starts a
// round for Limburg, the SPOC of Proefdorp corrects her mobile on a phone from the link in her
// mail, and the round's board shows it; a draft advisory takes a PDF and refuses an HTML file.
// Runs after 01 (admin session).

const SPOC_EMAIL = 'femke.fictief@proefdorp.example';

test('a verification round: the SPOC corrects her mobile on a phone, the board shows it', async ({
  page: admin,
  browser,
}) => {
  await admin.goto('/');
  await admin
    .getByRole('navigation', { name: 'Hoofdmenu' })
    .getByRole('link', { name: 'Contactcontrole' })
    .click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Contactcontrole' })).toBeVisible();
  // The demo's past round is listed, marked as an exercise.
  const rounds = admin.getByRole('table', { name: 'Rondes' });
  await expect(rounds.getByRole('row')).toHaveCount(2);
  await expectNoSeriousViolations(admin, '/verification');

  await admin.getByLabel('Voor wie').selectOption({ label: 'Provincie Limburg' });
  await expect(
    admin.getByText(/^\d+ personen in \d+ organisaties krijgen een e-mail\.$/),
  ).toBeVisible();
  await admin.getByRole('button', { name: 'Ronde starten en e-mails versturen' }).click();
  // Starting opens the new round's board: Femke is the one contact of Limburg with an address.
  await expect(admin).toHaveURL(/\/verification\/\d+$/);
  const board = admin.url();
  const femke = admin.getByRole('row').filter({ hasText: 'Femke Fictief' });
  await expect(femke).toContainText('Openstaand');

  // The SPOC, on a phone, from the link in her mail.
  const link = await linkInMail(SPOC_EMAIL, /https?:\/\/\S+?\/verify\/[A-Za-z0-9_-]+/);
  const context = await browser.newContext({
    baseURL: server.url,
    locale: 'nl-BE',
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
  });
  const phone = await context.newPage();
  await phone.goto(link);
  await expect(
    phone.getByRole('heading', { level: 1, name: 'Uw contactgegevens bevestigen' }),
  ).toBeVisible();
  await expect(phone.getByText(/contactpersoon van Proefdorp/)).toBeVisible();
  await expectNoSeriousViolations(phone, '/verify/:token');
  await phone.getByRole('button', { name: 'Gegevens verbeteren' }).click();
  // A bad number is refused at the field, and nothing is confirmed.
  await phone.getByLabel('Gsm').fill('not a number');
  await phone.getByRole('button', { name: 'Verbeteringen opslaan en bevestigen' }).click();
  await expect(phone.getByText(/een e-mailadres of telefoonnummer is niet geldig/)).toBeVisible();
  await phone.getByLabel('Gsm').fill('+32 470 12 34 99');
  await phone.getByRole('button', { name: 'Verbeteringen opslaan en bevestigen' }).click();
  await expect(phone.getByText('Bedankt. Uw gegevens zijn bevestigd.')).toBeVisible();
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  // The link again: already confirmed, nothing to do.
  await phone.reload();
  await expect(phone.getByText(/Uw gegevens werden al bevestigd op/)).toBeVisible();
  await context.close();

  // The round's board: Femke corrected and confirmed; the list counts the new round.
  await admin.goto(board);
  await expect(admin.getByRole('heading', { level: 1 })).toContainText('Ronde van');
  await expect(femke).toContainText('Verbeterd en bevestigd');
  await expectNoSeriousViolations(admin, '/verification/:id');
  await admin.getByRole('link', { name: 'Contactcontrole' }).first().click();
  await expect(rounds.getByRole('row')).toHaveCount(3);
});

test('a draft advisory takes a PDF attachment and refuses an HTML file', async ({
  page: admin,
}) => {
  await admin.goto('/advisories/new');
  await expect(admin.getByRole('heading', { level: 1, name: 'Nieuw advies' })).toBeVisible();
  await expect(
    admin.getByText('Bewaar eerst het ontwerp om bijlagen toe te voegen.'),
  ).toBeVisible();
  await admin.getByLabel('Titel', { exact: true }).fill('Indicatoren van de VPN-aanval');
  await admin.getByLabel('Tekst (Markdown)', { exact: true }).fill('Zie de **bijlage**.');
  await admin.getByLabel('Organisatie toevoegen').fill('Proefdorp');
  await admin.getByRole('button', { name: /^Proefdorp \(OEFENING\)/ }).click();
  await admin.getByRole('button', { name: 'Ontwerp opslaan' }).click();
  await expect(admin).toHaveURL(/\/advisories\/\d+$/);
  const id = /\/advisories\/(\d+)$/.exec(admin.url())?.[1] ?? '';

  await admin.goto(`/advisories/${id}/edit`);
  const input = admin.getByLabel('Bestanden toevoegen');
  await input.setInputFiles({
    name: 'indicatoren.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
  });
  await expect(admin.getByRole('button', { name: 'indicatoren.pdf verwijderen' })).toBeVisible();
  // The client's type says PDF; the bytes say HTML: refused by content.
  await input.setInputFiles({
    name: 'lijst.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('<html><script>alert(1)</script></html>'),
  });
  await expect(admin.getByText(/^lijst\.pdf: /)).toBeVisible();
  await expect(admin.getByRole('button', { name: 'lijst.pdf verwijderen' })).toHaveCount(0);
  await expectNoSeriousViolations(admin, '/advisories/:id/edit');

  // The advisory's page lists the file as a download.
  await admin.goto(`/advisories/${id}`);
  const download = admin.getByRole('link', { name: /indicatoren\.pdf/ });
  await expect(download).toBeVisible();
  const [file] = await Promise.all([admin.waitForEvent('download'), download.click()]);
  expect(file.suggestedFilename()).toBe('indicatoren.pdf');
});
