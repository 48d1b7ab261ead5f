import type { Browser, Page } from '@playwright/test';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  ADMIN_PASSWORD,
  adminTest as test,
  currentStep,
  expect,
  server,
  totpFor,
} from './fixtures';
import { expectNoHorizontalScroll, expectNoSeriousViolations, linkInMail } from './checks';

// Webhooks end to end (issue 12): the SPOC of Proefdorp points an endpoint at a receiver on
// this machine (global setup allows http and loopback with allow_http_webhooks), sees the
// secret once, sends a test event, and the receiver checks the signature as the recipe on the
// page says. Then the admin, who manages every endpoint, sees hers, connects the war room's own
// (a refused URL shown at the field first), rotates its secret, and deletes it on a phone.
// Runs after 01 (admin session); 08 does not give Femke an account, this spec does.

const SPOC_EMAIL = 'femke.fictief@proefdorp.example';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on 127.0.0.1 that keeps every request's headers and raw body. */
async function startReceiver(): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/warroom-hook`, received, server: receiver };
}

/** The receiver's side of the recipe: HMAC-SHA256 over timestamp "." body, compared in constant time. */
function signatureValid(secret: string, delivery: Received): boolean {
  const timestamp = String(delivery.headers['x-warroom-timestamp'] ?? '');
  const signature = String(delivery.headers['x-warroom-signature'] ?? '');
  const expected = `v1=${createHmac('sha256', secret).update(`${timestamp}.${delivery.body}`).digest('hex')}`;
  const a = Buffer.from(signature);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The admin invites Femke as SPOC of Proefdorp; she activates her account from the mail. */
async function signInSpoc(admin: Page, browser: Browser): Promise<Page> {
  await admin.goto('/admin/users');
  await admin.getByRole('button', { name: 'Iemand uitnodigen' }).click();
  const dialog = admin.getByRole('dialog', { name: 'Iemand uitnodigen' });
  await dialog.getByLabel('E-mailadres').fill(SPOC_EMAIL);
  await dialog.getByLabel('Naam').fill('Femke Fictief');
  await dialog.getByLabel('Rol').selectOption('spoc');
  await dialog.getByLabel('Organisatie').fill('Proefdorp');
  await dialog
    .getByRole('button', { name: /^Proefdorp/ })
    .first()
    .click();
  await dialog.getByRole('button', { name: 'Uitnodiging versturen' }).click();
  await expect(dialog.getByText(`De uitnodiging is verstuurd naar ${SPOC_EMAIL}.`)).toBeVisible();

  const context = await browser.newContext({ baseURL: server.url, locale: 'nl-BE' });
  const page = await context.newPage();
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
    page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Webhooks' }),
  ).toBeVisible();
  return page;
}

test('a SPOC connects a receiver, sees the secret once and the test event arrives signed', async ({
  page: admin,
  browser,
}) => {
  const receiver = await startReceiver();
  try {
    const spoc = await signInSpoc(admin, browser);
    await spoc
      .getByRole('navigation', { name: 'Hoofdmenu' })
      .getByRole('link', { name: 'Webhooks' })
      .click();
    await expect(spoc.getByRole('heading', { level: 1, name: 'Webhooks' })).toBeVisible();
    await expect(spoc.getByText('Er zijn nog geen webhooks.')).toBeVisible();
    await expect(
      spoc.getByRole('heading', { name: 'Hoe de ontvanger een levering controleert' }),
    ).toBeVisible();
    await expectNoSeriousViolations(spoc, 'empty webhooks page');

    // Create: a SPOC's endpoint is her own organisation's, so there is no organisation picker.
    await spoc.getByRole('button', { name: 'Nieuwe webhook' }).click();
    const form = spoc.getByRole('dialog', { name: 'Nieuwe webhook' });
    await expect(form.getByLabel('Organisatie')).toHaveCount(0);
    await form.getByLabel('Adres (URL)').fill(receiver.url);
    await form.getByLabel('Omschrijving (optioneel)').fill('Ticketing Proefdorp');
    await form.getByRole('button', { name: 'Opslaan' }).click();

    const secretDialog = spoc.getByRole('dialog', { name: 'Ondertekeningsgeheim' });
    await expect(secretDialog.getByText(/U ziet het hierna niet meer\./)).toBeVisible();
    const secret = await secretDialog.getByTestId('webhook-secret').inputValue();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    await expectNoSeriousViolations(spoc, 'secret dialog');
    await secretDialog.getByRole('button', { name: 'Ik heb het bewaard' }).click();
    await expect(secretDialog).toBeHidden();

    // Once: neither the page nor a reload shows the secret again.
    const item = spoc.getByRole('listitem').filter({
      has: spoc.getByRole('heading', { name: receiver.url }),
    });
    await expect(item.getByText('Ticketing Proefdorp')).toBeVisible();
    await expect(item.getByText(/^Proefdorp/)).toBeVisible();
    expect(await spoc.content()).not.toContain(secret);
    await spoc.reload();
    await expect(item).toBeVisible();
    expect(await spoc.content()).not.toContain(secret);

    // The test event reaches the receiver, signed as the recipe says.
    await item.getByRole('button', { name: /^Testbericht sturen/ }).click();
    const queued = item.getByText(/Het testbericht is onderweg \(levering \d+\)/);
    await expect(queued).toBeVisible();
    const deliveryId = /levering (\d+)/.exec((await queued.textContent()) ?? '')?.[1] ?? '';
    await expect
      .poll(() => receiver.received.length, { timeout: 60_000, message: 'the test delivery' })
      .toBeGreaterThan(0);
    const delivery = receiver.received[0];
    if (!delivery) throw new Error('no delivery');
    expect(delivery.headers['x-warroom-event']).toBe('webhook.test');
    expect(delivery.headers['x-warroom-delivery']).toBe(deliveryId);
    expect(delivery.headers['content-type']).toMatch(/^application\/json/);
    const timestamp = Number(delivery.headers['x-warroom-timestamp']);
    expect(Math.abs(Date.now() / 1000 - timestamp)).toBeLessThan(300);
    expect(signatureValid(secret, delivery)).toBe(true);
    expect(signatureValid(`${secret}x`, delivery)).toBe(false);
    expect(JSON.parse(delivery.body)).toMatchObject({ type: 'webhook.test' });

    // The page picks up the outcome by itself: the last success is no longer "nooit".
    await expect(item.getByText('nooit')).toHaveCount(1, { timeout: 30_000 });

    // Phone width: the list and the dialogs fit without sideways scrolling.
    await spoc.setViewportSize({ width: 360, height: 740 });
    await expect(item).toBeVisible();
    await expectNoHorizontalScroll(spoc);
    await expectNoSeriousViolations(spoc, 'webhooks page on a phone');
    await item.getByRole('button', { name: /^Wijzigen/ }).click();
    await expect(spoc.getByRole('dialog', { name: 'Webhook wijzigen' })).toBeVisible();
    await expectNoHorizontalScroll(spoc);
  } finally {
    receiver.server.close();
  }
});

test('the admin sees every endpoint, connects the war room, rotates its secret and deletes it on a phone', async ({
  page,
}) => {
  const receiver = await startReceiver();
  const url = `${receiver.url}/warroom`;
  try {
    await page.goto('/');
    await page
      .getByRole('navigation', { name: 'Hoofdmenu' })
      .getByRole('link', { name: 'Webhooks' })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Webhooks' })).toBeVisible();
    // The admin manages every organisation's endpoints: Femke's (the test above) is listed.
    const femkes = page.getByRole('listitem').filter({ hasText: 'Ticketing Proefdorp' });
    await expect(femkes.getByText(/^Proefdorp/)).toBeVisible();

    // Create: the admin chooses whose endpoint it is; the war room's own by default.
    await page.getByRole('button', { name: 'Nieuwe webhook' }).click();
    const form = page.getByRole('dialog', { name: 'Nieuwe webhook' });
    await expect(form.getByLabel('Van de war room zelf')).toBeChecked();
    await form.getByLabel('Van een organisatie').check();
    await expect(form.getByLabel('Organisatie', { exact: true })).toBeVisible();
    await form.getByLabel('Van de war room zelf').check();
    await expect(form.getByLabel('Organisatie', { exact: true })).toHaveCount(0);

    // The server refuses an address that is not http(s); the reason shows at the field.
    const address = form.getByLabel('Adres (URL)');
    await address.fill('ftp://siem.example.org/hook');
    await form.getByRole('button', { name: 'Opslaan' }).click();
    await expect(address).toHaveAttribute('aria-invalid', 'true');
    await expect(address).toHaveAccessibleDescription(/Het adres moet met https:\/\/ beginnen\./);
    await expectNoSeriousViolations(page, 'create dialog with a refused URL');

    await address.fill(url);
    await form.getByLabel('Omschrijving (optioneel)').fill('SIEM war room');
    await form.getByRole('button', { name: 'Opslaan' }).click();
    const secretDialog = page.getByRole('dialog', { name: 'Ondertekeningsgeheim' });
    const first = await secretDialog.getByTestId('webhook-secret').inputValue();
    expect(first.length).toBeGreaterThanOrEqual(32);
    await secretDialog.getByRole('button', { name: 'Ik heb het bewaard' }).click();
    await expect(secretDialog).toBeHidden();

    const item = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: url }) });
    await expect(item.getByText('War room', { exact: true })).toBeVisible();
    await expectNoSeriousViolations(page, 'webhooks page of the admin');

    // Rotation asks first, then shows the new secret once; deliveries are signed with it.
    await item.getByRole('button', { name: /^Nieuw geheim/ }).click();
    const confirm = page.getByRole('dialog', { name: 'Geheim vervangen?' });
    await expect(confirm.getByText(url, { exact: false })).toBeVisible();
    await confirm.getByRole('button', { name: 'Geheim vervangen' }).click();
    await expect(secretDialog.getByText(/is vervangen/)).toBeVisible();
    const second = await secretDialog.getByTestId('webhook-secret').inputValue();
    expect(second).not.toBe(first);
    await secretDialog.getByRole('button', { name: 'Ik heb het bewaard' }).click();

    await item.getByRole('button', { name: /^Testbericht sturen/ }).click();
    await expect(item.getByText(/Het testbericht is onderweg/)).toBeVisible();
    const fromWarRoom = (): Received[] =>
      receiver.received.filter((d) => d.path === '/warroom-hook/warroom');
    await expect
      .poll(() => fromWarRoom().length, { timeout: 60_000, message: 'the test delivery' })
      .toBeGreaterThan(0);
    const delivery = fromWarRoom()[0];
    if (!delivery) throw new Error('no delivery');
    expect(delivery.headers['x-warroom-event']).toBe('webhook.test');
    expect(signatureValid(second, delivery)).toBe(true);
    expect(signatureValid(first, delivery)).toBe(false);

    // On a phone: the list fits, and deleting asks first.
    await page.setViewportSize({ width: 360, height: 740 });
    await expect(item).toBeVisible();
    await expectNoHorizontalScroll(page);
    await expectNoSeriousViolations(page, 'webhooks page of the admin on a phone');
    await item.getByRole('button', { name: /^Verwijderen/ }).click();
    const remove = page.getByRole('dialog', { name: 'Webhook verwijderen?' });
    await expect(remove).toBeVisible();
    await expectNoHorizontalScroll(page);
    await remove.getByRole('button', { name: 'Annuleren' }).click();
    await expect(item).toBeVisible();
    await item.getByRole('button', { name: /^Verwijderen/ }).click();
    await remove.getByRole('button', { name: 'Webhook verwijderen' }).click();
    await expect(item).toHaveCount(0);
    await expect(femkes).toBeVisible();
  } finally {
    receiver.server.close();
  }
});
