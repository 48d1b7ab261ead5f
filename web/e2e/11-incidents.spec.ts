import type { Browser, Page } from '@playwright/test';

import {
  ADMIN_PASSWORD,
  adminTest as test,
  currentStep,
  expect,
  server,
  totpFor,
} from './fixtures';
import { expectNoHorizontalScroll, expectNoSeriousViolations, linkInMail } from './checks';

// Incidents end to end (issue 13): a SPOC of Oefenstad declares an incident from a phone at
// night; the war room, whose list is already open, sees it arrive without a reload, opens it,
// moves it to triage and containment and marks the GDPR notification done with the
// authority's reference; then the SPOC notes an observation on the timeline from her phone, the
// war room's open page shows it without a reload, and the war room corrects it. Runs after 01 (admin session); its SPOC is its own, so that 09's
// account for Femke does not matter.

const SPOC_EMAIL = 'sanne.spoc@oefenstad.example';
const TITLE = 'Ransomware op de fileserver (e2e)';
const OBSERVATION = 'Losgeldbrief ook op de back-upserver gevonden <b>niet vet</b>';
const CORRECTED = 'Losgeldbrief op de back-upserver én op de NAS gevonden';

/** The admin invites a SPOC of Oefenstad, who activates the account on a phone. */
async function signInSpocOnPhone(admin: Page, browser: Browser): Promise<Page> {
  await admin.goto('/admin/users');
  await admin.getByRole('button', { name: 'Iemand uitnodigen' }).click();
  const dialog = admin.getByRole('dialog', { name: 'Iemand uitnodigen' });
  await dialog.getByLabel('E-mailadres').fill(SPOC_EMAIL);
  await dialog.getByLabel('Naam').fill('Sanne Smet');
  await dialog.getByLabel('Rol').selectOption('spoc');
  await dialog.getByLabel('Organisatie').fill('Oefenstad');
  await dialog
    .getByRole('button', { name: /^Oefenstad/ })
    .first()
    .click();
  await dialog.getByRole('button', { name: 'Uitnodiging versturen' }).click();
  await expect(dialog.getByText(`De uitnodiging is verstuurd naar ${SPOC_EMAIL}.`)).toBeVisible();

  const phone = await browser.newContext({
    baseURL: server.url,
    locale: 'nl-BE',
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await phone.newPage();
  await page.goto(await linkInMail(SPOC_EMAIL, /https?:\/\/\S+\/activate#token=[^\s"<>]+/));
  await page.getByLabel('Nieuw wachtwoord').fill(ADMIN_PASSWORD);
  await page.getByLabel('Herhaal het wachtwoord').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Wachtwoord instellen' }).click();
  const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '');
  await page.getByLabel('Code van zes cijfers').fill(totpFor(secret, currentStep()));
  await page.getByRole('button', { name: 'Bevestigen' }).click();
  await page.getByLabel('Ik heb de codes veilig bewaard').check();
  await page.getByRole('button', { name: 'Verder' }).click();
  await expect(
    page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Incidenten' }),
  ).toBeVisible();
  return page;
}

test('a SPOC declares on a phone; the war room sees it live, moves it on, notes the GDPR notification and corrects her timeline entry', async ({
  page: admin,
  browser,
}) => {
  const spoc = await signInSpocOnPhone(admin, browser);

  // The war room's list is open before the declaration.
  await admin.goto('/incidents');
  await expect(admin.getByRole('heading', { level: 1, name: 'Incidenten' })).toBeVisible();
  await expect(admin.getByRole('link', { name: TITLE })).toHaveCount(0);

  // The SPOC, on her phone: the essentials only, in well under a minute.
  const started = Date.now();
  await spoc
    .getByRole('navigation', { name: 'Hoofdmenu' })
    .getByRole('link', { name: 'Incidenten' })
    .click();
  await spoc.getByRole('link', { name: 'Incident melden' }).click();
  await expect(spoc.getByRole('heading', { level: 1, name: 'Incident melden' })).toBeVisible();
  await expect(spoc.getByTestId('own-organisation')).toContainText('Oefenstad');
  await expectNoHorizontalScroll(spoc);
  await expectNoSeriousViolations(spoc, '/incidents/new');
  await spoc.getByLabel('Korte titel').fill(TITLE);
  await spoc
    .getByLabel('Wat is er gebeurd')
    .fill('Alle bestanden versleuteld, losgeldbrief op elke pc.');
  // The written definition stands beside the level.
  const critical = spoc.getByRole('radio', { name: '1 · Kritiek' });
  await expect(critical).toHaveAccessibleDescription(/Essentiële diensten aan burgers/);
  await critical.check();
  await spoc.getByLabel('Lokale verantwoordelijke').fill('Sanne Smet');
  await spoc.getByLabel('Terugbelnummer').fill('+32 499 00 11 99');
  await spoc.getByLabel('Persoonsgegevens mogelijk getroffen').check();
  await spoc.getByRole('button', { name: 'Nu melden' }).click();
  await expect(spoc).toHaveURL(/\/incidents\/\d+$/);
  expect(Date.now() - started).toBeLessThan(60_000);
  const id = /\/incidents\/(\d+)$/.exec(spoc.url())?.[1] ?? '';
  await expect(spoc.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  await expect(spoc.getByText('TLP:AMBER', { exact: true })).toBeVisible();
  // 72 hours from now, counting down.
  await expect(spoc.getByTestId('gdpr_notification').getByRole('timer')).toHaveText(
    /^\s*Nog 2 d 23:5\d:\d\d$/,
  );
  await expectNoHorizontalScroll(spoc);
  await expectNoSeriousViolations(spoc, '/incidents/:id on a phone');

  // The war room's list shows it without a reload.
  const link = admin.getByRole('link', { name: TITLE });
  await expect(link).toBeVisible({ timeout: 2_000 });
  await expectNoSeriousViolations(admin, '/incidents');
  await link.click();
  await expect(admin).toHaveURL(new RegExp(`/incidents/${id}$`));
  await expect(admin.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();

  // Reported -> triage -> containment.
  const workflow = admin.getByRole('region', { name: 'Volgende stap' });
  await workflow.getByRole('button', { name: 'Triage starten' }).click();
  await expect(workflow.getByRole('button', { name: 'Triage starten' })).toHaveCount(0);
  await workflow.getByRole('button', { name: 'Inperking starten' }).click();
  await expect(workflow.getByRole('button', { name: 'Uitroeiing starten' })).toBeVisible();
  await expect(admin.locator('.page-header').getByText('Inperking', { exact: true })).toBeVisible();

  // The data protection authority was notified: done, with its reference.
  const gdpr = admin.getByTestId('gdpr_notification');
  await gdpr.getByLabel('Referentie van de GBA').fill('GBA-2026-0042');
  await gdpr.getByRole('button', { name: 'Markeren als gedaan' }).click();
  await expect(gdpr.getByText('Referentie: GBA-2026-0042')).toBeVisible();
  await expect(gdpr.getByText('Gedaan', { exact: true })).toBeVisible();
  await expect(gdpr.getByRole('timer')).toHaveCount(0);
  await expectNoSeriousViolations(admin, '/incidents/:id');

  // The SPOC's page follows too.
  await expect(
    spoc.getByTestId('gdpr_notification').getByText('Referentie: GBA-2026-0042'),
  ).toBeVisible();

  // The timeline: the SPOC notes an observation on her phone...
  const spocTimeline = spoc.getByRole('region', { name: 'Tijdlijn' });
  await expect(spocTimeline.getByText('Nog niets op de tijdlijn.')).toBeVisible();
  await spocTimeline.getByRole('button', { name: 'Item toevoegen' }).click();
  const form = spocTimeline.getByRole('form', { name: 'Nieuw item' });
  await form.getByLabel('Wat er gebeurde, beslist, gedaan of gezegd werd').fill(OBSERVATION);
  await expectNoHorizontalScroll(spoc);
  await expectNoSeriousViolations(spoc, '/incidents/:id timeline form on a phone');
  await form.getByRole('button', { name: 'Aan de tijdlijn toevoegen' }).click();
  await expect(spocTimeline.getByText(OBSERVATION, { exact: true })).toBeVisible();
  await expectNoHorizontalScroll(spoc);

  // ...the war room's open page shows it without a reload, as plain text...
  const timeline = admin.getByRole('region', { name: 'Tijdlijn' });
  const first = timeline.getByRole('listitem').filter({ hasText: OBSERVATION });
  await expect(first).toBeVisible({ timeout: 2_000 });
  await expect(first).toContainText('Vaststelling');
  await expect(first).toContainText('door Sanne Smet');
  await expect(first.locator('b')).toHaveCount(0);
  const entry = admin.locator(`#${(await first.getAttribute('id')) ?? 'missing'}`);

  // ...and the war room corrects it: a new entry that points at the first, which stays.
  await entry.getByRole('button', { name: 'Corrigeren' }).click();
  const correction = timeline.getByRole('form', { name: 'Een item corrigeren' });
  const text = correction.getByLabel('Wat er gebeurde, beslist, gedaan of gezegd werd');
  await expect(text).toHaveValue(OBSERVATION);
  await text.fill(CORRECTED);
  await correction.getByRole('button', { name: 'Correctie toevoegen' }).click();
  const fixed = timeline.getByRole('listitem').filter({ hasText: CORRECTED });
  await expect(fixed).toBeVisible();
  await expect(fixed.getByRole('link', { name: /^Corrigeert het item van/ })).toBeVisible();
  await expect(entry.getByText('Gecorrigeerd', { exact: true })).toBeVisible();
  await expect(entry.getByText(OBSERVATION, { exact: true })).toBeVisible();
  await expectNoSeriousViolations(admin, '/incidents/:id with its timeline');

  // The decision log holds neither; the SPOC's phone shows the correction too.
  await timeline.getByRole('button', { name: 'Beslissingslog' }).click();
  await expect(timeline.getByText('Nog geen beslissingen vastgelegd.')).toBeVisible();
  await expect(spocTimeline.getByRole('listitem').filter({ hasText: CORRECTED })).toBeVisible();
  await expectNoSeriousViolations(spoc, '/incidents/:id timeline on a phone');

  await spoc.context().close();
});
